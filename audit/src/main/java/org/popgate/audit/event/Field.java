package org.popgate.audit.event;

/**
 * The fields of an audit event, in canonical encoding order; the ordinal + 1 is the field's tag in
 * {@link CanonicalEncoding}. Never reorder: append new fields at the end.
 */
public enum Field {
    EVENT_ID,
    TYPE,
    OCCURRED_AT,
    ACTOR_PERSON,
    ACTOR_ROLE,
    ACTOR_MEMBER,
    ACTOR_DEPARTMENT,
    ACTOR_CERTIFICATE,
    FLOW,
    OPERATION,
    DATA_CATEGORIES,
    RECORD_COUNT,
    SUBJECT_COUNT,
    SUBJECT_DIGEST,
    REQUEST_DIGEST,
    RESPONSE_DIGEST,
    PURPOSE,
    LEGAL_BASIS,
    APPROVAL_ID,
    EXCHANGE_ID,
    OUTCOME,
    REASON,
    ATTRIBUTES;

    /** The field name as used in error messages, e.g. {@code approval_id}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    int tag() {
        return ordinal() + 1;
    }
}
