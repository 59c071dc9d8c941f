package org.popgate.adapters.synthetic;

import java.time.LocalDate;

/**
 * What county to generate. The same spec always gives the same county, byte for byte.
 *
 * @param seed the random seed
 * @param persons exact number of person rows (新田县 collected 408,085)
 * @param defects deliberate defects per 10,000 persons
 * @param asOf the date the county describes; ages and "in the future" are judged against it
 */
public record CountySpec(long seed, int persons, DefectPlan defects, LocalDate asOf) {

    /** 新田县 (431128): the county the seed document reports on. */
    public static final String COUNTY_CODE = "431128";

    /** Persons collected in 新田县 according to the seed document. */
    public static final int XINTIAN_PERSONS = 408_085;

    public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2026, 1, 1);

    public CountySpec {
        if (persons < 1 || persons > 5_000_000) {
            throw new IllegalArgumentException("a county has between 1 and 5,000,000 persons");
        }
    }

    /** The full county with the default defects. */
    public static CountySpec xintian(long seed) {
        return new CountySpec(seed, XINTIAN_PERSONS, DefectPlan.DEFAULT, DEFAULT_AS_OF);
    }
}
