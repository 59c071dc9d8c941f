package org.popgate.gateway.backup;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import org.popgate.audit.event.Actor;
import org.popgate.gateway.audit.AuditProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/** Takes a backup every {@code popgate.backup.schedule} (off when unset), as the gateway itself. */
@Component
class BackupSchedule implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BackupSchedule.class);

    private final BackupService backups;
    private final BackupProperties properties;
    private final TaskScheduler scheduler;
    private final Actor actor;
    private ScheduledFuture<?> task;

    BackupSchedule(BackupService backups, BackupProperties properties, TaskScheduler scheduler, AuditProperties audit) {
        this.backups = backups;
        this.properties = properties;
        this.scheduler = scheduler;
        this.actor = new Actor("backup-schedule", "system", audit.member(), null, null);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        Duration every = properties.schedule();
        if (every != null && !every.isZero() && !every.isNegative()) {
            task = scheduler.scheduleWithFixedDelay(this::run, java.time.Instant.now().plus(every), every);
            log.info("Backups every {}", every);
        }
    }

    void run() {
        try {
            BackupService.BackupFile f = backups.takeBackup(actor);
            log.info("Scheduled backup {} written ({} bytes, off-site copy: {})", f.id(), f.size(), f.offsite());
        } catch (RuntimeException e) {
            log.error("Scheduled backup failed: {}", e instanceof BackupException b ? b.failure().code() : e.getClass().getSimpleName());
        }
    }

    @Override
    public void destroy() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
