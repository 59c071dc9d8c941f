package org.popgate.audit.event;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;

/**
 * One audit event: who, what, when (UTC, microseconds), why and outcome. Persons it concerns appear
 * only as the count and digest of its {@link SubjectIndex}. Build with {@link #builder(EventType)};
 * construction validates and refuses missing required fields with {@code audit_missing_field}.
 */
public record AuditEvent(
        UUID eventId,
        EventType type,
        Instant occurredAt,
        Actor actor,
        String flow,
        String operation,
        List<String> dataCategories,
        Long recordCount,
        long subjectCount,
        Digest subjectDigest,
        Digest requestDigest,
        Digest responseDigest,
        String purpose,
        String legalBasis,
        String approvalId,
        String exchangeId,
        Outcome outcome,
        String reason,
        SortedMap<String, String> attributes) {

    static final int MAX_TEXT = 512;
    static final int MAX_ATTRIBUTES = 32;
    static final int MAX_ATTRIBUTE_KEY = 64;

    public AuditEvent {
        actor = actor == null ? new Actor(null, null, null, null, null) : actor;
        dataCategories = dataCategories == null ? List.of() : List.copyOf(new TreeSet<>(dataCategories));
        attributes = Collections.unmodifiableSortedMap(attributes == null ? new TreeMap<>() : new TreeMap<>(attributes));
        validate(eventId, type, occurredAt, actor, flow, operation, dataCategories, recordCount, subjectCount,
                subjectDigest, requestDigest, responseDigest, purpose, legalBasis, approvalId, exchangeId, outcome,
                reason, attributes);
    }

    public static Builder builder(EventType type) {
        return new Builder(type);
    }

    /** A builder initialised with this event's values (a new event id is not assigned). */
    public Builder toBuilder() {
        Builder b = new Builder(type);
        b.eventId(eventId);
        b.occurredAt = occurredAt;
        b.actor = actor;
        b.flow = flow;
        b.operation = operation;
        b.dataCategories = new ArrayList<>(dataCategories);
        b.recordCount = recordCount;
        b.subjectCount = subjectCount;
        b.subjectDigest = subjectDigest;
        b.requestDigest = requestDigest;
        b.responseDigest = responseDigest;
        b.purpose = purpose;
        b.legalBasis = legalBasis;
        b.approvalId = approvalId;
        b.exchangeId = exchangeId;
        b.outcome = outcome;
        b.reason = reason;
        b.attributes = new TreeMap<>(attributes);
        return b;
    }

    /** Present when the event has this field set (used for required-field checks and encoding). */
    boolean has(Field f) {
        return switch (f) {
            case EVENT_ID -> eventId != null;
            case TYPE -> type != null;
            case OCCURRED_AT -> occurredAt != null;
            case ACTOR_PERSON -> actor.person() != null;
            case ACTOR_ROLE -> actor.role() != null;
            case ACTOR_MEMBER -> actor.member() != null;
            case ACTOR_DEPARTMENT -> actor.department() != null;
            case ACTOR_CERTIFICATE -> actor.certificate() != null;
            case FLOW -> flow != null;
            case OPERATION -> operation != null;
            case DATA_CATEGORIES -> !dataCategories.isEmpty();
            case RECORD_COUNT -> recordCount != null;
            case SUBJECT_COUNT -> subjectCount > 0;
            case SUBJECT_DIGEST -> subjectDigest != null;
            case REQUEST_DIGEST -> requestDigest != null;
            case RESPONSE_DIGEST -> responseDigest != null;
            case PURPOSE -> purpose != null;
            case LEGAL_BASIS -> legalBasis != null;
            case APPROVAL_ID -> approvalId != null;
            case EXCHANGE_ID -> exchangeId != null;
            case OUTCOME -> outcome != null;
            case REASON -> reason != null;
            case ATTRIBUTES -> !attributes.isEmpty();
        };
    }

    private static void validate(UUID eventId, EventType type, Instant occurredAt, Actor actor, String flow,
            String operation, List<String> dataCategories, Long recordCount, long subjectCount, Digest subjectDigest,
            Digest requestDigest, Digest responseDigest, String purpose, String legalBasis, String approvalId,
            String exchangeId, Outcome outcome, String reason, Map<String, String> attributes) {
        require(eventId != null, Field.EVENT_ID, type);
        require(type != null, Field.TYPE, null);
        require(occurredAt != null, Field.OCCURRED_AT, type);
        require(outcome != null, Field.OUTCOME, type);
        if (actor.person() == null && actor.member() == null) {
            throw new AuditException(AuditErrorCode.MISSING_FIELD,
                    "actor_person or actor_member is required for " + type.code());
        }
        text(actor.person(), Field.ACTOR_PERSON);
        text(actor.role(), Field.ACTOR_ROLE);
        text(actor.member(), Field.ACTOR_MEMBER);
        text(actor.department(), Field.ACTOR_DEPARTMENT);
        text(actor.certificate(), Field.ACTOR_CERTIFICATE);
        text(flow, Field.FLOW);
        text(operation, Field.OPERATION);
        text(purpose, Field.PURPOSE);
        text(legalBasis, Field.LEGAL_BASIS);
        text(approvalId, Field.APPROVAL_ID);
        text(exchangeId, Field.EXCHANGE_ID);
        text(reason, Field.REASON);
        for (String c : dataCategories) {
            text(c, Field.DATA_CATEGORIES);
        }
        if (recordCount != null && recordCount < 0) {
            throw invalid(Field.RECORD_COUNT, "must not be negative");
        }
        if (subjectCount < 0) {
            throw invalid(Field.SUBJECT_COUNT, "must not be negative");
        }
        if ((subjectCount > 0) != (subjectDigest != null)) {
            throw invalid(Field.SUBJECT_DIGEST, "must be present exactly when subjects are");
        }
        digest(subjectDigest, Field.SUBJECT_DIGEST);
        digest(requestDigest, Field.REQUEST_DIGEST);
        digest(responseDigest, Field.RESPONSE_DIGEST);
        if (occurredAt.getNano() % 1000 != 0) {
            throw invalid(Field.OCCURRED_AT, "must be truncated to microseconds");
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw invalid(Field.ATTRIBUTES, "too many entries");
        }
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            if (!attributeKey(e.getKey())) {
                throw invalid(Field.ATTRIBUTES, "key must match [a-z0-9][a-z0-9_.-]{0,63}");
            }
            Objects.requireNonNull(e.getValue());
            text(e.getValue(), Field.ATTRIBUTES);
        }
        EventType t = type;
        for (Field f : t.requiredFields()) {
            boolean present = switch (f) {
                case ACTOR_PERSON -> actor.person() != null;
                case ACTOR_ROLE -> actor.role() != null;
                case FLOW -> flow != null;
                case OPERATION -> operation != null;
                case DATA_CATEGORIES -> !dataCategories.isEmpty();
                case RECORD_COUNT -> recordCount != null;
                case REQUEST_DIGEST -> requestDigest != null;
                case RESPONSE_DIGEST -> responseDigest != null;
                case PURPOSE -> purpose != null;
                case LEGAL_BASIS -> legalBasis != null;
                case APPROVAL_ID -> approvalId != null;
                case EXCHANGE_ID -> exchangeId != null;
                case REASON -> reason != null;
                default -> true;
            };
            require(present, f, t);
        }
        if (outcome != Outcome.SUCCEEDED && reason == null) {
            require(false, Field.REASON, t);
        }
    }

    /** {@code [a-z0-9][a-z0-9_.-]{0,63}}, checked by hand: a regex match per attribute showed in the append profile. */
    static boolean attributeKey(String k) {
        if (k.isEmpty() || k.length() > MAX_ATTRIBUTE_KEY) {
            return false;
        }
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            boolean alnum = c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
            if (!alnum && (i == 0 || c != '_' && c != '.' && c != '-')) {
                return false;
            }
        }
        return true;
    }

    private static void require(boolean present, Field f, EventType type) {
        if (!present) {
            throw new AuditException(AuditErrorCode.MISSING_FIELD,
                    f.label() + " is required" + (type == null ? "" : " for " + type.code()));
        }
    }

    private static void text(String s, Field f) {
        if (s == null) {
            return;
        }
        if (s.isEmpty() || s.length() > MAX_TEXT) {
            throw invalid(f, "must be 1.." + MAX_TEXT + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                throw invalid(f, "contains a control character or unpaired surrogate");
            }
        }
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static void digest(Digest d, Field f) {
        if (d != null && (d.value().length < 16 || d.value().length > 64)) {
            throw invalid(f, "must be 16..64 bytes");
        }
    }

    private static AuditException invalid(Field f, String why) {
        return new AuditException(AuditErrorCode.INVALID_FIELD, f.label() + " " + why);
    }

    /** Collects event fields; {@link #build()} validates. */
    public static final class Builder {
        /** Drawn in {@link #build()} when the caller set none (a random UUID locks the shared SecureRandom). */
        private UUID eventId;
        private boolean eventIdSet;
        private final EventType type;
        private Instant occurredAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        private Actor actor;
        private String flow;
        private String operation;
        private List<String> dataCategories = new ArrayList<>();
        private Long recordCount;
        private long subjectCount;
        private Digest subjectDigest;
        private Digest requestDigest;
        private Digest responseDigest;
        private String purpose;
        private String legalBasis;
        private String approvalId;
        private String exchangeId;
        private Outcome outcome = Outcome.SUCCEEDED;
        private String reason;
        private SortedMap<String, String> attributes = new TreeMap<>();

        private Builder(EventType type) {
            this.type = type;
        }

        public Builder eventId(UUID v) { eventId = v; eventIdSet = true; return this; }
        public Builder occurredAt(Instant v) { occurredAt = v == null ? null : v.truncatedTo(ChronoUnit.MICROS); return this; }
        public Builder actor(Actor v) { actor = v; return this; }
        public Builder flow(String v) { flow = v; return this; }
        public Builder operation(String v) { operation = v; return this; }
        public Builder dataCategories(Collection<String> v) { dataCategories = new ArrayList<>(v); return this; }
        public Builder recordCount(long v) { recordCount = v; return this; }
        public Builder requestDigest(Digest v) { requestDigest = v; return this; }
        public Builder responseDigest(Digest v) { responseDigest = v; return this; }
        public Builder purpose(String v) { purpose = v; return this; }
        public Builder legalBasis(String v) { legalBasis = v; return this; }
        public Builder approvalId(String v) { approvalId = v; return this; }
        public Builder exchangeId(String v) { exchangeId = v; return this; }
        public Builder outcome(Outcome v) { outcome = v; return this; }
        public Builder reason(String v) { reason = v; return this; }
        public Builder attribute(String k, String v) { attributes.put(k, v); return this; }

        /** Records the subject index (count and digest); pass the same index to the append call. */
        public Builder subjects(SubjectIndex index) {
            subjectCount = index.size();
            subjectDigest = index.size() == 0 ? null : index.digest();
            return this;
        }

        Builder subjectSummary(long count, Digest digest) {
            subjectCount = count;
            subjectDigest = digest;
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(eventIdSet ? eventId : UUID.randomUUID(), type, occurredAt, actor, flow, operation,
                    dataCategories, recordCount, subjectCount, subjectDigest, requestDigest, responseDigest, purpose,
                    legalBasis, approvalId, exchangeId, outcome, reason, attributes);
        }
    }
}
