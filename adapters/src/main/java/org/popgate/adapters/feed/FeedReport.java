package org.popgate.adapters.feed;

import java.util.Map;

/**
 * The outcome of one file or batch. {@code applies} is false when the file is rejected as a whole (then
 * {@code fileRejection} says why and nothing of it may be applied); otherwise the accepted records apply
 * and the rejected ones are kept.
 *
 * @param fileRejection the file-level reason, or {@code null}
 * @param position line or message number of the file-level problem (0 if none)
 * @param rejectedByCode rejected records by the code of their first reason
 */
public record FeedReport(Counterpart counterpart, boolean applies, FeedRejectCode fileRejection, long position,
        long read, long accepted, long rejected, Map<FeedRejectCode, Long> rejectedByCode) {

    public FeedReport {
        rejectedByCode = Map.copyOf(rejectedByCode);
    }
}
