package org.popgate.gateway.alerts;

import java.time.Instant;
import java.util.List;
import org.popgate.gateway.security.Caller;
import org.springframework.stereotype.Component;

/**
 * The alert desk as other packages (the console) see it: the same service, and so the same audit of every
 * acknowledgement, as the API's; refusals are the API's {@code ApiException} codes (not_found, invalid_state).
 */
@Component
public class AlertDesk {

    private final AlertService alerts;

    AlertDesk(AlertService alerts) {
        this.alerts = alerts;
    }

    /** Alerts, newest first; {@code status} OPEN, ACKNOWLEDGED or null for all. */
    public List<Entry> list(String status) {
        return alerts.list(status).stream().map(AlertDesk::entry).toList();
    }

    public Entry get(long id) {
        return entry(alerts.get(id));
    }

    public List<Comment> comments(long id) {
        return alerts.comments(id).stream().map(c -> new Comment(c.author(), c.writtenAt(), c.text())).toList();
    }

    public void acknowledge(long id, String comment, Caller.Person officer) {
        alerts.acknowledge(id, comment, officer);
    }

    public void comment(long id, String text, Caller.Person officer) {
        alerts.comment(id, text, officer);
    }

    private static Entry entry(Alert a) {
        return new Entry(a.id(), a.rule(), a.subject(), a.detail(), a.status(), a.raisedAt(), a.acknowledgedBy(),
                a.acknowledgedAt());
    }

    /** One alert: what (rule), about whom (an account name or member), and its handling. */
    public record Entry(long id, String rule, String subject, String detail, String status, Instant raisedAt,
            String acknowledgedBy, Instant acknowledgedAt) {
        public boolean open() {
            return "OPEN".equals(status);
        }
    }

    /** A comment on an alert. */
    public record Comment(String author, Instant writtenAt, String text) {}
}
