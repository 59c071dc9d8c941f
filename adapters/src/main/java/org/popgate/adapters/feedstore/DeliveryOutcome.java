package org.popgate.adapters.feedstore;

import org.popgate.adapters.feed.FeedReport;

/**
 * What became of a delivery.
 *
 * @param report the intake's report ({@code null} when the delivery was a duplicate or refused before parsing)
 * @param applied changes written to the population database
 * @param skipped changes whose business key was applied before (re-delivery): no second effect
 * @param rejected records kept in the rejects store
 * @param conflicts disagreements between sources listed for the population office
 * @param reason the file-level reason code when the whole delivery was rejected, else {@code null}
 */
public record DeliveryOutcome(Status status, FeedReport report, long applied, long skipped, long rejected, long conflicts,
        String reason, long position) {

    /** APPLIED: its accepted records are in the database; REJECTED: none is; DUPLICATE: seen before, nothing done. */
    public enum Status { APPLIED, REJECTED, DUPLICATE }

    static DeliveryOutcome duplicate() {
        return new DeliveryOutcome(Status.DUPLICATE, null, 0, 0, 0, 0, null, 0);
    }
}
