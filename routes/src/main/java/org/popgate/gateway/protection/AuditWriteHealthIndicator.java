package org.popgate.gateway.protection;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.popgate.audit.AuditException;
import org.popgate.audit.log.AuditLog;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness: DOWN when the audit store does not take a write transaction (under its sequencer) in time.
 * The gateway acknowledges nothing it cannot audit, so a load balancer should stop sending it work.
 */
@Component("auditWrite")
class AuditWriteHealthIndicator implements HealthIndicator, DisposableBean {

    private final AuditLog auditLog;
    private final ProtectionProperties properties;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "popgate-audit-probe");
        t.setDaemon(true);
        return t;
    });
    private Future<?> pending;

    AuditWriteHealthIndicator(AuditLog auditLog, ProtectionProperties properties) {
        this.auditLog = auditLog;
        this.properties = properties;
    }

    @Override
    public synchronized Health health() {
        if (pending != null && !pending.isDone()) {
            return Health.down().withDetail("reason", "audit_store_blocked").build();
        }
        pending = prober.submit(auditLog::catchUp);
        try {
            pending.get(properties.auditProbeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return Health.up().build();
        } catch (TimeoutException e) {
            return Health.down().withDetail("reason", "audit_store_blocked").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("reason", "interrupted").build();
        } catch (java.util.concurrent.ExecutionException e) {
            String code = e.getCause() instanceof AuditException ae ? ae.code().code() : "audit_store_unavailable";
            return Health.down().withDetail("reason", code).build();
        }
    }

    @Override
    public void destroy() {
        prober.shutdownNow();
    }
}
