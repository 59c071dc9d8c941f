package org.popgate.crypto.idnumber;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.function.Predicate;

/**
 * GB 11643-1999 citizen ID numbers: normalise what people type, validate, convert the 15-digit legacy
 * form, and compose valid numbers. Stateless apart from the known-area predicate and today's date.
 */
public final class IdNumbers {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private final Predicate<String> knownArea;
    private final LocalDate today;

    /**
     * @param knownArea whether a 6-digit area code is a known GB/T 2260 code (historic codes included)
     * @param today the date against which "birth date in the future" is judged
     */
    public IdNumbers(Predicate<String> knownArea, LocalDate today) {
        this.knownArea = knownArea;
        this.today = today;
    }

    /** Validates with the shipped GB/T 2260 table and the system date. */
    public static IdNumbers withShippedAreas() {
        return new IdNumbers(AreaCodes.shipped()::isKnown, LocalDate.now());
    }

    /** Check character for the first 17 digits. */
    public static char checkCharacter(CharSequence body17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** Composes a valid 18-character number; the sequence's parity must agree with the gender. */
    public static String compose(String areaCode, LocalDate birthDate, int sequence) {
        if (areaCode.length() != 6 || sequence < 0 || sequence > 999) {
            throw new IllegalArgumentException("area code has 6 digits and the sequence 0..999");
        }
        StringBuilder sb = new StringBuilder(18).append(areaCode);
        appendPadded(sb, birthDate.getYear(), 4);
        appendPadded(sb, birthDate.getMonthValue(), 2);
        appendPadded(sb, birthDate.getDayOfMonth(), 2);
        appendPadded(sb, sequence, 3);
        return sb.append(checkCharacter(sb)).toString();
    }

    /**
     * Normalises what people really type: surrounding spaces, full-width digits and letters, lower-case
     * {@code x}. Does not validate; returns the input trimmed and folded, or empty.
     */
    public static String normalise(String raw) {
        if (raw == null) {
            return "";
        }
        String trimmed = raw.strip();
        StringBuilder sb = new StringBuilder(trimmed.length());
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c >= '\uFF10' && c <= '\uFF19') {
                c = (char) ('0' + (c - '\uFF10'));
            } else if (c == '\uFF38' || c == '\uFF58' || c == 'x') {
                c = 'X';
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Validates an ID number as typed, without a recorded gender to compare. */
    public IdCheck check(String raw) {
        return check(raw, null);
    }

    /**
     * Validates an ID number as typed; a 15-digit legacy number is converted to 18 digits. When
     * {@code recordedGender} is given, the sex digit must agree with it.
     */
    public IdCheck check(String raw, Gender recordedGender) {
        String s = normalise(raw);
        if (s.isEmpty()) {
            return new IdCheck.Invalid(IdDefect.EMPTY);
        }
        if (s.length() == 15) {
            if (!allDigits(s, 15)) {
                return new IdCheck.Invalid(IdDefect.BAD_CHARACTERS);
            }
            String body = s.substring(0, 6) + "19" + s.substring(6);
            return checkBody(body + checkCharacter(body), recordedGender, true);
        }
        if (s.length() != 18) {
            return new IdCheck.Invalid(IdDefect.BAD_LENGTH);
        }
        char last = s.charAt(17);
        if (!allDigits(s, 17) || !(last == 'X' || (last >= '0' && last <= '9'))) {
            return new IdCheck.Invalid(IdDefect.BAD_CHARACTERS);
        }
        return checkBody(s, recordedGender, false);
    }

    private IdCheck checkBody(String s, Gender recordedGender, boolean legacy) {
        String area = s.substring(0, 6);
        if (!knownArea.test(area)) {
            return new IdCheck.Invalid(IdDefect.UNKNOWN_AREA);
        }
        LocalDate birth;
        try {
            birth = LocalDate.of(
                    Integer.parseInt(s, 6, 10, 10), Integer.parseInt(s, 10, 12, 10), Integer.parseInt(s, 12, 14, 10));
        } catch (DateTimeException e) {
            return new IdCheck.Invalid(IdDefect.BAD_BIRTH_DATE);
        }
        if (birth.getYear() < 1850) {
            return new IdCheck.Invalid(IdDefect.BAD_BIRTH_DATE);
        }
        if (birth.isAfter(today)) {
            return new IdCheck.Invalid(IdDefect.BIRTH_DATE_IN_FUTURE);
        }
        if (!legacy && checkCharacter(s) != s.charAt(17)) {
            return new IdCheck.Invalid(IdDefect.BAD_CHECK_CHARACTER);
        }
        int sequence = Integer.parseInt(s, 14, 17, 10);
        Gender gender = (sequence % 2 == 1) ? Gender.MALE : Gender.FEMALE;
        if (recordedGender != null && recordedGender != gender) {
            return new IdCheck.Invalid(IdDefect.SEX_MISMATCH);
        }
        return new IdCheck.Valid(new IdNumber(s, area, birth, sequence, gender));
    }

    private static boolean allDigits(String s, int n) {
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static void appendPadded(StringBuilder sb, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(digits);
    }
}
