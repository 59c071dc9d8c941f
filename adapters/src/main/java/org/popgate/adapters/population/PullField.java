package org.popgate.adapters.population;

/**
 * The person data items a pull can carry, and the category each belongs to in the data-sharing
 * catalogue. Sensitive categories (PIPL art. 28) travel only where an approval names them.
 */
public enum PullField {
    ID_NUMBER("identity", "idNumber"),
    NAME("identity", "name"),
    GENDER("basic", "gender"),
    BIRTH_DATE("basic", "birthDate"),
    HOUSEHOLD_TYPE("household", "householdType"),
    REGISTRATION_AREA("household", "registrationArea"),
    RESIDENCE_AREA("residence", "residenceArea"),
    MANAGEMENT_ATTRIBUTE("residence", "managementAttribute"),
    MARITAL_STATUS("marital", "maritalStatus"),
    CANCELLATION("status", "cancellation");

    private final String category;
    private final String jsonName;

    PullField(String category, String jsonName) {
        this.category = category;
        this.jsonName = jsonName;
    }

    /** The catalogue category (basic, identity, household, residence, marital, status). */
    public String category() {
        return category;
    }

    /** The field's name in a package's JSON records. */
    public String jsonName() {
        return jsonName;
    }
}
