package org.popgate.gateway.alerts;

import java.time.Instant;
import java.util.List;
import org.popgate.audit.AuditException;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.log.LoggedEvent;
import org.popgate.audit.store.AuditQuery;
import org.popgate.gateway.audit.AuditProperties;
import org.popgate.audit.event.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads the audit log from where it left off (the position is kept in the database, so a restart neither
 * misses nor repeats events), runs the rules, stores what they raise and audits each alert (ALERT_RAISED).
 */
@Component
class AlertEngine {

    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);
    private static final int PAGE = 1000;

    private final AuditLog auditLog;
    private final AlertRepository alerts;
    private final AlertRules rules;
    private final Actor gateway;
    private long scanned = Long.MIN_VALUE;

    AlertEngine(AuditLog auditLog, AlertRepository alerts, AlertProperties properties, AuditProperties audit) {
        this.auditLog = auditLog;
        this.alerts = alerts;
        this.rules = new AlertRules(properties);
        this.gateway = Actor.gateway(audit.member());
    }

    @Scheduled(fixedDelayString = "${popgate.alerts.scan-interval:1s}")
    synchronized void scan() {
        try {
            if (scanned == Long.MIN_VALUE) {
                scanned = alerts.scannedSeq();
            }
            List<LoggedEvent> page;
            do {
                page = auditLog.query(AuditQuery.all().page(scanned, PAGE));
                for (LoggedEvent logged : page) {
                    for (AlertRules.Raised raised : rules.apply(logged.event())) {
                        raise(raised, logged.seq());
                    }
                    scanned = logged.seq();
                }
                if (!page.isEmpty()) {
                    alerts.setScannedSeq(scanned);
                }
            } while (page.size() == PAGE);
        } catch (AuditException e) {
            log.error("Alert scan failed: {}", e.code().code());
        }
    }

    private void raise(AlertRules.Raised raised, long seq) {
        long id = alerts.insert(raised.rule(), raised.subject(), raised.detail(), Instant.now(), seq);
        auditLog.append(AuditEvent.builder(EventType.ALERT_RAISED)
                .actor(gateway)
                .operation(raised.rule())
                .reason(raised.detail())
                .attribute("alert", Long.toString(id))
                .attribute("subject", raised.subject())
                .outcome(Outcome.SUCCEEDED)
                .build());
        log.warn("Alert {} raised by rule {}", id, raised.rule());
    }
}
