package org.popgate.gateway.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.audit.checkpoint.SignedCheckpoint;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.log.Checkpointer;
import org.popgate.audit.log.LoggedEvent;
import org.popgate.audit.store.AuditQuery;
import org.popgate.audit.witness.Witness;
import org.popgate.gateway.config.PopgateProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * The restore epoch inside the gateway. A restore leaves a marker in the data directory; on the next
 * start the gateway appends {@code backup_restored} and the signed {@code restore_epoch} event (naming the
 * backup, the restored checkpoint and the witnessed checkpoint it falls back from), checkpoints it, and
 * holds the integrity alarm up — exchange events are refused — until a security officer
 * {@link #acknowledge acknowledges} the epoch. The acknowledgement records the epoch at every witness
 * that still holds the abandoned checkpoint, so the shorter log is not reported as truncated again.
 */
@Component
public class RestoreEpochs implements InitializingBean {

    static final String MARKER = "restore-epoch.properties";
    private static final Logger log = LoggerFactory.getLogger(RestoreEpochs.class);

    private final AuditLog auditLog;
    private final Checkpointer checkpointer;
    private final CheckpointVerifier checkpoints;
    private final List<Witness> witnesses;
    private final Path marker;

    RestoreEpochs(AuditLog auditLog, Checkpointer checkpointer, CheckpointVerifier checkpoints, List<Witness> witnesses,
            PopgateProperties popgate) {
        this.auditLog = auditLog;
        this.checkpointer = checkpointer;
        this.checkpoints = checkpoints;
        this.witnesses = List.copyOf(witnesses);
        this.marker = popgate.dataDir().resolve(MARKER);
    }

    /** Writes the marker a restore leaves for the gateway's next start. */
    static void writeMarker(Path dataDir, Map<String, String> values) throws IOException {
        Properties p = new Properties();
        p.putAll(values);
        Files.createDirectories(dataDir);
        try (OutputStream out = Files.newOutputStream(dataDir.resolve(MARKER))) {
            p.store(out, "written by popgate restore; the gateway turns it into a restore_epoch audit event");
        }
    }

    @Override
    public void afterPropertiesSet() throws IOException {
        boolean appended = false;
        if (Files.exists(marker)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(marker)) {
                p.load(in);
            }
            Actor operator = Actor.person(p.getProperty("operator", "unknown"), "SYSADMIN", null);
            auditLog.append(BackupService.event(EventType.BACKUP_RESTORED, operator, "restore")
                    .attribute("backup_id", p.getProperty("backup_id", "")).attribute("backup_sha256",
                            p.getProperty("backup_sha256", "")).outcome(Outcome.SUCCEEDED).build());
            var epoch = BackupService.event(EventType.RESTORE_EPOCH, operator, "restore_epoch").reason("restored_from_backup");
            for (String key : List.of("backup_id", "backup_sha256", "restored_size", "restored_root", "witnessed_size",
                    "witnessed_root", "witness")) {
                String v = p.getProperty(key);
                if (v != null && !v.isEmpty()) {
                    epoch.attribute(key, v);
                }
            }
            long seq = auditLog.append(epoch.outcome(Outcome.SUCCEEDED).build());
            Files.delete(marker);
            log.warn("Restored from backup {}: restore epoch at audit sequence {}; exchanges wait for a security "
                    + "officer's acknowledgement", p.getProperty("backup_id"), seq);
            appended = true;
        }
        if (pending().isPresent()) {
            auditLog.alarm().raise(AuditErrorCode.LOG_TRUNCATED,
                    "restored from a backup: the restore epoch awaits a security officer's acknowledgement");
            if (appended) {
                checkpointer.checkpoint();
            }
        }
    }

    /** The latest restore epoch, if no officer acknowledged it yet. */
    public Optional<LoggedEvent> pending() {
        Optional<LoggedEvent> epoch = latest(EventType.RESTORE_EPOCH);
        if (epoch.isEmpty()) {
            return Optional.empty();
        }
        Optional<LoggedEvent> ack = latest(EventType.INTEGRITY_ALARM_ACKNOWLEDGED);
        return ack.isPresent() && ack.get().seq() > epoch.get().seq() ? Optional.empty() : epoch;
    }

    /**
     * A security officer acknowledges the pending restore epoch: a fresh checkpoint covering it is signed,
     * every witness still holding the abandoned checkpoint records the epoch, and the integrity alarm is
     * acknowledged, so exchanges resume. Returns what was done.
     */
    public synchronized Map<String, Object> acknowledge(Actor officer, String note) {
        LoggedEvent epoch = pending().orElseThrow(() -> new BackupException(BackupException.Failure.USAGE,
                "no restore epoch awaits acknowledgement"));
        SignedCheckpoint current = checkpointer.checkpoint().checkpoint();
        List<String> recorded = new ArrayList<>();
        for (Witness w : witnesses) {
            Optional<String> latest = w.latest();
            if (latest.isPresent() && !extendsToCurrent(checkpoints.verify(latest.get()), current)) {
                w.recordEpoch(current.note(), latest.get());
                recorded.add(w.name());
            }
        }
        long seq;
        if (auditLog.alarm().active()) {
            seq = auditLog.acknowledgeAlarm(officer, note);
        } else {
            throw new AuditException(AuditErrorCode.INVALID_FIELD, "no integrity alarm is raised");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("epochSeq", epoch.seq());
        result.put("backupId", epoch.event().attributes().getOrDefault("backup_id", ""));
        result.put("checkpointSize", current.size());
        result.put("witnessesRecorded", recorded);
        result.put("auditSeq", seq);
        return result;
    }

    /** Whether the witnessed checkpoint is a prefix of the log as it is now (no epoch needed). */
    private boolean extendsToCurrent(SignedCheckpoint seen, SignedCheckpoint current) {
        return seen.size() <= current.size() && MessageDigest.isEqual(auditLog.rootAt(seen.size()), seen.root());
    }

    private Optional<LoggedEvent> latest(EventType type) {
        LoggedEvent last = null;
        long after = -1;
        while (true) {
            List<LoggedEvent> page = auditLog.query(AuditQuery.all().ofTypes(Set.of(type)).page(after, 1000));
            if (page.isEmpty()) {
                return Optional.ofNullable(last);
            }
            last = page.get(page.size() - 1);
            after = last.seq();
        }
    }
}
