package org.popgate.adapters.migrant;

import java.util.Optional;
import org.popgate.crypto.idnumber.AreaCodes;

/**
 * Which migrant-population office a person belongs to: the office of the county of their household
 * registration (户籍地), named as a member {@code <county code>.migrant-office}.
 */
public final class MigrantOffices {

    /** The department part of a migrant office's member name. */
    public static final String DEPARTMENT = "migrant-office";

    private final AreaCodes areas;

    public MigrantOffices(AreaCodes areas) {
        this.areas = areas;
    }

    /**
     * The origin office for a registration area code (county, township or village code); empty when the
     * county is not a known GB/T 2260 county.
     */
    public Optional<String> originOffice(String registrationArea) {
        if (registrationArea == null || registrationArea.length() < 6 || !registrationArea.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        String county = registrationArea.substring(0, 6);
        if (county.endsWith("00") || !areas.isKnown(county)) {
            return Optional.empty();
        }
        return Optional.of(county + "." + DEPARTMENT);
    }
}
