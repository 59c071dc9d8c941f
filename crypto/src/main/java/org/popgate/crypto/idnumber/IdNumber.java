package org.popgate.crypto.idnumber;

import java.time.LocalDate;

/** A valid 18-character GB 11643-1999 ID number and the facts it encodes. */
public record IdNumber(String value, String areaCode, LocalDate birthDate, int sequence, Gender gender) {

    public IdNumber {
        if (value == null || value.length() != 18) {
            throw new IllegalArgumentException("an IdNumber holds 18 characters");
        }
    }

    /** Never prints the number itself, so an ID cannot leak through a log line or exception message. */
    @Override
    public String toString() {
        return "IdNumber[area=" + areaCode + "]";
    }
}
