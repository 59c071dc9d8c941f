package org.popgate.audit.verify;

import org.popgate.audit.AuditErrorCode;

/** One problem a verification found: its code, the row or checkpoint it concerns (-1: none), a detail. */
public record Finding(AuditErrorCode code, long seq, String detail) {

    /** Whether this finding means the log cannot be trusted (an unreachable witness does not). */
    public boolean integrityFailure() {
        return code != AuditErrorCode.WITNESS_UNAVAILABLE;
    }

    @Override
    public String toString() {
        return code.code() + (seq >= 0 ? " at seq " + seq : "") + ": " + detail;
    }
}
