package org.popgate.gateway.pulls;

import java.security.KeyPair;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import org.popgate.crypto.ca.CertificateRequests;
import org.popgate.crypto.ca.CertificateUse;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.gateway.members.MemberCas;

/**
 * The gateway's own package-signing key per suite, certified by that suite's member CA under the gateway's member
 * name, so a department's tool (which trusts the CA) verifies the sender. Generated into the key store on first use.
 */
final class PackageSigning {

    private static final Duration VALIDITY = Duration.ofDays(3650);

    private final GatewayKeyStore keys;
    private final MemberCas cas;
    private final String gateway;

    PackageSigning(GatewayKeyStore keys, MemberCas cas, String gateway) {
        this.keys = keys;
        this.cas = cas;
        this.gateway = gateway;
    }

    /** The gateway's member name: the sender of every package. */
    String gateway() {
        return gateway;
    }

    /** The signing key and certificate of {@code suite}. */
    Key forSuite(CryptoSuite suite) {
        String alias = "package-signing-" + suite.name().toLowerCase(Locale.ROOT);
        synchronized (keys) {
            try {
                if (!keys.keyStore().containsAlias(alias)) {
                    KeyPair pair = suite.generateKeyPair();
                    X509Certificate certificate = cas.forSuite(suite.name()).issue(
                            CertificateRequests.create(suite, gateway, pair), CertificateUse.SIGNING, VALIDITY);
                    keys.storeKeyPair(alias, pair.getPrivate(), certificate);
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot create the package signing key", e);
            }
            return new Key(keys.privateKey(alias), keys.certificate(alias));
        }
    }

    record Key(PrivateKey privateKey, X509Certificate certificate) {}
}
