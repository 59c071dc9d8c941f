package org.popgate.audit.witness;

import java.util.List;
import java.util.Optional;

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

    /** Supplies RFC 9162 consistency proofs from the log. */
    @FunctionalInterface
    interface ConsistencyProofs {
        List<byte[]> proof(long firstSize, long secondSize);
    }
}
