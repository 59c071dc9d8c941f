package org.popgate.adapters.feed;

/**
 * A whole file or message is rejected. The message names the code, the line or message position and a
 * fixed sentence — never anything read from the input.
 */
public final class FeedException extends RuntimeException {

    private final FeedRejectCode code;
    private final long position;

    public FeedException(FeedRejectCode code, long position) {
        super(code.code() + " at " + position + ": " + code.sentence(), null, false, false);
        this.code = code;
        this.position = position;
    }

    public FeedRejectCode code() {
        return code;
    }

    /** Line number (CSV, 1-based) or message number (JSON, 1-based) where the problem was found; 0 if none. */
    public long position() {
        return position;
    }
}
