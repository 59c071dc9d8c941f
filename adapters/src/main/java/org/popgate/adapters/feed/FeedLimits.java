package org.popgate.adapters.feed;

/**
 * Input limits that keep a hostile or broken file from exhausting the gateway.
 *
 * @param maxLineBytes longest CSV line, in bytes, line break excluded
 * @param maxRecords most records in one file or batch
 * @param maxMessageBytes largest JSON message (one object)
 */
public record FeedLimits(int maxLineBytes, long maxRecords, int maxMessageBytes) {

    /** 4 KiB lines, two million records (five counties' worth), 64 KiB messages. */
    public static final FeedLimits DEFAULT = new FeedLimits(4096, 2_000_000, 65_536);

    public FeedLimits {
        if (maxLineBytes < 64 || maxRecords < 1 || maxMessageBytes < 256) {
            throw new IllegalArgumentException("limits too small to read any feed");
        }
    }
}
