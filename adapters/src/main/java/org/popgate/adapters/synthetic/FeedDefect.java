package org.popgate.adapters.synthetic;

/** What a simulator can get wrong on purpose. Record defects reject one record; file defects the whole file. */
public enum FeedDefect {
    // record level
    BAD_ID_CHECK_CHARACTER(false),
    BAD_DATE(false),
    WRONG_COLUMNS(false),
    DUPLICATE_KEY(false),
    UNKNOWN_AREA(false),
    LOGIC_ERROR(false),
    // file level
    TRUNCATED(true),
    HUGE_LINE(true),
    BINARY_GARBAGE(true),
    BROKEN_ENCODING(true),
    WRONG_COLUMN_HEADER(true);

    private final boolean fileLevel;

    FeedDefect(boolean fileLevel) {
        this.fileLevel = fileLevel;
    }

    public boolean fileLevel() {
        return fileLevel;
    }

    static final FeedDefect[] RECORD_LEVEL = {BAD_ID_CHECK_CHARACTER, BAD_DATE, WRONG_COLUMNS, DUPLICATE_KEY,
        UNKNOWN_AREA, LOGIC_ERROR};
}
