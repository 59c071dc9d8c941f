package org.popgate.adapters.population;

import java.time.LocalDate;

/** The canonical person record: the main data items (主要数据项) of one person. */
public record PersonRecord(
        long id,
        String idNumber,
        String name,
        String gender,
        LocalDate birthDate,
        String householdType,
        String registrationArea,
        String residenceArea,
        String managementAttribute,
        LocalDate managementChangedAt,
        String maritalStatus,
        String cancelReason,
        LocalDate cancelledAt) {

    /** Never prints personal data, so a record cannot leak through a log line. */
    @Override
    public String toString() {
        return "PersonRecord[id=" + id + "]";
    }
}
