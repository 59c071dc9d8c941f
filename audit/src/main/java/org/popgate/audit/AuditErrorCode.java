package org.popgate.audit;

/** Stable, machine-readable reasons the audit module refuses an operation or flags a finding. */
public enum AuditErrorCode {
    MISSING_FIELD("audit_missing_field"),
    INVALID_FIELD("audit_invalid_field"),
    SUBJECT_INDEX_MISMATCH("audit_subject_index_mismatch"),
    ENCODING_INVALID("audit_encoding_invalid"),
    STORE_UNAVAILABLE("audit_store_unavailable"),
    LOG_CLOSED("audit_log_closed"),
    INTEGRITY_ALARM("audit_integrity_alarm"),
    LOG_GAP("audit_log_gap"),
    ROW_MISMATCH("audit_row_mismatch"),
    ROW_SEAL_INVALID("audit_row_seal_invalid"),
    SUBJECT_ROWS_MISMATCH("audit_subject_rows_mismatch"),
    ROOT_MISMATCH("audit_root_mismatch"),
    LOG_TRUNCATED("audit_log_truncated"),
    CHECKPOINT_INVALID("audit_checkpoint_invalid"),
    CHECKPOINT_ORDER("audit_checkpoint_order"),
    SIGNATURE_INVALID("audit_signature_invalid"),
    TIMESTAMP_INVALID("audit_timestamp_invalid"),
    PROOF_INVALID("audit_proof_invalid"),
    WITNESS_INCONSISTENT("audit_witness_inconsistent"),
    WITNESS_UNAVAILABLE("audit_witness_unavailable"),
    EXPORT_INVALID("audit_export_invalid"),
    KEY_UNSUPPORTED("audit_key_unsupported");

    private final String code;

    AuditErrorCode(String code) {
        this.code = code;
    }

    /** The stable snake_case code, e.g. {@code audit_missing_field}. */
    public String code() {
        return code;
    }
}
