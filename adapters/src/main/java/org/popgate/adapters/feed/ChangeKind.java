package org.popgate.adapters.feed;

/** The kinds of change a department reports, with stable codes and the department that reports them. */
public enum ChangeKind {
    BIRTH_REGISTRATION("birth_registration", Counterpart.POLICE),
    DEATH_CANCELLATION("death_cancellation", Counterpart.POLICE),
    MOVE_IN("move_in", Counterpart.POLICE),
    MOVE_OUT("move_out", Counterpart.POLICE),
    ID_ISSUED("id_issued", Counterpart.POLICE),
    NAME_CHANGE("name_change", Counterpart.POLICE),
    MARRIAGE("marriage", Counterpart.CIVIL_AFFAIRS),
    DIVORCE("divorce", Counterpart.CIVIL_AFFAIRS),
    CREMATION("cremation", Counterpart.CIVIL_AFFAIRS),
    BIRTH_MEDICAL_CERTIFICATE("birth_medical_certificate", Counterpart.HEALTH),
    VACCINATION("vaccination", Counterpart.HEALTH),
    STUDENT_ROSTER_ENTRY("student_roster_entry", Counterpart.EDUCATION);

    private final String code;
    private final Counterpart source;

    ChangeKind(String code, Counterpart source) {
        this.code = code;
        this.source = source;
    }

    public String code() {
        return code;
    }

    public Counterpart source() {
        return source;
    }
}
