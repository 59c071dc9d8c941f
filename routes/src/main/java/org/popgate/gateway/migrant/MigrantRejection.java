package org.popgate.gateway.migrant;

/** A delivery the receiver refuses; its code and detail go to the dead-letter queue (no personal data in either). */
final class MigrantRejection extends RuntimeException {

    private final String code;

    MigrantRejection(MigrantReason reason, String detail) {
        this(reason.code(), detail);
    }

    MigrantRejection(String code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
