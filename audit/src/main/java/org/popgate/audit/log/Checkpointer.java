package org.popgate.audit.log;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.checkpoint.Checkpoint;
import org.popgate.audit.checkpoint.CheckpointPolicy;
import org.popgate.audit.checkpoint.CheckpointSigner;
import org.popgate.audit.checkpoint.SignedCheckpoint;
import org.popgate.audit.checkpoint.TimestampAuthority;
import org.popgate.audit.checkpoint.Timestamps;
import org.popgate.audit.merkle.TreeHead;
import org.popgate.audit.store.StoredCheckpoint;
import org.popgate.audit.witness.Witness;

/**
 * Signs, stores and publishes checkpoints of an {@link AuditLog}. The gateway calls
 * {@link #checkpointIfDue()} on its own schedule (e.g. every second); the {@link CheckpointPolicy}
 * decides. The checkpoint origin is the signer's key name. A witness that finds the checkpoint
 * inconsistent raises the integrity alarm; one that cannot be reached is reported in the result.
 */
public final class Checkpointer {

    /** What one checkpoint run produced. */
    public record Result(SignedCheckpoint checkpoint, boolean stored, boolean timestamped,
            Map<String, AuditErrorCode> witnessFailures) {}

    private final AuditLog log;
    private final CheckpointSigner signer;
    private final CheckpointPolicy policy;
    private final List<Witness> witnesses;
    private final TimestampAuthority tsa;
    private final Clock clock;

    /** {@code tsa} may be null (no RFC 3161 timestamps). */
    public Checkpointer(AuditLog log, CheckpointSigner signer, CheckpointPolicy policy, List<Witness> witnesses,
            TimestampAuthority tsa, Clock clock) {
        this.log = log;
        this.signer = signer;
        this.policy = policy;
        this.witnesses = List.copyOf(witnesses);
        this.tsa = tsa;
        this.clock = clock;
    }

    public Optional<Result> checkpointIfDue() {
        StoredCheckpoint last = log.store().latestCheckpoint().orElse(null);
        if (!policy.due(clock.instant(), log.head(), last)) {
            return Optional.empty();
        }
        return Optional.of(checkpoint());
    }

    public synchronized Result checkpoint() {
        TreeHead head = log.catchUp();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        SignedCheckpoint signed = signer.sign(new Checkpoint(signer.keyName(), head.size(), head.root(), now));
        byte[] token = null;
        if (tsa != null) {
            try {
                token = Timestamps.stamp(tsa, signed.note());
            } catch (RuntimeException e) {
                token = null;
            }
        }
        boolean stored = log.store().saveCheckpoint(
                new StoredCheckpoint(-1, head.size(), head.root(), now, signed.note(), token));
        Map<String, AuditErrorCode> failures = new LinkedHashMap<>();
        for (Witness w : witnesses) {
            try {
                w.submit(signed.note(), log::consistencyProof);
            } catch (AuditException e) {
                failures.put(w.name(), e.code());
                if (e.code() != AuditErrorCode.WITNESS_UNAVAILABLE) {
                    log.alarm().raise(AuditErrorCode.WITNESS_INCONSISTENT, "witness " + w.name() + " refused a checkpoint");
                }
            }
        }
        return new Result(signed, stored, token != null, failures);
    }
}
