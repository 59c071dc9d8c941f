package org.popgate.gateway.migrant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.popgate.adapters.migrant.DeadlinePolicy;
import org.popgate.adapters.migrant.MessageType;
import org.popgate.crypto.column.ColumnCipher;
import org.popgate.crypto.lookup.LookupHasher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Messages, received packages, effect tallies and dead letters of the migrant exchange (tables migrant_*). */
@Repository
class MigrantStore {

    private static final String COLUMNS = "business_key, direction, kind, message_type, sender, recipient, refers_to, "
            + "payload_enc, package_id, status, created_at, received_on, due_on, warn_from, escalate_on, answered_on, "
            + "overdue_alerted, escalated";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final ColumnCipher cipher;
    private final LookupHasher hasher;

    MigrantStore(JdbcClient jdbc, JdbcTemplate batch, ColumnCipher cipher, LookupHasher hasher) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.cipher = cipher;
        this.hasher = hasher;
    }

    enum Direction { IN, OUT }

    /** One stored message with its bookkeeping; {@code message} is decrypted on read. */
    record Stored(MigrantMessage message, Direction direction, String packageId, String status, Instant createdAt,
            LocalDate receivedOn, LocalDate dueOn, LocalDate warnFrom, LocalDate escalateOn, LocalDate answeredOn,
            boolean overdueAlerted, boolean escalated) {

        DeadlinePolicy.Deadline deadline() {
            return dueOn == null ? null : new DeadlinePolicy.Deadline(message.type(), receivedOn, dueOn, warnFrom, escalateOn);
        }
    }

    /** A message to insert, with its bookkeeping. */
    record NewRow(MigrantMessage message, Direction direction, String packageId, String status, Instant now,
            DeadlinePolicy.Deadline deadline) {}

    void insert(MigrantMessage m, Direction direction, String packageId, String status, Instant now,
            DeadlinePolicy.Deadline deadline) {
        insertAll(List.of(new NewRow(m, direction, packageId, status, now, deadline)));
    }

    /** Inserts the rows as one JDBC batch (one round trip per package, not one per message). */
    void insertAll(List<NewRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Object[]> params = new ArrayList<>(rows.size());
        for (NewRow r : rows) {
            MigrantMessage m = r.message();
            DeadlinePolicy.Deadline d = r.deadline();
            params.add(new Object[] {m.businessKey(), r.direction().name(), m.kind().name(), m.type().name(), m.sender(),
                    m.recipient(), m.refersTo(), cipher.encryptString("migrant_message", "payload",
                            rowKey(m.businessKey(), r.direction()), MigrantCodec.write(m)),
                    r.packageId(), r.status(), time(r.now()), d == null ? null : d.received(), d == null ? null : d.dueOn(),
                    d == null ? null : d.warnFrom(), d == null ? null : d.escalateOn(), hasher.hash(m.idNumber())});
        }
        batch.batchUpdate("INSERT INTO migrant_message (" + COLUMNS + ", subject_hash) VALUES "
                + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, FALSE, FALSE, ?)", params);
    }

    boolean exists(String businessKey, Direction direction) {
        return !existing(List.of(businessKey), direction).isEmpty();
    }

    /** Which of {@code businessKeys} are stored in {@code direction} (one query per 500 keys, not one per message). */
    Set<String> existing(List<String> businessKeys, Direction direction) {
        Set<String> found = new HashSet<>();
        for (int from = 0; from < businessKeys.size(); from += 500) {
            List<String> chunk = businessKeys.subList(from, Math.min(businessKeys.size(), from + 500));
            List<Object> params = new ArrayList<>(chunk);
            params.add(direction.name());
            found.addAll(jdbc.sql("SELECT business_key FROM migrant_message WHERE business_key IN ("
                            + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ") AND direction = ?")
                    .params(params).query(String.class).list());
        }
        return found;
    }

    Optional<Stored> find(String businessKey, Direction direction) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM migrant_message WHERE business_key = ? AND direction = ?")
                .params(businessKey, direction.name()).query(this::stored).optional();
    }

    /** An office's messages in one direction, newest first (the office is the recipient of IN, the sender of OUT). */
    List<Stored> list(String office, Direction direction, int limit) {
        String column = direction == Direction.IN ? "recipient" : "sender";
        return jdbc.sql("SELECT " + COLUMNS + " FROM migrant_message WHERE " + column + " = ? AND direction = ? "
                        + "ORDER BY created_at DESC, business_key FETCH FIRST " + limit + " ROWS ONLY")
                .params(office, direction.name()).query(this::stored).list();
    }

    /** An office's open received messages with a deadline. */
    List<Stored> openWithDeadline(String office) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM migrant_message WHERE direction = 'IN' AND status = 'OPEN' "
                        + "AND due_on IS NOT NULL AND recipient = ? ORDER BY due_on, business_key")
                .param(office).query(this::stored).list();
    }

    /**
     * Open received messages that owe an alert on {@code today}: on or past their escalation day and not yet escalated,
     * or past their deadline (before the escalation day) and not yet alerted as overdue. The deadline watch reads only
     * these, so each minute it decrypts nothing of the messages that are still on time.
     */
    List<Stored> owingDeadlineAlert(LocalDate today) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM migrant_message WHERE direction = 'IN' AND status = 'OPEN' "
                        + "AND due_on IS NOT NULL AND answered_on IS NULL "
                        + "AND ((escalate_on <= ? AND NOT escalated) OR (escalate_on > ? AND due_on < ? AND NOT overdue_alerted)) "
                        + "ORDER BY due_on, business_key")
                .params(today, today, today).query(this::stored).list();
    }

    void setStatus(String businessKey, Direction direction, String status, LocalDate answeredOn) {
        jdbc.sql("UPDATE migrant_message SET status = ?, answered_on = COALESCE(?, answered_on) "
                        + "WHERE business_key = ? AND direction = ?")
                .params(status, answeredOn, businessKey, direction.name()).update();
    }

    void replacePayload(String businessKey, Direction direction, MigrantMessage amended) {
        jdbc.sql("UPDATE migrant_message SET payload_enc = ? WHERE business_key = ? AND direction = ?")
                .params(cipher.encryptString("migrant_message", "payload", rowKey(businessKey, direction),
                        MigrantCodec.write(amended)), businessKey, direction.name()).update();
    }

    void markOverdueAlerted(String businessKey) {
        jdbc.sql("UPDATE migrant_message SET overdue_alerted = TRUE WHERE business_key = ? AND direction = 'IN'")
                .param(businessKey).update();
    }

    void markEscalated(String businessKey) {
        jdbc.sql("UPDATE migrant_message SET escalated = TRUE, overdue_alerted = TRUE WHERE business_key = ? AND direction = 'IN'")
                .param(businessKey).update();
    }

    /** The records digest of an applied package, if it was applied. */
    Optional<String> appliedPackage(String packageId) {
        return jdbc.sql("SELECT records_sha256 FROM migrant_package WHERE package_id = ?").param(packageId)
                .query(String.class).optional();
    }

    void insertPackage(String packageId, String sender, String recipient, String sha256, int count, Instant now) {
        jdbc.sql("INSERT INTO migrant_package (package_id, sender, recipient, records_sha256, record_count, received_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(packageId, sender, recipient, sha256, count, time(now)).update();
    }

    /** Counts {@code effects} applied messages for {@code office} (once per package, in its transaction). */
    void countEffects(String office, int effects) {
        if (jdbc.sql("UPDATE migrant_tally SET applied = applied + ? WHERE office = ?").params(effects, office).update() == 0) {
            jdbc.sql("INSERT INTO migrant_tally (office, applied) VALUES (?, ?)").params(office, effects).update();
        }
    }

    /**
     * Creates the office's tally row if it is missing, in its own statement outside any package's transaction, so
     * that packages applied in parallel only ever update it (two first packages would otherwise both insert it).
     */
    void ensureTally(String office) {
        if (jdbc.sql("SELECT COUNT(*) FROM migrant_tally WHERE office = ?").param(office).query(Long.class).single() > 0) {
            return;
        }
        try {
            jdbc.sql("INSERT INTO migrant_tally (office, applied) VALUES (?, 0)").param(office).update();
        } catch (DuplicateKeyException e) {
            // Another receiver created it at the same moment.
        }
    }

    long tally(String office) {
        return jdbc.sql("SELECT COALESCE(SUM(applied), 0) FROM migrant_tally WHERE office = ?").param(office)
                .query(Long.class).single();
    }

    /** A dead letter as listed (the package bytes stay in the table). */
    record DeadLetter(long id, Instant receivedAt, String transport, String office, String packageId, String reason,
            String detail, long sizeBytes, String status, Instant replayedAt) {}

    long insertDeadLetter(String transport, String office, String packageId, String reason, String detail, byte[] bytes,
            Instant now) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO migrant_dead_letter (received_at, transport, office, package_id, reason, detail, size_bytes, "
                        + "package, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN')")
                .params(time(now), transport, truncate(office, 64), truncate(packageId, 64), reason, truncate(detail, 512),
                        bytes.length, bytes)
                .update(key, "id");
        return key.getKey().longValue();
    }

    List<DeadLetter> deadLetters(String status) {
        return jdbc.sql("SELECT id, received_at, transport, office, package_id, reason, detail, size_bytes, status, replayed_at "
                        + "FROM migrant_dead_letter" + (status == null ? "" : " WHERE status = ?") + " ORDER BY id")
                .params(status == null ? List.of() : List.of(status))
                .query((rs, n) -> new DeadLetter(rs.getLong(1), instant(rs, 2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getString(9), instant(rs, 10)))
                .list();
    }

    Optional<byte[]> deadLetterPackage(long id) {
        return jdbc.sql("SELECT package FROM migrant_dead_letter WHERE id = ?").param(id).query((rs, n) -> rs.getBytes(1))
                .optional();
    }

    void setDeadLetterStatus(long id, String status, Instant at) {
        jdbc.sql("UPDATE migrant_dead_letter SET status = ?, replayed_at = ? WHERE id = ?").params(status, time(at), id)
                .update();
    }

    private Stored stored(ResultSet rs, int row) throws SQLException {
        Direction direction = Direction.valueOf(rs.getString(2));
        MigrantMessage message = MigrantCodec.read(cipher.decryptString("migrant_message", "payload",
                rowKey(rs.getString(1), direction), rs.getBytes(8)));
        return new Stored(message, direction, rs.getString(9), rs.getString(10), instant(rs, 11), date(rs, 12),
                date(rs, 13), date(rs, 14), date(rs, 15), date(rs, 16), rs.getBoolean(17), rs.getBoolean(18));
    }

    private static String rowKey(String businessKey, Direction direction) {
        return businessKey + "/" + direction.name();
    }

    private static String truncate(String s, int max) {
        if (s == null) {
            return "-";
        }
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static LocalDate date(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, LocalDate.class);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static MessageType typeOf(String name) {
        return MessageType.valueOf(name);
    }
}
