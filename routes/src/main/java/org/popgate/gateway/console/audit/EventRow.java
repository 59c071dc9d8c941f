package org.popgate.gateway.console.audit;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.log.LoggedEvent;

/** One audit event as a table row: fixed display strings, no subject hashes (only how many persons it touched). */
record EventRow(long seq, String time, String type, String actor, String role, String member, String what,
        String approvalId, String exchangeId, String records, long subjects, String outcome, String reason) {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    static EventRow of(LoggedEvent logged) {
        AuditEvent e = logged.event();
        String member = e.actor().member() != null ? e.actor().member() : e.actor().department();
        String recipient = e.attributes().get("recipient");
        if (recipient != null) {
            member = member == null ? "→ " + recipient : member + " → " + recipient;
        }
        String what = e.flow() != null && e.operation() != null ? e.flow() + " · " + e.operation()
                : e.flow() != null ? e.flow() : e.operation();
        return new EventRow(logged.seq(), TIME.format(e.occurredAt()), e.type().code(), e.actor().person(),
                e.actor().role(), member, what, e.approvalId(), e.exchangeId(),
                e.recordCount() == null ? null : e.recordCount().toString(), e.subjectCount(),
                e.outcome().name().toLowerCase(Locale.ROOT), e.reason());
    }

    /** A bulk exchange: one event for many persons, found through its subject index. */
    public boolean bulk() {
        return subjects > 1;
    }
}
