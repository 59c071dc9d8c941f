package org.popgate.gateway.migrant;

import java.util.List;
import java.util.Locale;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.event.SubjectHasher;
import org.popgate.audit.event.SubjectIndex;
import org.popgate.audit.log.AuditLog;

/**
 * The audit events of the migrant exchange: one per message sent, received, answered, with the person as a
 * keyed subject hash, so "who exchanged what about person X" is a query on the audit log.
 */
final class MigrantAudit {

    private final AuditLog auditLog;
    private final SubjectHasher subjects;

    MigrantAudit(AuditLog auditLog, SubjectHasher subjects) {
        this.auditLog = auditLog;
        this.subjects = subjects;
    }

    /** Appends (durably) the event of {@code type} about {@code m}. */
    void append(EventType type, MigrantMessage m, Actor actor) {
        SubjectIndex index = SubjectIndex.of(auditLog.suite(), List.of(subjects.hash(m.idNumber())));
        auditLog.append(AuditEvent.builder(type)
                .actor(actor)
                .flow("migrant")
                .exchangeId(m.businessKey())
                .operation(m.kind().name().toLowerCase(Locale.ROOT) + "." + m.type().name().toLowerCase(Locale.ROOT))
                .attribute("sender", m.sender())
                .attribute("recipient", m.recipient())
                .subjects(index)
                .outcome(Outcome.SUCCEEDED)
                .build(), index);
    }

    AuditLog log() {
        return auditLog;
    }
}
