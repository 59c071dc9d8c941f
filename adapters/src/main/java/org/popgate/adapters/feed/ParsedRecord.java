package org.popgate.adapters.feed;

import java.util.Objects;

/** A record that parsed, with where it was and its original text (kept in case validation rejects it). */
public record ParsedRecord(long position, ChangeRecord record, String original) {

    public ParsedRecord {
        Objects.requireNonNull(record, "record");
    }

    @Override
    public String toString() {
        return "ParsedRecord[position=" + position + ", record=" + record + "]";
    }
}
