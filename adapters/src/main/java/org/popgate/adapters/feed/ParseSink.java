package org.popgate.adapters.feed;

/** Receives what a parser reads, record by record, as it streams through the input. */
public interface ParseSink {

    void parsed(ParsedRecord record);

    void rejected(RejectedRecord record);
}
