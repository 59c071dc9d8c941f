package org.popgate.adapters.feed;

import java.util.Objects;

/**
 * One reason a record was rejected: the code and a stable detail that never holds personal data — the
 * field name, or the {@code IdDefect} code of a failed ID number.
 */
public record Reason(FeedRejectCode code, String detail) {

    public Reason {
        Objects.requireNonNull(code, "code");
        detail = detail == null ? "" : detail;
    }

    public static Reason of(FeedRejectCode code) {
        return new Reason(code, "");
    }

    public static Reason of(FeedRejectCode code, String detail) {
        return new Reason(code, detail);
    }

    /** e.g. {@code feed_bad_id_number/id_bad_check_character}. */
    public String qualifiedCode() {
        return detail.isEmpty() ? code.code() : code.code() + "/" + detail;
    }
}
