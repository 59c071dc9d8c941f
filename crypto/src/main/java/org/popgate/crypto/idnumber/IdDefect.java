package org.popgate.crypto.idnumber;

/** Why an ID number failed GB 11643-1999 validation. The codes are stable: feeds and reports use them. */
public enum IdDefect {
    EMPTY("id_empty", "no ID number given"),
    BAD_LENGTH("id_bad_length", "an ID number has 18 characters (or 15 in the legacy form)"),
    BAD_CHARACTERS("id_bad_characters", "an ID number has digits only, with X allowed as the last character"),
    UNKNOWN_AREA("id_unknown_area", "the area code is not a known GB/T 2260 code"),
    BAD_BIRTH_DATE("id_bad_birth_date", "the birth date is not a real calendar date"),
    BIRTH_DATE_IN_FUTURE("id_birth_date_in_future", "the birth date lies in the future"),
    BAD_CHECK_CHARACTER("id_bad_check_character", "the check character does not match"),
    SEX_MISMATCH("id_sex_mismatch", "the sex digit does not match the recorded gender");

    private final String code;
    private final String sentence;

    IdDefect(String code, String sentence) {
        this.code = code;
        this.sentence = sentence;
    }

    /** Stable machine-readable reason code. */
    public String code() {
        return code;
    }

    /** Human sentence without personal data. */
    public String sentence() {
        return sentence;
    }
}
