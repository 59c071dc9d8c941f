package org.popgate.adapters.feed;

/**
 * Why a feed file or one of its records was rejected. One enum for every counterpart; the codes are
 * stable (rejects store, API problem details, quality report) and the sentences carry no personal data.
 */
public enum FeedRejectCode {
    // ---- file level: the whole file or message is rejected and kept
    BAD_HEADER("feed_bad_header", true, "the first line is not a valid popgate feed header"),
    WRONG_COUNTERPART("feed_wrong_counterpart", true, "the header names another department or format than the channel expects"),
    UNSUPPORTED_ENCODING("feed_unsupported_encoding", true, "the declared encoding is not GB18030 or UTF-8"),
    BAD_ENCODING("feed_bad_encoding", true, "the bytes do not decode under the declared encoding"),
    BINARY_CONTENT("feed_binary_content", true, "the file holds control characters or binary data"),
    LINE_TOO_LONG("feed_line_too_long", true, "a line is longer than the feed allows"),
    WRONG_COLUMN_HEADER("feed_wrong_column_header", true, "the column header line does not name the expected columns"),
    TRUNCATED("feed_truncated", true, "the input ends before its trailer or in the middle of a record"),
    COUNT_MISMATCH("feed_count_mismatch", true, "the trailer's record count differs from the records read"),
    TOO_LARGE("feed_too_large", true, "the input exceeds the size or record limit"),
    EMPTY("feed_empty", true, "the input holds no data"),
    BAD_JSON("feed_bad_json", true, "the input is not well-formed JSON"),
    UNREADABLE("feed_unreadable", true, "the input could not be read"),
    RECORD_REJECTED_IN_ATOMIC_FILE("feed_atomic_file_has_rejects", true,
            "the file applies atomically and at least one of its records was rejected"),

    // ---- record level: the record is rejected and kept, the rest of the file goes on
    WRONG_COLUMNS("feed_wrong_columns", false, "the record does not have the expected number of columns"),
    NOT_AN_OBJECT("feed_not_an_object", false, "the message is not a JSON object of the expected shape"),
    UNKNOWN_KIND("feed_unknown_kind", false, "the record's change type is not one this department reports"),
    MISSING_FIELD("feed_missing_field", false, "a required main data item is missing"),
    BAD_DATE("feed_bad_date", false, "a date is not a real calendar date in the form yyyy-MM-dd"),
    BAD_VALUE("feed_bad_value", false, "a field holds a value outside its allowed set or length"),
    BAD_ID_NUMBER("feed_bad_id_number", false, "an ID number failed GB 11643 validation"),
    UNKNOWN_AREA("feed_unknown_area", false, "an area code is not a known GB/T 2260 or county village code"),
    DATE_IN_FUTURE("feed_date_in_future", false, "a date lies after the feed's date"),
    BIRTH_DATE_MISMATCH("feed_birth_date_mismatch", false, "the stated birth date differs from the one in the ID number"),
    WRONG_GENDER("feed_wrong_gender", false, "a person's gender does not fit the role the record gives them"),
    MOTHER_TOO_YOUNG("feed_mother_too_young", false, "the child is born before the mother is 15"),
    DATES_OUT_OF_ORDER("feed_dates_out_of_order", false,
            "two dates of the record are in the wrong order (e.g. cremation before death, certificate before birth)"),
    DATE_BEFORE_BIRTH("feed_date_before_birth", false, "the change is dated before the person was born"),
    UNDER_MARRIAGE_AGE("feed_under_marriage_age", false,
            "a party is under the legal marriage age (20 for women, 22 for men)"),
    ALREADY_MARRIED("feed_already_married", false, "a party is already married"),
    NO_EXISTING_MARRIAGE("feed_no_existing_marriage", false, "there is no existing marriage between the two parties"),
    UNKNOWN_PERSON("feed_unknown_person", false, "the person is not in the population database"),
    ALREADY_CANCELLED("feed_already_cancelled", false, "the person's record is already cancelled"),
    ALREADY_REGISTERED("feed_already_registered", false, "the person is already in the population database"),
    DUPLICATE_KEY("feed_duplicate_key", false, "the business key occurs earlier in the same feed"),
    DUPLICATE_PERSON("feed_duplicate_person", false, "the same person has the same kind of change earlier in the same feed");

    private final String code;
    private final boolean fileLevel;
    private final String sentence;

    FeedRejectCode(String code, boolean fileLevel, String sentence) {
        this.code = code;
        this.fileLevel = fileLevel;
        this.sentence = sentence;
    }

    /** Stable machine-readable reason code. */
    public String code() {
        return code;
    }

    /** Whether this problem rejects the whole file (else only the record). */
    public boolean fileLevel() {
        return fileLevel;
    }

    /** Human sentence without personal data. */
    public String sentence() {
        return sentence;
    }
}
