package org.popgate.audit.event;

import static org.popgate.audit.event.Field.ACTOR_PERSON;
import static org.popgate.audit.event.Field.ACTOR_ROLE;
import static org.popgate.audit.event.Field.APPROVAL_ID;
import static org.popgate.audit.event.Field.DATA_CATEGORIES;
import static org.popgate.audit.event.Field.EXCHANGE_ID;
import static org.popgate.audit.event.Field.FLOW;
import static org.popgate.audit.event.Field.LEGAL_BASIS;
import static org.popgate.audit.event.Field.OPERATION;
import static org.popgate.audit.event.Field.PURPOSE;
import static org.popgate.audit.event.Field.REASON;
import static org.popgate.audit.event.Field.RECORD_COUNT;
import static org.popgate.audit.event.Field.REQUEST_DIGEST;
import static org.popgate.audit.event.Field.RESPONSE_DIGEST;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Every kind of event the gateway writes, with the fields each one must carry (on top of id, type,
 * time, outcome and an actor person or member, which all events need).
 */
public enum EventType {
    EXCHANGE_REQUESTED(EventCategory.EXCHANGE, EXCHANGE_ID, FLOW, PURPOSE, LEGAL_BASIS, DATA_CATEGORIES),
    EXCHANGE_APPROVED(EventCategory.EXCHANGE, EXCHANGE_ID, APPROVAL_ID, ACTOR_PERSON, PURPOSE, LEGAL_BASIS),
    EXCHANGE_REJECTED(EventCategory.EXCHANGE, EXCHANGE_ID, ACTOR_PERSON, REASON),
    EXCHANGE_SELECTED(EventCategory.EXCHANGE, EXCHANGE_ID, APPROVAL_ID, FLOW, RECORD_COUNT),
    EXCHANGE_PSEUDONYMISED(EventCategory.EXCHANGE, EXCHANGE_ID, APPROVAL_ID, FLOW, RECORD_COUNT),
    EXCHANGE_PACKAGED(EventCategory.EXCHANGE, EXCHANGE_ID, APPROVAL_ID, FLOW, RECORD_COUNT, RESPONSE_DIGEST),
    EXCHANGE_DELIVERED(EventCategory.EXCHANGE, EXCHANGE_ID, APPROVAL_ID, FLOW, RESPONSE_DIGEST),
    EXCHANGE_RECEIPTED(EventCategory.EXCHANGE, EXCHANGE_ID, APPROVAL_ID, FLOW),
    EXCHANGE_FAILED(EventCategory.EXCHANGE, EXCHANGE_ID, FLOW, REASON),
    EXCHANGE_RECEIPT_OVERDUE(EventCategory.EXCHANGE, EXCHANGE_ID, APPROVAL_ID, FLOW),
    EXCHANGE_WITHDRAWN(EventCategory.EXCHANGE, EXCHANGE_ID, ACTOR_PERSON, REASON),

    FEED_RECEIVED(EventCategory.FEED, EXCHANGE_ID, FLOW, REQUEST_DIGEST),
    FEED_VALIDATED(EventCategory.FEED, EXCHANGE_ID, FLOW, RECORD_COUNT),
    FEED_APPLIED(EventCategory.FEED, EXCHANGE_ID, FLOW, RECORD_COUNT),
    FEED_REJECTED(EventCategory.FEED, EXCHANGE_ID, FLOW, REASON),

    MIGRANT_MESSAGE_SENT(EventCategory.MIGRANT, EXCHANGE_ID, FLOW, OPERATION),
    MIGRANT_MESSAGE_RECEIVED(EventCategory.MIGRANT, EXCHANGE_ID, FLOW, OPERATION),
    MIGRANT_MESSAGE_ANSWERED(EventCategory.MIGRANT, EXCHANGE_ID, FLOW, OPERATION),
    MIGRANT_MESSAGE_OVERDUE(EventCategory.MIGRANT, EXCHANGE_ID, FLOW, OPERATION),

    LOGIN_SUCCEEDED(EventCategory.ACCESS),
    LOGIN_FAILED(EventCategory.ACCESS, REASON),
    ACCESS_DENIED(EventCategory.ACCESS, OPERATION, REASON),
    /** A security officer consulted the audit trail (searched it, looked up a person, exported evidence). */
    AUDIT_CONSULTED(EventCategory.ACCESS, ACTOR_PERSON, ACTOR_ROLE, OPERATION),

    MEMBER_REGISTERED(EventCategory.ADMIN, ACTOR_PERSON, ACTOR_ROLE, OPERATION),
    MEMBER_STATUS_CHANGED(EventCategory.ADMIN, ACTOR_PERSON, ACTOR_ROLE, OPERATION),
    ACCOUNT_CHANGED(EventCategory.ADMIN, ACTOR_PERSON, ACTOR_ROLE, OPERATION),
    CERTIFICATE_ISSUED(EventCategory.ADMIN, ACTOR_PERSON, ACTOR_ROLE, OPERATION),
    CERTIFICATE_REVOKED(EventCategory.ADMIN, ACTOR_PERSON, ACTOR_ROLE, OPERATION, REASON),
    KEY_ROTATED(EventCategory.ADMIN, ACTOR_PERSON, ACTOR_ROLE, OPERATION),
    BACKUP_TAKEN(EventCategory.ADMIN, ACTOR_PERSON, ACTOR_ROLE, OPERATION),
    BACKUP_RESTORED(EventCategory.ADMIN, ACTOR_PERSON, ACTOR_ROLE, OPERATION),
    RESTORE_EPOCH(EventCategory.ADMIN, ACTOR_PERSON, ACTOR_ROLE, REASON),

    ALERT_RAISED(EventCategory.ALERT, OPERATION, REASON),
    ALERT_ACKNOWLEDGED(EventCategory.ALERT, ACTOR_PERSON, OPERATION),

    INTEGRITY_ALARM_RAISED(EventCategory.INTEGRITY, REASON),
    INTEGRITY_ALARM_ACKNOWLEDGED(EventCategory.INTEGRITY, ACTOR_PERSON, ACTOR_ROLE, REASON),
    VERIFICATION_RUN(EventCategory.INTEGRITY, RECORD_COUNT),
    /** This gateway, witnessing a peer gateway's audit log, refused one of its checkpoints (bad signature, rollback, fork). */
    PEER_CHECKPOINT_REFUSED(EventCategory.INTEGRITY, OPERATION, REASON);

    private final EventCategory category;
    private final Set<Field> required;

    EventType(EventCategory category, Field... required) {
        this.category = category;
        this.required = required.length == 0 ? EnumSet.noneOf(Field.class) : EnumSet.of(required[0], required);
    }

    public EventCategory category() {
        return category;
    }

    /** Fields this type requires beyond the ones every event carries. */
    public Set<Field> requiredFields() {
        return required.isEmpty() ? EnumSet.noneOf(Field.class) : EnumSet.copyOf(required);
    }

    /** The stable code written into the canonical encoding and the database, e.g. {@code exchange_approved}. */
    public String code() {
        return Codes.CODES[ordinal()];
    }

    /** The type with this code, or null. */
    public static EventType ofCode(String code) {
        return Codes.BY_CODE.get(code);
    }

    /** Codes computed once: encoding and verification look them up for every event. */
    private static final class Codes {
        static final String[] CODES;
        static final java.util.Map<String, EventType> BY_CODE;

        static {
            EventType[] types = values();
            CODES = new String[types.length];
            java.util.Map<String, EventType> byCode = new java.util.HashMap<>();
            for (EventType t : types) {
                CODES[t.ordinal()] = t.name().toLowerCase(Locale.ROOT);
                byCode.put(CODES[t.ordinal()], t);
            }
            BY_CODE = java.util.Map.copyOf(byCode);
        }
    }

    boolean requires(Field f) {
        return required.contains(f);
    }
}
