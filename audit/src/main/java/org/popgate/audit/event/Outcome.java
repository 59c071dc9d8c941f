package org.popgate.audit.event;

/** What came of the audited action. */
public enum Outcome {
    SUCCEEDED,
    FAILED,
    DENIED;

    String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Outcome ofCode(String code) {
        for (Outcome o : values()) {
            if (o.code().equals(code)) {
                return o;
            }
        }
        return null;
    }
}
