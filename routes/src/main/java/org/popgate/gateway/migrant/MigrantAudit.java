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

    /**
     * Appends the event of {@code type} for the messages of one package: a single message is its own event (its
     * business key as exchange id); a batched package is one event with the package id, the record count and the
     * subject index of every person in it (how a bulk exchange is audited, DESIGN.md §7).
     */
    void appendPackage(EventType type, String packageId, List<MigrantMessage> messages, Actor actor) {
        if (messages.size() == 1) {
            append(type, messages.get(0), actor);
            return;
        }
        SubjectIndex index = SubjectIndex.of(auditLog.suite(),
                messages.stream().map(m -> subjects.hash(m.idNumber())).toList());
        MigrantMessage first = messages.get(0);
        auditLog.append(AuditEvent.builder(type)
                .actor(actor)
                .flow("migrant")
                .exchangeId(packageId)
                .operation("batch." + first.kind().name().toLowerCase(Locale.ROOT))
                .recordCount(messages.size())
                .attribute("sender", first.sender())
                .attribute("recipient", first.recipient())
                .subjects(index)
                .outcome(Outcome.SUCCEEDED)
                .build(), index);
    }

    AuditLog log() {
        return auditLog;
    }
}
