package org.popgate.gateway.pulls;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Pulls, their encrypted ID lists, lookups and canaries in the gateway's database. */
@Repository
class PullRepository {

    private static final String COLUMNS = "id, member, requester, purpose, legal_basis, fields, selection, id_list_size,"
            + " standing, valid_until, status, estimated_count, catalogue_version, filed_at, approval_id, approver,"
            + " approved_at, second_approver, ceiling, lookups_per_day, decision_reason, decided_at, exchange_id,"
            + " executed_at, record_count, canary_count, package_sha256, delivered_at, receipt_due, receipted_at";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;

    PullRepository(JdbcClient jdbc, JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    void insert(Pull p) {
        jdbc.sql("INSERT INTO pull (id, member, requester, purpose, legal_basis, fields, selection, id_list_size, standing,"
                        + " valid_until, status, estimated_count, catalogue_version, filed_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(p.id(), p.member(), p.requester(), p.purpose(), p.legalBasis(), String.join(",", p.fields()),
                        p.selection(), p.idListSize(), p.standing(), time(p.validUntil()), p.status().name(),
                        p.estimatedCount(), p.catalogueVersion(), time(p.filedAt()))
                .update();
    }

    void insertIdList(String pullId, byte[] encrypted) {
        jdbc.sql("INSERT INTO pull_id_list (pull_id, ids_enc) VALUES (?, ?)").params(pullId, encrypted).update();
    }

    Optional<byte[]> idList(String pullId) {
        return jdbc.sql("SELECT ids_enc FROM pull_id_list WHERE pull_id = ?").param(pullId)
                .query((rs, n) -> rs.getBytes(1)).optional();
    }

    void deleteIdList(String pullId) {
        jdbc.sql("DELETE FROM pull_id_list WHERE pull_id = ?").param(pullId).update();
    }

    Optional<Pull> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pull WHERE id = ?").param(id).query(PullRepository::pull).optional();
    }

    /** Locks the row for the rest of the transaction, so two callers cannot both move the same pull on. */
    Optional<Pull> lock(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pull WHERE id = ? FOR UPDATE").param(id)
                .query(PullRepository::pull).optional();
    }

    List<Pull> list(String member, PullStatus status, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM pull WHERE 1 = 1");
        List<Object> params = new java.util.ArrayList<>();
        if (member != null) {
            sql.append(" AND member = ?");
            params.add(member);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            params.add(status.name());
        }
        sql.append(" ORDER BY filed_at DESC, id LIMIT ").append(limit);
        return jdbc.sql(sql.toString()).params(params).query(PullRepository::pull).list();
    }

    /** Moves a pull from {@code from} to {@code to}; false when it was no longer in {@code from}. */
    boolean transition(String id, PullStatus from, PullStatus to) {
        return jdbc.sql("UPDATE pull SET status = ? WHERE id = ? AND status = ?").params(to.name(), id, from.name())
                .update() == 1;
    }

    void firstApproval(String id, PullStatus to, String approvalId, String approver, Instant at, String fields,
            Long ceiling, Integer lookupsPerDay, Instant validUntil) {
        jdbc.sql("UPDATE pull SET status = ?, approval_id = ?, approver = ?, approved_at = ?, fields = ?, ceiling = ?,"
                        + " lookups_per_day = ?, valid_until = ?, decided_at = ? WHERE id = ?")
                .params(to.name(), approvalId, approver, time(at), fields, ceiling, lookupsPerDay, time(validUntil),
                        time(at), id)
                .update();
    }

    void secondApproval(String id, String approver, Instant at) {
        jdbc.sql("UPDATE pull SET status = 'APPROVED', second_approver = ?, decided_at = ? WHERE id = ?")
                .params(approver, time(at), id).update();
    }

    void decide(String id, PullStatus to, String by, String reason, Instant at) {
        jdbc.sql("UPDATE pull SET status = ?, approver = COALESCE(approver, ?), decision_reason = ?, decided_at = ?"
                        + " WHERE id = ?")
                .params(to.name(), by, reason, time(at), id).update();
    }

    /** Marks an approved pull as being executed; false when it already was (an approval executes once). */
    boolean claim(String id, Instant at) {
        return jdbc.sql("UPDATE pull SET exchange_id = ?, executed_at = ? WHERE id = ? AND status = 'APPROVED'"
                        + " AND executed_at IS NULL AND standing = FALSE")
                .params(id, time(at), id).update() == 1;
    }

    void executed(String id, String exchangeId, Instant at, long records, int canaries, String sha256) {
        jdbc.sql("UPDATE pull SET exchange_id = ?, executed_at = ?, record_count = ?, canary_count = ?,"
                        + " package_sha256 = ? WHERE id = ?")
                .params(exchangeId, time(at), records, canaries, sha256, id).update();
    }

    void delivered(String id, Instant at, Instant receiptDue) {
        jdbc.sql("UPDATE pull SET status = 'DELIVERED', delivered_at = ?, receipt_due = ? WHERE id = ?")
                .params(time(at), time(receiptDue), id).update();
    }

    void failed(String id, String reason, Instant at) {
        jdbc.sql("UPDATE pull SET status = 'FAILED', decision_reason = ?, executed_at = COALESCE(executed_at, ?)"
                        + " WHERE id = ?")
                .params(reason, time(at), id).update();
    }

    void receipted(String id, Instant at) {
        jdbc.sql("UPDATE pull SET status = 'RECEIPTED', receipted_at = ? WHERE id = ?").params(time(at), id).update();
    }

    /** Records delivered today or later (real and canary) for the member: the daily quota's usage. */
    long recordsSince(String member, Instant since) {
        Long n = jdbc.sql("SELECT COALESCE(SUM(record_count), 0) FROM pull WHERE member = ? AND executed_at >= ?"
                        + " AND status IN ('DELIVERED', 'RECEIPTED')")
                .params(member, time(since)).query(Long.class).single();
        long lookups = jdbc.sql("SELECT COUNT(*) FROM pull_lookup WHERE member = ? AND looked_at >= ? AND found = TRUE")
                .params(member, time(since)).query(Long.class).single();
        return (n == null ? 0 : n) + lookups;
    }

    /** Lookups of the approval written since {@code since} (the console's "lookups used"). */
    long lookupsSince(String pullId, Instant since) {
        return jdbc.sql("SELECT COUNT(*) FROM pull_lookup WHERE pull_id = ? AND looked_at >= ?")
                .params(pullId, time(since)).query(Long.class).single();
    }

    /** The lookups of the day reserved so far by all instances, the day's row locked until the transaction ends; empty before the first reservation. */
    Optional<Long> lockReservedLookups(String pullId, Instant dayStart) {
        return jdbc.sql("SELECT reserved FROM pull_lookup_quota WHERE pull_id = ? AND day_start = ? FOR UPDATE")
                .params(pullId, time(dayStart)).query(Long.class).optional();
    }

    /**
     * Creates the day's reservation row, starting from the lookups already recorded for the day (rows written before
     * the table existed); throws {@code DuplicateKeyException} when another instance created it first.
     */
    void createLookupDay(String pullId, Instant dayStart) {
        jdbc.sql("INSERT INTO pull_lookup_quota (pull_id, day_start, reserved)"
                        + " SELECT ?, ?, COUNT(*) FROM pull_lookup WHERE pull_id = ? AND looked_at >= ?")
                .params(pullId, time(dayStart), pullId, time(dayStart)).update();
    }

    void reserveLookups(String pullId, Instant dayStart, long n) {
        jdbc.sql("UPDATE pull_lookup_quota SET reserved = reserved + ? WHERE pull_id = ? AND day_start = ?")
                .params(n, pullId, time(dayStart)).update();
    }

    /** Gives back {@code unused} reserved lookups of the day (an instance shutting down). */
    void returnLookups(String pullId, Instant dayStart, long unused) {
        jdbc.sql("UPDATE pull_lookup_quota SET reserved = reserved - ? WHERE pull_id = ? AND day_start = ? AND reserved >= ?")
                .params(unused, pullId, time(dayStart), unused).update();
    }

    /** The bookkeeping rows of many lookups as one JDBC batch (one round of statements, not one per lookup). */
    void insertLookups(List<LookupCounter.Done> lookups) {
        batches.batchUpdate("INSERT INTO pull_lookup (pull_id, member, looked_at, found) VALUES (?, ?, ?, ?)",
                lookups.stream().map(d -> new Object[] {d.pullId(), d.member(), time(d.at()), d.found()}).toList());
    }

    List<Pull> overdue(Instant now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pull WHERE status = 'DELIVERED' AND receipt_due < ?"
                        + " AND overdue_reported = FALSE ORDER BY receipt_due")
                .param(time(now)).query(PullRepository::pull).list();
    }

    void overdueReported(String id) {
        jdbc.sql("UPDATE pull SET overdue_reported = TRUE WHERE id = ?").param(id).update();
    }

    void insertCanary(String pseudonym, String exchangeId, String member, Instant at) {
        jdbc.sql("INSERT INTO pull_canary (pseudonym, exchange_id, member, created_at) VALUES (?, ?, ?, ?)")
                .params(pseudonym, exchangeId, member, time(at)).update();
    }

    /** The exchange a canary pseudonym went out in, and to whom: {exchange id, member}. */
    Optional<String[]> canary(String pseudonym) {
        return jdbc.sql("SELECT exchange_id, member FROM pull_canary WHERE pseudonym = ?").param(pseudonym)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).optional();
    }

    /** Keeps a refused receipt message whole with its reason. */
    void insertRefusedReceipt(PullService.RefusedReceipt r, byte[] body) {
        jdbc.sql("INSERT INTO pull_receipt_refused (id, received_at, channel, exchange_id, code, reason, body)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(r.id(), time(r.receivedAt()), r.channel(), r.exchangeId(), r.code(), r.reason(), body).update();
    }

    /** Refused receipt messages, newest first. */
    List<PullService.RefusedReceipt> refusedReceipts(int limit) {
        return jdbc.sql("SELECT id, received_at, channel, exchange_id, code, reason, body FROM pull_receipt_refused"
                        + " ORDER BY received_at DESC, id LIMIT " + limit)
                .query((rs, n) -> new PullService.RefusedReceipt(rs.getString(1), instant(rs, 2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6),
                        new String(rs.getBytes(7), java.nio.charset.StandardCharsets.UTF_8)))
                .list();
    }

    private static Pull pull(ResultSet rs, int row) throws SQLException {
        String fields = rs.getString(6);
        return new Pull(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                fields.isEmpty() ? List.of() : Arrays.asList(fields.split(",")), rs.getString(7), rs.getInt(8),
                rs.getBoolean(9), instant(rs, 10), PullStatus.valueOf(rs.getString(11)), rs.getLong(12),
                rs.getString(13), instant(rs, 14), rs.getString(15), rs.getString(16), instant(rs, 17),
                rs.getString(18), (Long) rs.getObject(19, Long.class), (Integer) rs.getObject(20, Integer.class),
                rs.getString(21), instant(rs, 22), rs.getString(23), instant(rs, 24),
                (Long) rs.getObject(25, Long.class), (Integer) rs.getObject(26, Integer.class), rs.getString(27),
                instant(rs, 28), instant(rs, 29), instant(rs, 30));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
