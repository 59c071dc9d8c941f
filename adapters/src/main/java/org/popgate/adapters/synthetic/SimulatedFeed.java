package org.popgate.adapters.synthetic;

import java.util.Map;

/**
 * What a simulator wrote: the records, how many of them carry a deliberate record defect (each rejects
 * exactly that record), by kind, and the file defect if one was applied.
 */
public record SimulatedFeed(long records, long defective, Map<FeedDefect, Long> defects, FeedDefect fileDefect) {

    public SimulatedFeed {
        defects = Map.copyOf(defects);
    }
}
