package org.popgate.audit;

/** The one exception type of the audit module; messages never carry personal data. */
public final class AuditException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final AuditErrorCode code;

    public AuditException(AuditErrorCode code, String detail) {
        super(code.code() + ": " + detail);
        this.code = code;
    }

    public AuditException(AuditErrorCode code, String detail, Throwable cause) {
        super(code.code() + ": " + detail, cause);
        this.code = code;
    }

    public AuditErrorCode code() {
        return code;
    }
}
