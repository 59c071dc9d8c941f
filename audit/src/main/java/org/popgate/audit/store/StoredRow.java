package org.popgate.audit.store;

import java.time.Instant;
import java.util.Objects;
import org.popgate.audit.event.AuditEvent;

/** One audit row as stored: the leaf (canonical bytes), its seal and the query columns copied from it. */
public record StoredRow(long seq, String eventId, String eventType, Instant occurredAt, String actorPerson,
        String actorMember, String actorDepartment, String approvalId, String exchangeId, long subjectCount,
        byte[] leaf, byte[] rowSeal) {

    /** The query columns a correct row has for this event. */
    public static StoredRow of(long seq, AuditEvent e, byte[] leaf, byte[] seal) {
        return new StoredRow(seq, e.eventId().toString(), e.type().code(), e.occurredAt(), e.actor().person(),
                e.actor().member(), e.actor().department(), e.approvalId(), e.exchangeId(), e.subjectCount(), leaf,
                seal);
    }

    /** Whether every query column equals what the decoded leaf says. */
    public boolean columnsMatch(AuditEvent e) {
        return eventId.equals(e.eventId().toString())
                && eventType.equals(e.type().code())
                && occurredAt.equals(e.occurredAt())
                && Objects.equals(actorPerson, e.actor().person())
                && Objects.equals(actorMember, e.actor().member())
                && Objects.equals(actorDepartment, e.actor().department())
                && Objects.equals(approvalId, e.approvalId())
                && Objects.equals(exchangeId, e.exchangeId())
                && subjectCount == e.subjectCount();
    }
}
