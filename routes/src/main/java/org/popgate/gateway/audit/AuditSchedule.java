package org.popgate.gateway.audit;

import org.popgate.audit.AuditException;
import org.popgate.audit.event.Actor;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.log.Checkpointer;
import org.popgate.audit.verify.AuditVerifier;
import org.popgate.audit.verify.VerificationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The audit log's rhythm: checkpoints when the policy says one is due, and a full verification on a schedule. */
@Component
class AuditSchedule {

    private static final Logger log = LoggerFactory.getLogger(AuditSchedule.class);

    private final AuditLog auditLog;
    private final Checkpointer checkpointer;
    private final AuditVerifier verifier;
    private final AuditProperties properties;

    AuditSchedule(AuditLog auditLog, Checkpointer checkpointer, AuditVerifier verifier, AuditProperties properties) {
        this.auditLog = auditLog;
        this.checkpointer = checkpointer;
        this.verifier = verifier;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${popgate.audit.checkpoint-check:1s}")
    void checkpointIfDue() {
        try {
            checkpointer.checkpointIfDue().ifPresent(result -> {
                if (!result.witnessFailures().isEmpty()) {
                    log.warn("Checkpoint at size {} refused by witnesses: {}", result.checkpoint().checkpoint().size(),
                            result.witnessFailures());
                }
            });
        } catch (AuditException e) {
            log.error("Checkpoint failed: {}", e.code().code());
        }
    }

    @Scheduled(fixedDelayString = "${popgate.audit.verification:6h}", initialDelayString = "${popgate.audit.verification:6h}")
    VerificationReport verifyAll() {
        VerificationReport report = verifier.fullVerification(auditLog);
        auditLog.append(report.toEvent(Actor.gateway(properties.member())));
        if (!report.ok()) {
            log.error("Scheduled audit verification found a problem: {}",
                    report.firstProblem().map(f -> f.code().code()).orElse("?"));
        }
        return report;
    }
}
