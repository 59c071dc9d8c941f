package org.popgate.adapters.feedstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.popgate.adapters.feed.quality.PersonFact;
import org.popgate.adapters.feed.quality.QualityCalculator;
import org.popgate.adapters.feed.quality.QualityFigures;
import org.popgate.adapters.feed.quality.Reconciliation;
import org.popgate.adapters.population.PersonRecordCodec;
import org.popgate.adapters.population.PopulationStoreException;
import org.popgate.crypto.idnumber.AreaCodes;
import org.popgate.crypto.idnumber.IdNumbers;

/**
 * The seed's quality figures and the police-register reconciliation over the population database, streamed
 * with a cursor (memory: one counter set per village plus the lookup hashes seen). A person is counted in the
 * village of their household, or of their registration when they have none (persons a feed registered).
 * Snapshots after each applied feed make the trend across feeds.
 */
public final class PopulationQuality {

    private final DataSource dataSource;
    private final PersonRecordCodec codec;
    private final Clock clock;

    public PopulationQuality(DataSource dataSource, PersonRecordCodec codec, Clock clock) {
        this.dataSource = dataSource;
        this.codec = codec;
        this.clock = clock;
    }

    /** The current figures, computed from the database as of {@code asOf}. */
    public QualityCalculator compute(LocalDate asOf) {
        Predicate<String> known = knownAreas();
        QualityCalculator calculator = new QualityCalculator(new IdNumbers(AreaCodes.shipped()::isKnown, asOf), known);
        facts(asOf, calculator::accept);
        return calculator;
    }

    /**
     * One row a person, with the facts the figures need. Each related table is read through an index, once a person:
     * the marriages as two lookups, by husband and by wife. H2 answers {@code husband_id = p.id OR wife_id = p.id}
     * with a scan of the whole marriage table for every person, which over a county took hours a snapshot
     * (docs/decisions/feeds.md, "Quality and trend").
     */
    static final String FACTS_SQL = "SELECT p.id, COALESCE(h.village_code, p.registration_area), p.id_hash,"
            + " p.id_number_enc, p.name_enc, p.gender, p.birth_date, p.household_type, p.registration_area,"
            + " p.residence_area, p.management_attribute, p.management_changed_at, p.cancel_reason, p.cancelled_at,"
            + " p.marital_status,"
            + " (SELECT COUNT(*) FROM marriage m WHERE m.husband_id = p.id)"
            + " + (SELECT COUNT(*) FROM marriage w WHERE w.wife_id = p.id),"
            + " (SELECT COUNT(*) FROM fertility f WHERE f.woman_id = p.id), mo.birth_date"
            + " FROM person p LEFT JOIN household h ON h.id = p.household_id"
            + " LEFT JOIN person mo ON mo.id = p.mother_id ORDER BY p.id";

    /** Streams every person row as a {@link PersonFact} (IDs and names decrypted in memory only). */
    public void facts(LocalDate asOf, Consumer<PersonFact> sink) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false); // PostgreSQL streams with a cursor only outside auto-commit
            try (PreparedStatement ps = c.prepareStatement(FACTS_SQL)) {
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        String gender = rs.getString(6);
                        LocalDate birth = rs.getObject(7, LocalDate.class);
                        LocalDate cancelled = rs.getObject(14, LocalDate.class);
                        String marital = rs.getString(15);
                        boolean mwca = "F".equals(gender) && "MARRIED".equals(marital) && cancelled == null
                                && birth != null && between(Period.between(birth, asOf).getYears(), 15, 49);
                        sink.accept(new PersonFact(rs.getString(2), HexFormat.of().formatHex(rs.getBytes(3)),
                                codec.revealIdNumber(id, rs.getBytes(4)), codec.revealName(id, rs.getBytes(5)), gender,
                                birth, rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                                rs.getObject(12, LocalDate.class), rs.getString(13), cancelled, marital, mwca,
                                rs.getLong(16) > 0, rs.getLong(17) > 0, rs.getObject(18, LocalDate.class)));
                    }
                }
                c.commit();
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new PopulationStoreException("quality facts failed", e);
        }
    }

    private static boolean between(int v, int lo, int hi) {
        return v >= lo && v <= hi;
    }

    /** The GB/T 2260 table plus the database's own areas, as a validator wants them. */
    public org.popgate.adapters.feed.KnownAreas areas() {
        Predicate<String> known = knownAreas();
        return known::test;
    }

    /** The GB/T 2260 table plus the database's own areas. */
    public Predicate<String> knownAreas() {
        java.util.Set<String> local = new java.util.HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT code FROM area");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                local.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new PopulationStoreException("area codes failed", e);
        }
        AreaCodes shipped = AreaCodes.shipped();
        return code -> local.contains(code) || code.length() == 6 && shipped.isKnown(code);
    }

    /** One row of a stored snapshot. */
    public record Snapshot(long snapshotId, Instant takenAt, String exchangeId, String level, QualityFigures figures) {}

    /** Computes the figures now and stores them per village and township; returns the snapshot id. */
    public long snapshot(String exchangeId, LocalDate asOf) {
        QualityCalculator q = compute(asOf);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long id;
            boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            try (PreparedStatement ps = c.prepareStatement(postgres ? "SELECT nextval('feed_quality_snapshot_seq')"
                    : "SELECT NEXT VALUE FOR feed_quality_snapshot_seq"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            Timestamp now = Timestamp.from(clock.instant());
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO feed_quality (snapshot_id, taken_at, exchange_id,"
                    + " area, area_level, persons, complete, accurate, logic_errors, married_women, duplicates, id_errors)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Map.Entry<String, Map<String, QualityFigures>> level : Map.of("VILLAGE", q.byVillage(),
                        "TOWNSHIP", q.byTownship()).entrySet()) {
                    for (QualityFigures f : level.getValue().values()) {
                        ps.setLong(1, id);
                        ps.setTimestamp(2, now);
                        ps.setString(3, exchangeId);
                        ps.setString(4, f.area());
                        ps.setString(5, level.getKey());
                        ps.setLong(6, f.persons());
                        ps.setLong(7, f.complete());
                        ps.setLong(8, f.accurate());
                        ps.setLong(9, f.logicErrors());
                        ps.setLong(10, f.marriedWomenOfChildbearingAge());
                        ps.setLong(11, f.duplicates());
                        ps.setLong(12, f.idErrors());
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
            return id;
        } catch (SQLException e) {
            throw new PopulationStoreException("quality snapshot failed", e);
        }
    }

    /** The areas of one level ({@code VILLAGE} or {@code TOWNSHIP}) that have stored snapshots, in code order. */
    public List<String> snapshotAreas(String level) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT DISTINCT area FROM feed_quality WHERE area_level = ?"
                        + " ORDER BY area")) {
            ps.setString(1, level);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PopulationStoreException("quality areas failed", e);
        }
    }

    /** The stored figures of one area across snapshots, oldest first (the trend across feeds). */
    public List<Snapshot> trend(String area, int limit) {
        String sql = "SELECT snapshot_id, taken_at, exchange_id, area_level, area, persons, complete, accurate,"
                + " logic_errors, married_women, duplicates, id_errors FROM feed_quality WHERE area = ?"
                + " ORDER BY snapshot_id DESC FETCH FIRST " + limit + " ROWS ONLY";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, area);
            List<Snapshot> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    OffsetDateTime t = rs.getObject(2, OffsetDateTime.class);
                    out.add(0, new Snapshot(rs.getLong(1), t.toInstant(), rs.getString(3), rs.getString(4),
                            new QualityFigures(rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                                    rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new PopulationStoreException("quality trend failed", e);
        }
    }

    /** Population database (living persons) against the police register, per village and township. */
    public Reconciliation.Report reconcile() {
        Reconciliation rec = new Reconciliation();
        stream("SELECT COALESCE(h.village_code, p.registration_area), p.id_hash FROM person p"
                + " LEFT JOIN household h ON h.id = p.household_id WHERE p.cancelled_at IS NULL", rec::population);
        stream("SELECT village, id_hash FROM feed_police_register", rec::police);
        return rec.report();
    }

    private void stream(String sql, java.util.function.BiConsumer<String, String> sink) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(rs.getString(1), HexFormat.of().formatHex(rs.getBytes(2)));
                    }
                }
                c.commit();
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new PopulationStoreException("reconciliation failed", e);
        }
    }
}
