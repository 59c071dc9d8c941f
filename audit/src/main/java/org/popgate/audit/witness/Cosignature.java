package org.popgate.audit.witness;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.checkpoint.Checkpoint;

/**
 * A witness's signed acknowledgement of another log's checkpoint: "witness {@code witness} saw this checkpoint at
 * {@code time} and found it consistent with everything it saw before". Modelled on C2SP tlog-cosignature/v1, whose
 * signed message is {@code cosignature/v1\ntime <seconds>\n} followed by the checkpoint body; C2SP defines it for
 * Ed25519 only, while gateways sign with their audit keys (ECDSA P-256 or SM2), so the message starts with
 * {@code popgate-cosignature/v1} and names the witness, and the signature is the audit suite's (ASN.1 DER).
 */
public record Cosignature(String witness, Instant time, byte[] signature) {

    static final String HEADER = "popgate-cosignature/v1";

    public Cosignature {
        if (witness == null || witness.isEmpty() || witness.chars().anyMatch(c -> c <= 0x20 || c == '+')) {
            throw new AuditException(AuditErrorCode.CHECKPOINT_INVALID, "witness name must be non-empty without spaces or '+'");
        }
        time = Instant.ofEpochSecond(time.getEpochSecond());
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The bytes a cosignature covers. */
    static byte[] message(String witness, Instant time, Checkpoint checkpoint) {
        return (HEADER + "\nwitness " + witness + "\ntime " + time.getEpochSecond() + "\n" + checkpoint.body())
                .getBytes(StandardCharsets.UTF_8);
    }

    /** {@code witness} cosigns {@code checkpoint} with its audit key. */
    public static Cosignature sign(AuditSuite suite, String witness, PrivateKey key, Checkpoint checkpoint, Instant time) {
        Instant at = Instant.ofEpochSecond(time.getEpochSecond());
        try {
            Signature s = Signature.getInstance(suite.signatureAlgorithm(), AuditSuite.bc());
            s.initSign(key);
            s.update(message(witness, at, checkpoint));
            return new Cosignature(witness, at, s.sign());
        } catch (GeneralSecurityException e) {
            throw new AuditException(AuditErrorCode.KEY_UNSUPPORTED, "cannot cosign with the audit key", e);
        }
    }

    /** Whether this is the witness's signature, under {@code witnessKey}, over {@code checkpoint}. */
    public boolean verifies(AuditSuite suite, PublicKey witnessKey, Checkpoint checkpoint) {
        try {
            Signature s = Signature.getInstance(suite.signatureAlgorithm(), AuditSuite.bc());
            s.initVerify(witnessKey);
            s.update(message(witness, time, checkpoint));
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** One line: witness name, time in seconds, base64 signature, separated by spaces. */
    public String encode() {
        return witness + " " + time.getEpochSecond() + " " + Base64.getEncoder().encodeToString(signature);
    }

    /** Parses {@link #encode()}; throws {@code audit_checkpoint_invalid} on anything else. */
    public static Cosignature parse(String line) {
        String[] parts = line == null ? new String[0] : line.split(" ", -1);
        if (parts.length != 3) {
            throw new AuditException(AuditErrorCode.CHECKPOINT_INVALID, "malformed cosignature");
        }
        try {
            return new Cosignature(parts[0], Instant.ofEpochSecond(Long.parseLong(parts[1])),
                    Base64.getDecoder().decode(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new AuditException(AuditErrorCode.CHECKPOINT_INVALID, "malformed cosignature");
        }
    }
}
