package org.popgate.gateway.feeds;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.popgate.crypto.ca.CertificateRequests;
import org.popgate.crypto.ca.CertificateUse;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.gateway.members.MemberCas;

/**
 * The gateway's own encryption key for inbound feeds: departments encrypt their packages to its certificate
 * (INTL, issued by the gateway's member CA on first start and kept in the key store).
 */
public final class FeedKeys {

    static final String ALIAS = "feeds-encryption-intl";

    private final PrivateKey key;
    private final X509Certificate certificate;

    FeedKeys(GatewayKeyStore keys, MemberCas cas, String gatewayMember) {
        if (keys.certificate(ALIAS) == null) {
            KeyPair pair = CryptoSuite.INTL.generateKeyPair();
            X509Certificate issued = cas.tls().issue(CertificateRequests.create(CryptoSuite.INTL, gatewayMember, pair),
                    CertificateUse.ENCRYPTION, Duration.ofDays(730));
            keys.storeKeyPair(ALIAS, pair.getPrivate(), issued, cas.tls().certificate());
            keys.save();
        }
        this.key = keys.privateKey(ALIAS);
        this.certificate = keys.certificate(ALIAS);
    }

    PrivateKey key() {
        return key;
    }

    /** The certificate departments encrypt their feed packages to. */
    public X509Certificate certificate() {
        return certificate;
    }
}
