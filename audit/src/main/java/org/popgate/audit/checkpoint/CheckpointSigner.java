package org.popgate.audit.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.AuditSuite;

/** Signs checkpoints as C2SP signed notes with the gateway's audit key (P-256 for INTL, SM2 for GM). */
public final class CheckpointSigner {

    private final AuditSuite suite;
    private final String keyName;
    private final PrivateKey privateKey;
    private final int keyId;

    /** {@code keyName} is the note key name, conventionally the log's origin. */
    public CheckpointSigner(AuditSuite suite, String keyName, PrivateKey privateKey, PublicKey publicKey) {
        CheckpointVerifier.checkKeyName(keyName);
        this.suite = suite;
        this.keyName = keyName;
        this.privateKey = privateKey;
        this.keyId = NoteKey.keyId(suite, keyName, publicKey);
    }

    public AuditSuite suite() {
        return suite;
    }

    public String keyName() {
        return keyName;
    }

    /** The signed note: body, blank line, one signature line. */
    public SignedCheckpoint sign(Checkpoint checkpoint) {
        try {
            Signature s = Signature.getInstance(suite.signatureAlgorithm(), AuditSuite.bc());
            s.initSign(privateKey);
            s.update(checkpoint.body().getBytes(StandardCharsets.UTF_8));
            byte[] sig = s.sign();
            byte[] blob = ByteBuffer.allocate(4 + sig.length).putInt(keyId).put(sig).array();
            String note = checkpoint.body() + "\n\u2014 " + keyName + " " + Base64.getEncoder().encodeToString(blob) + "\n";
            return new SignedCheckpoint(checkpoint, note);
        } catch (GeneralSecurityException e) {
            throw new AuditException(AuditErrorCode.KEY_UNSUPPORTED, "cannot sign checkpoint with the audit key", e);
        }
    }
}
