package org.popgate.adapters.feedstore;

import java.time.Instant;
import java.util.List;
import org.popgate.adapters.feed.Counterpart;
import org.popgate.adapters.feed.DataItem;

/** Read models of the feed tables, as the API lists them (no personal data: persons by lookup hash only). */
public final class FeedViews {

    private FeedViews() {}

    /** A rejected record: where it came from and why; its original text is read separately. */
    public record RejectView(long id, String exchangeId, Counterpart counterpart, String sender, long position,
            String businessKey, String code, List<String> reasons, String status, String resubmittedAs,
            Instant rejectedAt) {}

    /** A disagreement between two sources about one data item of one person. */
    public record ConflictView(long id, String subjectHash, DataItem item, Counterpart winner, String winnerKey,
            Counterpart loser, String loserKey, String rule, String exchangeId, Instant detectedAt) {}

    /** A delivery (file or message batch) and what became of it. */
    public record DeliveryView(String exchangeId, Counterpart counterpart, String sender, String transport,
            boolean packaged, String status, String reason, long position, long read, long accepted, long applied,
            long rejected, long skipped, Instant receivedAt) {}
}
