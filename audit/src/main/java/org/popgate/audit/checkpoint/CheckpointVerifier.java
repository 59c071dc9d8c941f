package org.popgate.audit.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.AuditSuite;

/**
 * Verifies signed checkpoint notes against the audit public key, per C2SP signed-note: signatures of
 * unknown keys are ignored, a failing signature of the known key rejects the note, and at least one
 * must verify.
 */
public final class CheckpointVerifier {

    private static final String DASH = "\u2014 ";
    private static final int MAX_NOTE = 16_000;

    private final AuditSuite suite;
    private final String origin;
    private final String keyName;
    private final PublicKey publicKey;
    private final int keyId;

    public CheckpointVerifier(AuditSuite suite, String origin, String keyName, PublicKey publicKey) {
        checkKeyName(keyName);
        this.suite = suite;
        this.origin = origin;
        this.keyName = keyName;
        this.publicKey = publicKey;
        this.keyId = NoteKey.keyId(suite, keyName, publicKey);
    }

    public static CheckpointVerifier of(AuditSuite suite, String origin, X509Certificate certificate) {
        return new CheckpointVerifier(suite, origin, origin, certificate.getPublicKey());
    }

    public AuditSuite suite() {
        return suite;
    }

    public String origin() {
        return origin;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** Verifies the note and parses its checkpoint; throws {@code audit_signature_invalid} or {@code audit_checkpoint_invalid}. */
    public SignedCheckpoint verify(String note) {
        if (note == null || note.length() > MAX_NOTE || !note.endsWith("\n")) {
            throw bad(AuditErrorCode.CHECKPOINT_INVALID, "note missing, too long or not newline-terminated");
        }
        for (int i = 0; i < note.length(); i++) {
            char c = note.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw bad(AuditErrorCode.CHECKPOINT_INVALID, "note contains a control character");
            }
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw bad(AuditErrorCode.CHECKPOINT_INVALID, "note has no signature block");
        }
        String body = note.substring(0, split + 1);
        String[] sigLines = note.substring(split + 2, note.length() - 1).split("\n", -1);
        boolean verified = false;
        for (String line : sigLines) {
            if (!line.startsWith(DASH)) {
                throw bad(AuditErrorCode.CHECKPOINT_INVALID, "malformed signature line");
            }
            String[] parts = line.substring(DASH.length()).split(" ", -1);
            if (parts.length != 2) {
                throw bad(AuditErrorCode.CHECKPOINT_INVALID, "malformed signature line");
            }
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(parts[1]);
            } catch (IllegalArgumentException e) {
                throw bad(AuditErrorCode.CHECKPOINT_INVALID, "signature is not base64");
            }
            if (blob.length < 5) {
                throw bad(AuditErrorCode.CHECKPOINT_INVALID, "signature too short");
            }
            if (!parts[0].equals(keyName) || ByteBuffer.wrap(blob).getInt() != keyId) {
                continue;
            }
            if (!signatureValid(body, Arrays.copyOfRange(blob, 4, blob.length))) {
                throw bad(AuditErrorCode.SIGNATURE_INVALID, "checkpoint signature does not verify");
            }
            verified = true;
        }
        if (!verified) {
            throw bad(AuditErrorCode.SIGNATURE_INVALID, "no signature by the audit key");
        }
        Checkpoint cp = Checkpoint.parse(body);
        if (!cp.origin().equals(origin)) {
            throw bad(AuditErrorCode.CHECKPOINT_INVALID, "checkpoint is for another log");
        }
        return new SignedCheckpoint(cp, note);
    }

    private boolean signatureValid(String body, byte[] sig) {
        try {
            Signature s = Signature.getInstance(suite.signatureAlgorithm(), AuditSuite.bc());
            s.initVerify(publicKey);
            s.update(body.getBytes(StandardCharsets.UTF_8));
            return s.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    static void checkKeyName(String keyName) {
        if (keyName == null || keyName.isEmpty() || keyName.chars().anyMatch(c -> Character.isWhitespace(c) || c == '+')) {
            throw new AuditException(AuditErrorCode.CHECKPOINT_INVALID, "key name must be non-empty without spaces or '+'");
        }
    }

    private static AuditException bad(AuditErrorCode code, String why) {
        return new AuditException(code, why);
    }
}
