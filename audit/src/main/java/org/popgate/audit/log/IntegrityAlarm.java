package org.popgate.audit.log;

import java.time.Instant;
import java.util.Optional;
import org.popgate.audit.AuditErrorCode;

/**
 * The integrity-alarm state. Raised by the start-up check or a full verification when storage,
 * checkpoints and witnesses disagree; while raised, {@link AuditLog} refuses exchange events with
 * {@code audit_integrity_alarm} (other events, e.g. logins and the acknowledgement itself, are still
 * logged). Cleared only by {@link AuditLog#acknowledgeAlarm}, which logs who acknowledged it.
 */
public final class IntegrityAlarm {

    /** Why the alarm is raised. */
    public record Raised(AuditErrorCode code, String detail, Instant at) {}

    private volatile Raised raised;

    public void raise(AuditErrorCode code, String detail) {
        synchronized (this) {
            if (raised == null) {
                raised = new Raised(code, detail, Instant.now());
            }
        }
    }

    public boolean active() {
        return raised != null;
    }

    public Optional<Raised> current() {
        return Optional.ofNullable(raised);
    }

    synchronized void clear() {
        raised = null;
    }
}
