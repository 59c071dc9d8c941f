package org.popgate.gateway.console.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.popgate.audit.AuditException;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.audit.checkpoint.SignedCheckpoint;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.log.LoggedEvent;
import org.popgate.audit.store.AuditQuery;
import org.popgate.audit.witness.Witness;
import org.springframework.stereotype.Service;

/**
 * The audit log's integrity at a glance: the alarm, the log's size, the latest signed checkpoint, each witness's
 * latest checkpoint and whether it agrees with the log (its root equals the log's root at that size), and the
 * latest full verification (the newest verification_run event).
 */
@Service
class IntegrityStatus {

    private final AuditLog auditLog;
    private final CheckpointVerifier verifier;
    private final List<Witness> witnesses;

    IntegrityStatus(AuditLog auditLog, CheckpointVerifier verifier, List<Witness> witnesses) {
        this.auditLog = auditLog;
        this.verifier = verifier;
        this.witnesses = witnesses;
    }

    View now() {
        long size = auditLog.head().size();
        String alarm = auditLog.alarm().current().map(r -> r.code().code()).orElse(null);
        Checkpoint latest = auditLog.store().latestCheckpoint()
                .map(c -> new Checkpoint(c.treeSize(), EventRow.TIME.format(c.signedAt()), shortHex(c.rootHash()),
                        c.timestampToken() != null))
                .orElse(null);
        List<WitnessView> seen = new ArrayList<>();
        for (Witness w : witnesses) {
            seen.add(w.latest().map(note -> agreement(w.name(), note, size))
                    .orElse(new WitnessView(w.name(), null, false)));
        }
        return new View(alarm, size, latest, seen, lastVerification());
    }

    private WitnessView agreement(String name, String note, long size) {
        try {
            SignedCheckpoint cp = verifier.verify(note);
            boolean agrees = cp.size() <= size && Arrays.equals(cp.root(), auditLog.rootAt(cp.size()));
            return new WitnessView(name, cp.size(), agrees);
        } catch (AuditException | IllegalArgumentException e) {
            return new WitnessView(name, null, false);
        }
    }

    private Verification lastVerification() {
        LoggedEvent last = null;
        long after = -1;
        while (true) {
            List<LoggedEvent> page = auditLog.query(AuditQuery.all().ofTypes(Set.of(EventType.VERIFICATION_RUN))
                    .page(after, 1000));
            if (page.isEmpty()) {
                break;
            }
            last = page.get(page.size() - 1);
            after = last.seq();
        }
        if (last == null) {
            return null;
        }
        AuditEvent e = last.event();
        return new Verification(EventRow.TIME.format(e.occurredAt()), e.outcome() == Outcome.SUCCEEDED,
                e.recordCount() == null ? 0 : e.recordCount(), e.reason());
    }

    private static String shortHex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes, 0, Math.min(8, bytes.length));
    }

    record View(String alarm, long logSize, Checkpoint latestCheckpoint, List<WitnessView> witnesses,
            Verification lastVerification) {}

    record Checkpoint(long size, String signedAt, String root, boolean timestamped) {}

    /** A witness and the size of the latest checkpoint it holds (null: none or unreadable). */
    record WitnessView(String name, Long size, boolean agrees) {}

    record Verification(String at, boolean ok, long size, String problem) {}
}
