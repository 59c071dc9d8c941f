package org.popgate.audit.witness;

import java.util.List;
import java.util.Optional;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;

/**
 * Someone outside the gateway's database who keeps the checkpoints it has seen and refuses one that
 * is not consistent with them (a rewritten or truncated log).
 */
public interface Witness {

    /** A name for reports (no personal data). */
    String name();

    /**
     * Checks the signed note against the latest checkpoint seen (asking {@code proofs} for a
     * consistency proof from that size) and records it. Throws {@code audit_witness_inconsistent}
     * (or {@code audit_signature_invalid}) when it refuses, {@code audit_witness_unavailable} when it
     * cannot be reached.
     */
    void submit(String signedNote, ConsistencyProofs proofs);

    /** The latest signed note this witness accepted, if any. */
    Optional<String> latest();

    /**
     * Records a restore epoch: the log was restored from a backup and now continues from
     * {@code epochNote} (a signed checkpoint of the restored log, covering its restore-epoch event)
     * instead of from {@code abandonedNote}, which must be this witness's latest checkpoint. Afterwards
     * the witness accepts checkpoints that extend {@code epochNote} and keeps the abandoned one in its
     * epoch history, so the shorter log is not reported as truncated again. Callers make sure a
     * security officer approved the epoch; the witness checks both signatures and that the epoch
     * starts from what it actually holds. Throws {@code audit_witness_inconsistent} when it refuses.
     */
    default void recordEpoch(String epochNote, String abandonedNote) {
        throw new AuditException(AuditErrorCode.WITNESS_UNAVAILABLE, "witness " + name() + " does not record restore epochs");
    }

    /** The restore epochs this witness recorded, oldest first. */
    default List<Epoch> epochs() {
        return List.of();
    }

    /** One recorded restore epoch: the checkpoint given up and the one the log continues from. */
    record Epoch(String abandonedNote, String epochNote) {}

    /** Supplies RFC 9162 consistency proofs from the log. */
    @FunctionalInterface
    interface ConsistencyProofs {
        List<byte[]> proof(long firstSize, long secondSize);
    }
}
