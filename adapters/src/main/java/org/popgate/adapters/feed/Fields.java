package org.popgate.adapters.feed;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.popgate.crypto.idnumber.Gender;
import org.popgate.crypto.idnumber.IdCheck;
import org.popgate.crypto.idnumber.IdNumber;
import org.popgate.crypto.idnumber.IdNumbers;

/**
 * Converts one record's text fields into typed values, collecting a {@link Reason} for each field that
 * fails instead of stopping at the first, so a rejected record lists everything wrong with it. ID numbers
 * are normalised as people write them (spaces, full-width digits, lower-case x, 15-digit legacy form) and
 * validated; only the normalised 18-character form ever leaves this class.
 */
public final class Fields {

    private final IdNumbers ids;
    private final List<Reason> reasons = new ArrayList<>(4);

    public Fields(IdNumbers ids) {
        this.ids = ids;
    }

    /** Starts a new record. */
    public Fields reset() {
        reasons.clear();
        return this;
    }

    public boolean ok() {
        return reasons.isEmpty();
    }

    public List<Reason> reasons() {
        return List.copyOf(reasons);
    }

    public void fail(FeedRejectCode code, String field) {
        reasons.add(Reason.of(code, field));
    }

    /** A required text item of at most {@code maxLength} characters, stripped. */
    public String text(String field, String value, int maxLength) {
        String s = optionalText(field, value, maxLength);
        if (s == null && !hasReasonFor(field)) {
            fail(FeedRejectCode.MISSING_FIELD, field);
        }
        return s;
    }

    /** An optional text item; {@code null} when absent or blank. */
    public String optionalText(String field, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        String s = value.strip();
        if (s.isEmpty()) {
            return null;
        }
        if (s.length() > maxLength || hasControl(s)) {
            fail(FeedRejectCode.BAD_VALUE, field);
            return null;
        }
        return s;
    }

    /** A required name (Chinese names with the middle dot of minority names allowed), at most 50 characters. */
    public String name(String field, String value) {
        return text(field, value, 50);
    }

    /** A required date, {@code yyyy-MM-dd} or the compact {@code yyyyMMdd} police systems write. */
    public LocalDate date(String field, String value) {
        LocalDate d = optionalDate(field, value);
        if (d == null && !hasReasonFor(field)) {
            fail(FeedRejectCode.MISSING_FIELD, field);
        }
        return d;
    }

    /** An optional date; {@code null} when absent. */
    public LocalDate optionalDate(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String s = value.strip();
        try {
            if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-' && digits(s, 0, 4) && digits(s, 5, 7)
                    && digits(s, 8, 10)) {
                return checkedDate(field, LocalDate.of(num(s, 0, 4), num(s, 5, 7), num(s, 8, 10)));
            }
            if (s.length() == 8 && digits(s, 0, 8)) {
                return checkedDate(field, LocalDate.of(num(s, 0, 4), num(s, 4, 6), num(s, 6, 8)));
            }
        } catch (DateTimeException e) {
            // falls through to the rejection: not a real calendar date
        }
        fail(FeedRejectCode.BAD_DATE, field);
        return null;
    }

    private LocalDate checkedDate(String field, LocalDate d) {
        if (d.getYear() < 1850) {
            fail(FeedRejectCode.BAD_DATE, field);
            return null;
        }
        return d;
    }

    /** A required gender, {@code M}/{@code F} or 男/女. */
    public Gender gender(String field, String value) {
        String s = value == null ? "" : value.strip();
        switch (s) {
            case "M", "男", "1":
                return Gender.MALE;
            case "F", "女", "2":
                return Gender.FEMALE;
            case "":
                fail(FeedRejectCode.MISSING_FIELD, field);
                return null;
            default:
                fail(FeedRejectCode.BAD_VALUE, field);
                return null;
        }
    }

    /** A required ID number, normalised and validated (sex digit against {@code gender} when given). */
    public IdNumber id(String field, String value, Gender gender) {
        if (value == null || value.isBlank()) {
            fail(FeedRejectCode.MISSING_FIELD, field);
            return null;
        }
        return optionalId(field, value, gender);
    }

    /** An optional ID number; {@code null} when absent. */
    public IdNumber optionalId(String field, String value, Gender gender) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > 40) {
            fail(FeedRejectCode.BAD_ID_NUMBER, "id_bad_length");
            return null;
        }
        IdCheck check = ids.check(value, gender);
        if (check instanceof IdCheck.Valid valid) {
            return valid.id();
        }
        reasons.add(Reason.of(FeedRejectCode.BAD_ID_NUMBER, ((IdCheck.Invalid) check).defect().code()));
        return null;
    }

    /**
     * A required area code: 6 digits (GB/T 2260 county), 9 (township) or 12 (village). Only the form is
     * checked here; whether the code is known is the validator's question.
     */
    public String area(String field, String value) {
        String s = value == null ? "" : value.strip();
        if (s.isEmpty()) {
            fail(FeedRejectCode.MISSING_FIELD, field);
            return null;
        }
        if ((s.length() != 6 && s.length() != 9 && s.length() != 12) || !digits(s, 0, s.length())) {
            fail(FeedRejectCode.UNKNOWN_AREA, field);
            return null;
        }
        return s;
    }

    /** A required integer within {@code [min, max]}. */
    public int integer(String field, String value, int min, int max) {
        String s = value == null ? "" : value.strip();
        if (s.isEmpty()) {
            fail(FeedRejectCode.MISSING_FIELD, field);
            return min;
        }
        if (s.length() > 9 || !digits(s, 0, s.length())) {
            fail(FeedRejectCode.BAD_VALUE, field);
            return min;
        }
        int n = Integer.parseInt(s);
        if (n < min || n > max) {
            fail(FeedRejectCode.BAD_VALUE, field);
            return min;
        }
        return n;
    }

    private boolean hasReasonFor(String field) {
        for (Reason r : reasons) {
            if (r.detail().equals(field)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
                return true;
            }
        }
        return false;
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int num(String s, int from, int to) {
        return Integer.parseInt(s, from, to, 10);
    }
}
