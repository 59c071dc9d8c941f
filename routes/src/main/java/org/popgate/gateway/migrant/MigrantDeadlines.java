package org.popgate.gateway.migrant;

import java.time.LocalDate;
import java.util.List;
import org.popgate.adapters.migrant.DeadlineStatus;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.log.AuditLog;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Watches the answer deadlines of received messages on the migrant clock: a message past its deadline is audited
 * once as overdue (MIGRANT_MESSAGE_OVERDUE, stage overdue), which the alert desk turns into an alert for the
 * office; one past its escalation day is audited once more (stage escalated) and the alert goes to the county
 * office. Due-soon warnings are shown in the office's deadline list.
 */
final class MigrantDeadlines {

    static final String COUNTY_OFFICE = "population-office";

    private final MigrantStore store;
    private final AuditLog auditLog;
    private final TransactionTemplate tx;
    private final MigrantClock clock;
    private final Actor gateway;

    MigrantDeadlines(MigrantStore store, AuditLog auditLog, TransactionTemplate tx, MigrantClock clock, Actor gateway) {
        this.store = store;
        this.auditLog = auditLog;
        this.tx = tx;
        this.clock = clock;
        this.gateway = gateway;
    }

    /** One pass over the open messages that owe an alert; returns how many overdue or escalation events it wrote. */
    synchronized int check() {
        LocalDate today = clock.today();
        int written = 0;
        for (MigrantStore.Stored s : store.owingDeadlineAlert(today)) {
            DeadlineStatus status = s.deadline().status(today, s.answeredOn());
            if (status == DeadlineStatus.ESCALATED && !s.escalated()) {
                tx.executeWithoutResult(t -> {
                    store.markEscalated(s.message().businessKey());
                    auditLog.append(event(s, "escalated", s.message().recipient().substring(0, 6) + "." + COUNTY_OFFICE));
                });
                written++;
            } else if (status == DeadlineStatus.OVERDUE && !s.overdueAlerted()) {
                tx.executeWithoutResult(t -> {
                    store.markOverdueAlerted(s.message().businessKey());
                    auditLog.append(event(s, "overdue", s.message().recipient()));
                });
                written++;
            }
        }
        return written;
    }

    /** An office's open messages that are due soon, overdue or escalated on the migrant clock's today. */
    List<MigrantStore.Stored> attention(String office) {
        LocalDate today = clock.today();
        return store.openWithDeadline(office).stream()
                .filter(s -> s.deadline().status(today, s.answeredOn()) != DeadlineStatus.OPEN)
                .toList();
    }

    private AuditEvent event(MigrantStore.Stored s, String stage, String alertTo) {
        MigrantMessage m = s.message();
        return AuditEvent.builder(EventType.MIGRANT_MESSAGE_OVERDUE)
                .actor(gateway)
                .flow("migrant")
                .exchangeId(m.businessKey())
                .operation(stage)
                .attribute("office", m.recipient())
                .attribute("alert_to", alertTo)
                .attribute("due_on", s.dueOn().toString())
                .outcome(Outcome.FAILED)
                .reason("migrant_" + stage)
                .build();
    }
}
