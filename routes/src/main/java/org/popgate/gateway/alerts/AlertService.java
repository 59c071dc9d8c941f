package org.popgate.gateway.alerts;

import java.time.Instant;
import java.util.List;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.log.AuditLog;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.security.Caller;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The security officers' alert desk: list, acknowledge (audited) and comment alerts. */
@Service
class AlertService {

    private final AlertRepository alerts;
    private final AuditLog auditLog;

    AlertService(AlertRepository alerts, AuditLog auditLog) {
        this.alerts = alerts;
        this.auditLog = auditLog;
    }

    List<Alert> list(String status) {
        return alerts.list(status);
    }

    Alert get(long id) {
        return alerts.find(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
    }

    List<AlertsController.CommentView> comments(long id) {
        return alerts.comments(id);
    }

    @Transactional
    Alert acknowledge(long id, String comment, Caller.Person officer) {
        get(id);
        Instant now = Instant.now();
        if (!alerts.acknowledge(id, officer.username(), now)) {
            throw new ApiException(ErrorCode.INVALID_STATE, "The alert is already acknowledged.");
        }
        if (comment != null && !comment.isBlank()) {
            alerts.comment(id, officer.username(), comment, now);
        }
        auditLog.append(AuditEvent.builder(EventType.ALERT_ACKNOWLEDGED)
                .actor(officer.actor())
                .operation("alert.acknowledge")
                .attribute("alert", Long.toString(id))
                .outcome(Outcome.SUCCEEDED)
                .build());
        return get(id);
    }

    @Transactional
    void comment(long id, String body, Caller.Person officer) {
        get(id);
        alerts.comment(id, officer.username(), body, Instant.now());
    }
}
