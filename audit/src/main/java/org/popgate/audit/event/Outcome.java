package org.popgate.audit.event;

/** What came of the audited action. */
public enum Outcome {
    SUCCEEDED,
    FAILED,
    DENIED;

    private final String code = name().toLowerCase(java.util.Locale.ROOT);

    String code() {
        return code;
    }

    static Outcome ofCode(String code) {
        for (Outcome o : values()) {
            if (o.code.equals(code)) {
                return o;
            }
        }
        return null;
    }
}
