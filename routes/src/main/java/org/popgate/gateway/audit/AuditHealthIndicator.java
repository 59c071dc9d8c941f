package org.popgate.gateway.audit;

import org.popgate.audit.log.AuditLog;
import org.popgate.audit.log.IntegrityAlarm;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** DOWN while the audit integrity alarm stands: the gateway then refuses exchanges (fail closed). */
@Component("audit")
class AuditHealthIndicator implements HealthIndicator {

    private final AuditLog auditLog;
    private final IntegrityAlarm alarm;

    AuditHealthIndicator(AuditLog auditLog, IntegrityAlarm alarm) {
        this.auditLog = auditLog;
        this.alarm = alarm;
    }

    @Override
    public Health health() {
        Health.Builder builder = alarm.current()
                .map(raised -> Health.down().withDetail("integrityAlarm", raised.code().code()))
                .orElseGet(Health::up);
        return builder.withDetail("size", auditLog.head().size()).build();
    }
}
