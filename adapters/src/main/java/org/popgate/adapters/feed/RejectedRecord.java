package org.popgate.adapters.feed;

import java.util.List;

/**
 * A record kept with the reasons it was rejected, re-submittable after correction. {@code original} is the
 * record as received (the CSV line or the JSON message) and is personal data: store it protected, never log it.
 *
 * @param position line number (CSV) or message number (JSON), 1-based
 * @param key the business key, when it could be read
 */
public record RejectedRecord(long position, BusinessKey key, List<Reason> reasons, String original) {

    public RejectedRecord {
        reasons = List.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a rejected record has at least one reason");
        }
    }

    /** The first reason's code, the one the report counts. */
    public FeedRejectCode code() {
        return reasons.get(0).code();
    }

    @Override
    public String toString() {
        return "RejectedRecord[position=" + position + ", key=" + key + ", reasons="
                + reasons.stream().map(Reason::qualifiedCode).toList() + "]";
    }
}
