package org.popgate.adapters.feed;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What one source says about one data item of one person: its value in canonical text (a date, an area
 * code, a name, a status) and the record it came from. {@code toString()} omits the value.
 */
public record Claim(DataItem item, Counterpart source, String value, LocalDate assertedOn, BusinessKey key) {

    public Claim {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return "Claim[" + item + " from " + source.code() + ", key=" + key + "]";
    }
}
