package org.popgate.gateway.members;

import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import org.popgate.crypto.ca.MemberCa;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.suite.CryptoSuite;

/**
 * The gateway's two member CAs (INTL and GM), keys in the key store, revocations replayed from the database
 * at start so the published revocation lists survive a restart. TLS certificates always come from INTL.
 */
public final class MemberCas {

    private final MemberCa intl;
    private final MemberCa gm;

    MemberCas(GatewayKeyStore keys, String gatewayName, Clock clock, List<IssuedCertificate> revoked) {
        this.intl = MemberCa.openOrCreate(keys, CryptoSuite.INTL, gatewayName, clock);
        this.gm = MemberCa.openOrCreate(keys, CryptoSuite.gm(), gatewayName, clock);
        for (IssuedCertificate c : revoked) {
            forSuite(c.suite()).revoke(new BigInteger(c.serial(), 16));
        }
    }

    /** The CA of {@code suite} (INTL or GM): it issues members' signing and encryption certificates. */
    public MemberCa forSuite(String suite) {
        return "GM".equals(suite) ? gm : intl;
    }

    /** The CA that issues member TLS certificates: the trust anchor of the mTLS listener. */
    public MemberCa tls() {
        return intl;
    }

    /** Both CAs: the trust anchors for packages signed by members. */
    public List<MemberCa> all() {
        return List.of(intl, gm);
    }
}
