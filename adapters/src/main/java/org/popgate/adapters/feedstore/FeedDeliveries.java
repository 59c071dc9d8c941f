package org.popgate.adapters.feedstore;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.popgate.adapters.feed.ApplyPolicy;
import org.popgate.adapters.feed.Counterpart;
import org.popgate.adapters.feed.DataItem;
import org.popgate.adapters.feed.FeedIntake;
import org.popgate.adapters.feed.FeedParser;
import org.popgate.adapters.feed.FeedReport;
import org.popgate.adapters.feed.FeedSink;
import org.popgate.adapters.feed.FeedValidator;
import org.popgate.adapters.feed.KnownAreas;
import org.popgate.adapters.feed.ParseSink;
import org.popgate.adapters.feed.ParsedRecord;
import org.popgate.adapters.feed.Reason;
import org.popgate.adapters.feed.RejectedRecord;
import org.popgate.adapters.population.PersonRecordCodec;
import org.popgate.adapters.population.PopulationStoreException;
import org.popgate.crypto.column.ColumnCipher;

/**
 * Receives a delivery into the population database: parse ─► validate ─► apply, with the counterpart's apply
 * policy, idempotent by business key, rejects kept with their reasons.
 *
 * <p>Two transactions per delivery. The <em>apply</em> transaction holds every effect, the processed business
 * keys and the delivery row; it commits only when the file applies ({@link FeedReport#applies()}, and for an
 * atomic counterpart no record refused). The <em>rejects</em> transaction holds the rejected records (and,
 * when the whole delivery is rejected, the delivery row and the kept payload); it commits first, so a crash
 * between the two loses nothing: the delivery is not marked done, comes again, its rejects are found already
 * kept (unique by exchange id and position) and its changes apply once.
 */
public final class FeedDeliveries {

    private final DataSource dataSource;
    private final PersonRecordCodec codec;
    private final ColumnCipher cipher;
    private final java.util.function.Supplier<KnownAreas> areas;
    private final Clock clock;

    /** @param areas the known area codes, asked once per delivery (the county's areas can change) */
    public FeedDeliveries(DataSource dataSource, PersonRecordCodec codec, ColumnCipher cipher,
            java.util.function.Supplier<KnownAreas> areas,
            Clock clock) {
        this.dataSource = dataSource;
        this.codec = codec;
        this.cipher = cipher;
        this.areas = areas;
        this.clock = clock;
    }

    /** Whether a delivery with this exchange id was already received (applied or rejected). */
    public boolean seen(String exchangeId) {
        return delivery(exchangeId).isPresent();
    }

    /**
     * Runs one delivery. {@code keep} is the payload to keep when the whole delivery is rejected (the package as
     * received, still encrypted to the gateway), or {@code null} when the transport keeps it (the folder).
     */
    public DeliveryOutcome receive(Delivery delivery, FeedParser parser, InputStream in, byte[] keep) {
        if (seen(delivery.exchangeId())) {
            return DeliveryOutcome.duplicate();
        }
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection(); Connection r = dataSource.getConnection()) {
            c.setAutoCommit(false);
            r.setAutoCommit(false);
            try {
                if (delivery.counterpart() == Counterpart.POLICE) {
                    seedPoliceRegister(c);
                }
                FeedValidator validator = new FeedValidator(
                        new DatabasePopulationState(c, codec, delivery.counterpart()), areas.get(), delivery.today());
                FeedApplier applier = new FeedApplier(c, codec, delivery.exchangeId(), now);
                long[] n = new long[4]; // applied, skipped, rejected, refused after validation
                FeedSink sink = new FeedSink() {
                    @Override
                    public void accepted(ParsedRecord record) {
                        try {
                            FeedApplier.Result result = applier.apply(record.record());
                            if (result == FeedApplier.APPLIED) {
                                n[0]++;
                            } else if (result == FeedApplier.SKIPPED) {
                                n[1]++;
                            } else if (result instanceof FeedApplier.Result.Refused refused) {
                                n[3]++;
                                rejected(new RejectedRecord(record.position(), record.record().key(),
                                        List.of(refused.reason()), record.original()));
                            }
                        } catch (SQLException e) {
                            throw new PopulationStoreException("applying a feed record failed", e);
                        }
                    }

                    @Override
                    public void rejected(RejectedRecord record) {
                        n[2]++;
                        keepReject(r, delivery, record, now);
                    }
                };
                HeaderCapture header = new HeaderCapture(in);
                // A change applied before is skipped ahead of validation: validating it again against the state
                // it produced would reject it (already registered, already cancelled) instead of ignoring it.
                FeedParser skipping = (input, target) -> parser.parse(input, new ParseSink() {
                    @Override
                    public void parsed(ParsedRecord record) {
                        if (applier.appliedBefore(record.record().key())) {
                            n[1]++;
                        } else {
                            target.parsed(record);
                        }
                    }

                    @Override
                    public void rejected(RejectedRecord record) {
                        target.rejected(record);
                    }
                });
                FeedReport report = new FeedIntake(validator).run(delivery.counterpart(), skipping, header, sink);
                boolean atomicRefused = delivery.counterpart().policy() == ApplyPolicy.ATOMIC && n[3] > 0;
                if (report.applies() && !atomicRefused) {
                    insertDelivery(c, delivery, "APPLIED", null, 0, report, n, header.header(), null, now);
                    r.commit();
                    c.commit();
                    return new DeliveryOutcome(DeliveryOutcome.Status.APPLIED, report, n[0], n[1], n[2],
                            applier.conflicts().size(), null, 0);
                }
                c.rollback();
                String reason = report.fileRejection() != null ? report.fileRejection().code()
                        : org.popgate.adapters.feed.FeedRejectCode.RECORD_REJECTED_IN_ATOMIC_FILE.code();
                insertDelivery(r, delivery, "REJECTED", reason, report.position(), report, new long[] {0, 0, n[2], 0},
                        header.header(), keep, now);
                r.commit();
                return new DeliveryOutcome(DeliveryOutcome.Status.REJECTED, report, 0, 0, n[2], 0, reason,
                        report.position());
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                r.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new PopulationStoreException("feed delivery failed", e);
        }
    }

    /**
     * Records a delivery refused before its content could be read (a package that does not open, an unknown
     * department certificate), keeping the payload. Returns false if the exchange id was seen before.
     */
    public boolean refuse(Delivery delivery, String reason, byte[] keep) {
        if (seen(delivery.exchangeId())) {
            return false;
        }
        try (Connection c = dataSource.getConnection()) {
            insertDelivery(c, delivery, "REJECTED", reason, 0, null, new long[4], null, keep, clock.instant());
            return true;
        } catch (SQLException e) {
            throw new PopulationStoreException("recording a refused delivery failed", e);
        }
    }

    private void keepReject(Connection r, Delivery delivery, RejectedRecord record, Instant now) {
        try {
            try (PreparedStatement ps = r.prepareStatement(
                    "SELECT 1 FROM feed_reject WHERE exchange_id = ? AND position = ?")) {
                ps.setString(1, delivery.exchangeId());
                ps.setLong(2, record.position());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (PreparedStatement ps = r.prepareStatement("INSERT INTO feed_reject (exchange_id, counterpart, sender,"
                    + " position, business_key, code, reasons, original_enc, status, rejected_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?)")) {
                ps.setString(1, delivery.exchangeId());
                ps.setString(2, delivery.counterpart().name());
                ps.setString(3, delivery.sender());
                ps.setLong(4, record.position());
                ps.setString(5, record.key() == null ? null : record.key().value());
                ps.setString(6, record.code().code());
                String reasons = record.reasons().stream().map(Reason::qualifiedCode).collect(Collectors.joining(" "));
                ps.setString(7, reasons.length() > 1024 ? reasons.substring(0, 1024) : reasons);
                ps.setBytes(8, record.original() == null ? null
                        : cipher.encryptString("feed_reject", "original", rowKey(delivery.exchangeId(), record.position()),
                                record.original()));
                ps.setTimestamp(9, Timestamp.from(now));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new PopulationStoreException("keeping a rejected record failed", e);
        }
    }

    private static String rowKey(String exchangeId, long position) {
        return exchangeId + "#" + position;
    }

    private void insertDelivery(Connection c, Delivery d, String status, String reason, long position, FeedReport report,
            long[] n, String header, byte[] keep, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO feed_delivery (exchange_id, counterpart, sender,"
                + " transport, packaged, status, reason, position, records_read, accepted, applied, rejected, skipped,"
                + " header, payload_enc, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, d.exchangeId());
            ps.setString(2, d.counterpart().name());
            ps.setString(3, d.sender());
            ps.setString(4, d.transport());
            ps.setBoolean(5, d.packaged());
            ps.setString(6, status);
            ps.setString(7, reason);
            ps.setLong(8, position);
            ps.setLong(9, report == null ? 0 : report.read());
            ps.setLong(10, report == null ? 0 : report.accepted());
            ps.setLong(11, n[0]);
            ps.setLong(12, n[2]);
            ps.setLong(13, n[1]);
            ps.setString(14, header);
            ps.setBytes(15, keep);
            ps.setTimestamp(16, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    /** The police register starts as the population database's living persons, then follows the police feeds. */
    private static void seedPoliceRegister(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM feed_police_register");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) > 0) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO feed_police_register (id_hash, village)"
                + " SELECT p.id_hash, MIN(COALESCE(h.village_code, p.registration_area)) FROM person p"
                + " LEFT JOIN household h ON h.id = p.household_id WHERE p.cancelled_at IS NULL GROUP BY p.id_hash")) {
            ps.executeUpdate();
        }
    }

    // ------------------------------------------------------------------ reading

    /** One delivery. */
    public Optional<FeedViews.DeliveryView> delivery(String exchangeId) {
        List<FeedViews.DeliveryView> found = deliveries("WHERE exchange_id = ?", exchangeId, 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The latest deliveries, optionally of one sender. */
    public List<FeedViews.DeliveryView> deliveries(String sender, int limit) {
        return sender == null ? deliveries("", null, limit) : deliveries("WHERE sender = ?", sender, limit);
    }

    private List<FeedViews.DeliveryView> deliveries(String where, String param, int limit) {
        String sql = "SELECT exchange_id, counterpart, sender, transport, packaged, status, reason, position, records_read,"
                + " accepted, applied, rejected, skipped, received_at FROM feed_delivery " + where
                + " ORDER BY received_at DESC, exchange_id FETCH FIRST " + limit + " ROWS ONLY";
        return query(sql, param, rs -> new FeedViews.DeliveryView(rs.getString(1), Counterpart.valueOf(rs.getString(2)),
                rs.getString(3), rs.getString(4), rs.getBoolean(5), rs.getString(6), rs.getString(7), rs.getLong(8),
                rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12), rs.getLong(13), instant(rs, 14)));
    }

    private static final String REJECT_COLUMNS = "id, exchange_id, counterpart, sender, position, business_key, code,"
            + " reasons, status, resubmitted_as, rejected_at";

    /** Rejected records, newest first, optionally of one sender and one status (OPEN, RESUBMITTED). */
    public List<FeedViews.RejectView> rejects(String sender, String status, int limit) {
        StringBuilder where = new StringBuilder("WHERE 1 = 1");
        List<String> params = new ArrayList<>();
        if (sender != null) {
            where.append(" AND sender = ?");
            params.add(sender);
        }
        if (status != null) {
            where.append(" AND status = ?");
            params.add(status);
        }
        String sql = "SELECT " + REJECT_COLUMNS + " FROM feed_reject " + where + " ORDER BY id DESC FETCH FIRST "
                + limit + " ROWS ONLY";
        return query(sql, params, FeedDeliveries::reject);
    }

    /** One rejected record. */
    public Optional<FeedViews.RejectView> reject(long id) {
        List<FeedViews.RejectView> found = query("SELECT " + REJECT_COLUMNS + " FROM feed_reject WHERE id = " + id,
                List.of(), FeedDeliveries::reject);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** A rejected record's original text (personal data: for the sender and the population office only). */
    public Optional<String> original(long id) {
        List<String> found = query("SELECT exchange_id, position, original_enc FROM feed_reject WHERE id = " + id,
                List.of(), rs -> rs.getBytes(3) == null ? "" : cipher.decryptString("feed_reject", "original",
                        rowKey(rs.getString(1), rs.getLong(2)), rs.getBytes(3)));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The header line of the delivery a reject came from (CSV feeds: what a corrected line is re-read under). */
    public Optional<String> header(String exchangeId) {
        List<String> found = query("SELECT header FROM feed_delivery WHERE exchange_id = ?", exchangeId,
                rs -> rs.getString(1));
        return found.isEmpty() || found.get(0) == null ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Marks a reject as re-submitted by the delivery {@code exchangeId}. */
    public void markResubmitted(long id, String exchangeId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE feed_reject SET status = 'RESUBMITTED', resubmitted_as = ? WHERE id = ?")) {
            ps.setString(1, exchangeId);
            ps.setLong(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new PopulationStoreException("marking a reject failed", e);
        }
    }

    /** Conflicts between sources, newest first. */
    public List<FeedViews.ConflictView> conflicts(int limit) {
        String sql = "SELECT id, id_hash, item, winner, winner_key, loser, loser_key, rule, exchange_id, detected_at"
                + " FROM feed_conflict ORDER BY id DESC FETCH FIRST " + limit + " ROWS ONLY";
        return query(sql, List.of(), rs -> new FeedViews.ConflictView(rs.getLong(1),
                java.util.HexFormat.of().formatHex(rs.getBytes(2)), DataItem.valueOf(rs.getString(3)),
                Counterpart.valueOf(rs.getString(4)), rs.getString(5), Counterpart.valueOf(rs.getString(6)),
                rs.getString(7), rs.getString(8), rs.getString(9), instant(rs, 10)));
    }

    private static FeedViews.RejectView reject(ResultSet rs) throws SQLException {
        return new FeedViews.RejectView(rs.getLong(1), rs.getString(2), Counterpart.valueOf(rs.getString(3)),
                rs.getString(4), rs.getLong(5), rs.getString(6), rs.getString(7),
                Arrays.asList(rs.getString(8).split(" ")), rs.getString(9), rs.getString(10), instant(rs, 11));
    }

    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, String param, Row<T> row) {
        return query(sql, param == null ? List.of() : List.of(param), row);
    }

    private <T> List<T> query(String sql, List<String> params, Row<T> row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(row.map(rs));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new PopulationStoreException("feed query failed", e);
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
