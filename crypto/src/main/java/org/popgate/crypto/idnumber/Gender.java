package org.popgate.crypto.idnumber;

/** Gender as GB 11643 encodes it in the sequence digit: odd is male, even is female. */
public enum Gender {
    MALE,
    FEMALE;

    /** Single-letter code used in the database and in feeds. */
    public String code() {
        return this == MALE ? "M" : "F";
    }

    public static Gender ofCode(String code) {
        return switch (code) {
            case "M" -> MALE;
            case "F" -> FEMALE;
            default -> throw new IllegalArgumentException("gender code must be M or F");
        };
    }
}
