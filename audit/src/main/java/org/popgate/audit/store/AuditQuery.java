package org.popgate.audit.store;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.SubjectHash;

/**
 * Filters for audit queries; null means "any". Results come in sequence order, at most
 * {@code limit}, starting after {@code afterSeq} (for paging).
 */
public record AuditQuery(Instant from, Instant to, String actorPerson, String actorMember, String department,
        SubjectHash subject, String approvalId, String exchangeId, Set<EventType> types, long afterSeq,
        int limit) {

    public AuditQuery {
        types = types == null || types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
        if (limit <= 0 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1..10000");
        }
    }

    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, null, null, null, null, -1, 1000);
    }

    public AuditQuery between(Instant f, Instant t) {
        return new AuditQuery(f, t, actorPerson, actorMember, department, subject, approvalId, exchangeId, types, afterSeq, limit);
    }

    public AuditQuery byPerson(String p) {
        return new AuditQuery(from, to, p, actorMember, department, subject, approvalId, exchangeId, types, afterSeq, limit);
    }

    public AuditQuery byMember(String m) {
        return new AuditQuery(from, to, actorPerson, m, department, subject, approvalId, exchangeId, types, afterSeq, limit);
    }

    public AuditQuery byDepartment(String d) {
        return new AuditQuery(from, to, actorPerson, actorMember, d, subject, approvalId, exchangeId, types, afterSeq, limit);
    }

    public AuditQuery bySubject(SubjectHash s) {
        return new AuditQuery(from, to, actorPerson, actorMember, department, s, approvalId, exchangeId, types, afterSeq, limit);
    }

    public AuditQuery byApproval(String a) {
        return new AuditQuery(from, to, actorPerson, actorMember, department, subject, a, exchangeId, types, afterSeq, limit);
    }

    public AuditQuery byExchange(String x) {
        return new AuditQuery(from, to, actorPerson, actorMember, department, subject, approvalId, x, types, afterSeq, limit);
    }

    public AuditQuery ofTypes(Set<EventType> t) {
        return new AuditQuery(from, to, actorPerson, actorMember, department, subject, approvalId, exchangeId, t, afterSeq, limit);
    }

    public AuditQuery page(long after, int max) {
        return new AuditQuery(from, to, actorPerson, actorMember, department, subject, approvalId, exchangeId, types, after, max);
    }
}
