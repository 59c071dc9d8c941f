package org.popgate.adapters.feed;

/**
 * Where the intake delivers a feed's outcome, record by record. The gateway stages accepted records in the
 * database transaction of the file and keeps rejected ones in the rejects store; it commits only when the
 * {@link FeedReport} says the file applies.
 */
public interface FeedSink {

    void accepted(ParsedRecord record);

    void rejected(RejectedRecord record);
}
