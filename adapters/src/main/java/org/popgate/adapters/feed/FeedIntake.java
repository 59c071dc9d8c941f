package org.popgate.adapters.feed;

import java.io.InputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Parse ─► validate for one file or batch from one counterpart, with the counterpart's apply policy
 * ({@link Counterpart#policy()}): the transport-independent core of every inbound feed. The gateway wraps
 * it in receive/decrypt before and apply/receipt after.
 */
public final class FeedIntake {

    private final FeedValidator validator;

    public FeedIntake(FeedValidator validator) {
        this.validator = validator;
    }

    /**
     * Runs the feed. Records reach {@code sink} as they are read (accepted and rejected); the returned report
     * says whether the accepted ones apply. A file-level problem found late (a missing trailer) comes after
     * records were delivered, which is why nothing may be committed before this method returns.
     */
    public FeedReport run(Counterpart counterpart, FeedParser parser, InputStream in, FeedSink sink) {
        FeedValidator.Session session = validator.session();
        Map<FeedRejectCode, Long> byCode = new EnumMap<>(FeedRejectCode.class);
        long[] counts = new long[3]; // read, accepted, rejected
        ParseSink validating = new ParseSink() {
            @Override
            public void parsed(ParsedRecord record) {
                counts[0]++;
                if (record.record().kind().source() != counterpart) {
                    reject(new RejectedRecord(record.position(), record.record().key(),
                            List.of(Reason.of(FeedRejectCode.UNKNOWN_KIND)), record.original()));
                    return;
                }
                List<Reason> reasons = session.check(record.record());
                if (reasons.isEmpty()) {
                    counts[1]++;
                    sink.accepted(record);
                } else {
                    reject(new RejectedRecord(record.position(), record.record().key(), reasons, record.original()));
                }
            }

            @Override
            public void rejected(RejectedRecord record) {
                counts[0]++;
                reject(record);
            }

            private void reject(RejectedRecord record) {
                counts[2]++;
                byCode.merge(record.code(), 1L, Long::sum);
                sink.rejected(record);
            }
        };
        try {
            parser.parse(in, validating);
        } catch (FeedException e) {
            return new FeedReport(counterpart, false, e.code(), e.position(), counts[0], counts[1], counts[2], byCode);
        }
        if (counterpart.policy() == ApplyPolicy.ATOMIC && counts[2] > 0) {
            return new FeedReport(counterpart, false, FeedRejectCode.RECORD_REJECTED_IN_ATOMIC_FILE, 0, counts[0],
                    counts[1], counts[2], byCode);
        }
        return new FeedReport(counterpart, true, null, 0, counts[0], counts[1], counts[2], byCode);
    }
}
