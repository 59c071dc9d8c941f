package org.popgate.crypto.pseudonym;

import java.time.LocalDate;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;

/** Generalisation of quasi-identifiers to what an approval allows: birth dates and GB/T 2260 area codes. */
public final class Generalise {

    /** How precisely a birth date is released. */
    public enum BirthDate {
        /** {@code 1987} */
        YEAR,
        /** {@code 1987-06} */
        YEAR_MONTH,
        /** {@code 1985-1989}: five-year bands starting at years divisible by five */
        FIVE_YEAR_BAND
    }

    /** How precisely an area is released: the leading digits of the 12-digit statistical area code. */
    public enum Area {
        /** 2 digits, e.g. {@code 43} (Hunan) */
        PROVINCE(2),
        /** 4 digits, e.g. {@code 4311} */
        CITY(4),
        /** 6 digits, e.g. {@code 431128} */
        COUNTY(6),
        /** 9 digits (township/street) */
        TOWNSHIP(9);

        private final int digits;

        Area(int digits) {
            this.digits = digits;
        }

        /** Number of leading digits kept. */
        public int digits() {
            return digits;
        }
    }

    private Generalise() {}

    /** {@code date} at {@code precision}. */
    public static String birthDate(LocalDate date, BirthDate precision) {
        int year = date.getYear();
        return switch (precision) {
            case YEAR -> String.valueOf(year);
            case YEAR_MONTH -> yearMonth(year, date.getMonthValue());
            case FIVE_YEAR_BAND -> {
                int start = Math.floorDiv(year, 5) * 5;
                yield start + "-" + (start + 4);
            }
        };
    }

    /**
     * {@code yyyy-MM} without {@code String.format}: it was a twentieth of a single-person lookup's request CPU
     * (docs/BENCHMARKS.md), and it formats digits in the default locale.
     */
    private static String yearMonth(int year, int month) {
        if (year < 0 || year > 9999) {
            return String.format(java.util.Locale.ROOT, "%04d-%02d", year, month);
        }
        char[] text = {(char) ('0' + year / 1000), (char) ('0' + year / 100 % 10), (char) ('0' + year / 10 % 10),
                (char) ('0' + year % 10), '-', (char) ('0' + month / 10), (char) ('0' + month % 10)};
        return new String(text);
    }

    /** The first {@code level.digits()} digits of an area code of at least that many digits. */
    public static String area(String areaCode, Area level) {
        if (areaCode == null || areaCode.length() < level.digits() || !areaCode.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "The area code is too short for level " + level);
        }
        return areaCode.substring(0, level.digits());
    }
}
