package org.popgate.gateway.audit;

import java.io.Writer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.audit.export.AuditExport;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.log.Checkpointer;
import org.popgate.audit.store.StoredCheckpoint;
import org.springframework.stereotype.Component;

/**
 * Evidence for auditors: an {@link AuditExport} of chosen events (with their subject indexes) that the
 * offline verifier in {@code tools/} checks without the gateway. When the newest checkpoint does not yet
 * cover an event, one is signed first, so an export never waits for the checkpoint rhythm.
 */
@Component
public class AuditEvidence {

    private final AuditLog auditLog;
    private final Checkpointer checkpointer;
    private final CheckpointVerifier verifier;
    private final AuditKeys.Signing signing;

    AuditEvidence(AuditLog auditLog, Checkpointer checkpointer, CheckpointVerifier verifier, AuditKeys.Signing signing) {
        this.auditLog = auditLog;
        this.checkpointer = checkpointer;
        this.verifier = verifier;
        this.signing = signing;
    }

    /** Writes the export of these events (by sequence number) to {@code out}. */
    public void export(Collection<Long> seqs, Writer out) {
        long highest = seqs.stream().mapToLong(Long::longValue).max().orElse(-1);
        long covered = auditLog.store().latestCheckpoint().map(StoredCheckpoint::treeSize).orElse(0L);
        if (highest >= covered) {
            checkpointer.checkpoint();
        }
        AuditExport.write(auditLog, verifier, signing.certificate(), List.copyOf(seqs), true, out);
    }

    /** Hex SHA-256 of the audit certificate: what the offline verifier prints and auditors compare. */
    public String certificateFingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(signing.certificate().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("audit certificate cannot be encoded", e);
        }
    }
}
