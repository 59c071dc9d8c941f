package org.popgate.adapters.feed.quality;

import java.time.LocalDate;

/**
 * One person as the quality figures see them: the main data items as stored (possibly wrong or missing),
 * the village they are counted in, and the relations the logic checks need. {@code toString()} prints
 * nothing personal.
 *
 * @param village the 12-digit village code the person is counted in
 * @param lookupHash the keyed hash of the normalised ID number (duplicates share it)
 * @param marriedWomanOfChildbearingAge a married woman aged 15–49 whose record is not cancelled
 * @param hasSpouseRecord a marriage record names this person
 * @param hasFertilityRecord the extra items of married women of childbearing age exist
 * @param motherBirthDate the mother's birth date when the mother is known, else {@code null}
 */
public record PersonFact(String village, String lookupHash, String idNumber, String name, String gender,
        LocalDate birthDate, String householdType, String registrationArea, String residenceArea,
        String managementAttribute, LocalDate managementChangedAt, String cancelReason, LocalDate cancelledAt,
        String maritalStatus, boolean marriedWomanOfChildbearingAge, boolean hasSpouseRecord,
        boolean hasFertilityRecord, LocalDate motherBirthDate) {

    @Override
    public String toString() {
        return "PersonFact[village=" + village + "]";
    }
}
