package org.popgate.gateway.witness;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.regex.Pattern;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.crypto.BouncyCastle;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The peers' audit keys, as imported from their signed trust lists ({@code migrant_peer_certificate}, use
 * {@code AUDIT}; the CA's signature over the list vouches for them). A peer is known by its gateway member name,
 * which is also the origin of its checkpoints.
 */
class PeerAuditKeys {

    /** What a peer's member name may look like (it names a directory of the witness store). */
    static final Pattern NAME = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._-]{0,63}");

    private final JdbcClient jdbc;

    PeerAuditKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<X509Certificate> certificate(String peer) {
        if (peer == null || !NAME.matcher(peer).matches() || peer.contains("..")) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT der FROM migrant_peer_certificate WHERE office = ? AND cert_use = 'AUDIT'")
                .param(peer).query(byte[].class).optional().map(PeerAuditKeys::parse);
    }

    /** A verifier of {@code peer}'s checkpoint notes (origin and key name are the peer's member name). */
    Optional<CheckpointVerifier> verifier(String peer) {
        return certificate(peer).map(c -> new CheckpointVerifier(suiteOf(c), peer, peer, c.getPublicKey()));
    }

    /** SM2 certificates (signed with SM3withSM2) belong to GM gateways, the rest to INTL ones. */
    static AuditSuite suiteOf(X509Certificate certificate) {
        return certificate.getSigAlgName().toUpperCase(java.util.Locale.ROOT).contains("SM3") ? AuditSuite.GM : AuditSuite.INTL;
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509", BouncyCastle.provider()).generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("stored peer audit certificate unreadable", e);
        }
    }
}
