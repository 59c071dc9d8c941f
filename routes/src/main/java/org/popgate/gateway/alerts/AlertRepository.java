package org.popgate.gateway.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Alerts, their comments, and the alert engine's position in the audit log (tables alert, alert_comment, gateway_state). */
@Repository
class AlertRepository {

    private static final String COLUMNS =
            "id, rule, subject, detail, status, raised_at, audit_seq, acknowledged_by, acknowledged_at";
    private static final String POSITION_KEY = "alerts.scanned-seq";

    private final JdbcClient jdbc;

    AlertRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(String rule, String subject, String detail, Instant at, long auditSeq) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO alert (rule, subject, detail, status, raised_at, audit_seq) VALUES (?, ?, ?, 'OPEN', ?, ?)")
                .params(rule, subject, detail, time(at), auditSeq).update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    List<Alert> list(String status) {
        return status == null
                ? jdbc.sql("SELECT " + COLUMNS + " FROM alert ORDER BY id DESC").query(AlertRepository::alert).list()
                : jdbc.sql("SELECT " + COLUMNS + " FROM alert WHERE status = ? ORDER BY id DESC").param(status)
                        .query(AlertRepository::alert).list();
    }

    Optional<Alert> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM alert WHERE id = ?").param(id).query(AlertRepository::alert)
                .optional();
    }

    boolean acknowledge(long id, String by, Instant at) {
        return jdbc.sql("UPDATE alert SET status = 'ACKNOWLEDGED', acknowledged_by = ?, acknowledged_at = ? "
                + "WHERE id = ? AND status = 'OPEN'").params(by, time(at), id).update() == 1;
    }

    void comment(long alertId, String author, String body, Instant at) {
        jdbc.sql("INSERT INTO alert_comment (alert_id, author, written_at, body) VALUES (?, ?, ?, ?)")
                .params(alertId, author, time(at), body).update();
    }

    List<AlertsController.CommentView> comments(long alertId) {
        return jdbc.sql("SELECT author, written_at, body FROM alert_comment WHERE alert_id = ? ORDER BY id")
                .param(alertId)
                .query((rs, row) -> new AlertsController.CommentView(rs.getString(1),
                        rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3)))
                .list();
    }

    /** The last audit sequence number the rules have seen (-1 before the first). */
    long scannedSeq() {
        return jdbc.sql("SELECT state_value FROM gateway_state WHERE state_key = ?").param(POSITION_KEY)
                .query(String.class).optional().map(Long::parseLong).orElse(-1L);
    }

    void setScannedSeq(long seq) {
        OffsetDateTime now = time(Instant.now());
        int updated = jdbc.sql("UPDATE gateway_state SET state_value = ?, updated_at = ? WHERE state_key = ?")
                .params(Long.toString(seq), now.toLocalDateTime(), POSITION_KEY).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO gateway_state (state_key, state_value, updated_at) VALUES (?, ?, ?)")
                    .params(POSITION_KEY, Long.toString(seq), now.toLocalDateTime()).update();
        }
    }

    private static Alert alert(ResultSet rs, int row) throws SQLException {
        OffsetDateTime ack = rs.getObject(9, OffsetDateTime.class);
        long seq = rs.getLong(7);
        return new Alert(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getObject(6, OffsetDateTime.class).toInstant(), rs.wasNull() ? null : seq, rs.getString(8),
                ack == null ? null : ack.toInstant());
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
