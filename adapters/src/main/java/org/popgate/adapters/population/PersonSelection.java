package org.popgate.adapters.population;

import java.time.LocalDate;

/**
 * Which persons a pull selects; every criterion is optional (null = any). Cancelled records are left out
 * unless {@code includeCancelled}.
 *
 * @param areaPrefix a county, township or village code: persons registered in that area
 * @param bornFrom earliest birth date (inclusive)
 * @param bornTo latest birth date (inclusive)
 * @param gender M or F
 * @param managementAttribute RESIDENT, OUT_MIGRANT, IN_MIGRANT
 * @param maritalStatus UNMARRIED, MARRIED, DIVORCED, WIDOWED
 * @param includeCancelled whether cancelled records (deaths, moves away) are included
 */
public record PersonSelection(String areaPrefix, LocalDate bornFrom, LocalDate bornTo, String gender,
        String managementAttribute, String maritalStatus, boolean includeCancelled) {

    public PersonSelection {
        if (areaPrefix != null && !areaPrefix.matches("[0-9]{2,12}")) {
            throw new IllegalArgumentException("an area is 2 to 12 digits");
        }
    }

    /** Every current person. */
    public static PersonSelection everyone() {
        return new PersonSelection(null, null, null, null, null, null, false);
    }
}
