package org.popgate.gateway.alerts;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.popgate.audit.log.AuditLog;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.security.Callers;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Alerts and the audit integrity alarm: the security officer's API. */
@RestController
@RequestMapping("/api/v1")
@Validated
class AlertsController {

    private final AlertService alerts;
    private final AuditLog auditLog;

    AlertsController(AlertService alerts, AuditLog auditLog) {
        this.alerts = alerts;
        this.auditLog = auditLog;
    }

    @GetMapping("/alerts")
    List<AlertView> list(@RequestParam(required = false) @Pattern(regexp = "OPEN|ACKNOWLEDGED") String status) {
        return alerts.list(status).stream().map(a -> AlertView.of(a, List.of())).toList();
    }

    @GetMapping("/alerts/{alert}")
    AlertView get(@PathVariable long alert) {
        return AlertView.of(alerts.get(alert), alerts.comments(alert));
    }

    @PostMapping("/alerts/{alert}/acknowledge")
    AlertView acknowledge(@PathVariable long alert, @Valid @RequestBody(required = false) Note note) {
        alerts.acknowledge(alert, note == null ? null : note.text(), Callers.currentPerson());
        return get(alert);
    }

    @PostMapping("/alerts/{alert}/comments")
    @ResponseStatus(HttpStatus.CREATED)
    AlertView comment(@PathVariable long alert, @Valid @RequestBody Note note) {
        alerts.comment(alert, note.text(), Callers.currentPerson());
        return get(alert);
    }

    @GetMapping("/audit/integrity")
    Map<String, Object> integrity() {
        return auditLog.alarm().current()
                .<Map<String, Object>>map(r -> Map.of("alarm", true, "code", r.code().code(), "raisedAt", r.at()))
                .orElseGet(() -> Map.of("alarm", false));
    }

    /** Acknowledges the integrity alarm (the audit log records who and why) so exchanges may resume. */
    @PostMapping("/audit/integrity/acknowledge")
    Map<String, Object> acknowledgeIntegrity(@Valid @RequestBody Note note) {
        if (!auditLog.alarm().active()) {
            throw new ApiException(ErrorCode.INVALID_STATE, "No integrity alarm is raised.");
        }
        long seq = auditLog.acknowledgeAlarm(Callers.currentPerson().actor(), note.text());
        return Map.of("alarm", false, "auditSeq", seq);
    }

    record Note(@NotBlank @Size(max = 500) @Pattern(regexp = "[^\\p{Cntrl}]*") String text) {}

    record CommentView(String author, Instant writtenAt, String text) {}

    record AlertView(long id, String rule, String subject, String detail, String status, Instant raisedAt,
            String acknowledgedBy, Instant acknowledgedAt, List<CommentView> comments) {
        static AlertView of(Alert a, List<CommentView> comments) {
            return new AlertView(a.id(), a.rule(), a.subject(), a.detail(), a.status(), a.raisedAt(),
                    a.acknowledgedBy(), a.acknowledgedAt(), comments);
        }
    }
}
