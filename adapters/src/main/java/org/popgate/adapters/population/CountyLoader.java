package org.popgate.adapters.population;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.popgate.adapters.synthetic.CountyGenerator;
import org.popgate.adapters.synthetic.CountyRow;
import org.popgate.adapters.synthetic.CountySpec;
import org.popgate.adapters.synthetic.GenerationReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a synthetic county into the population database with batched inserts, streaming: rows are written
 * while the generator makes them, one commit per batch. A marker row in {@code gateway_state}, written in
 * the last commit, says the county is complete; a load interrupted before it is wiped and redone at the
 * next start, so a restart never duplicates rows.
 */
public final class CountyLoader {

    /** gateway_state key of the completed-load marker. */
    public static final String MARKER = "demo.county";

    private static final Logger log = LoggerFactory.getLogger(CountyLoader.class);
    private static final String[] TABLES_CHILD_FIRST = {
        "fertility", "birth", "marriage", "migrant", "person", "household", "area"
    };

    private final DataSource dataSource;
    private final PersonRecordCodec codec;
    private final int batchSize;

    public CountyLoader(DataSource dataSource, PersonRecordCodec codec, int batchSize) {
        this.dataSource = dataSource;
        this.codec = codec;
        this.batchSize = batchSize;
    }

    /** The marker of the county already loaded, if a load completed. */
    public Optional<String> loadedCounty() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT state_value FROM gateway_state WHERE state_key = ?")) {
            ps.setString(1, MARKER);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PopulationStoreException("cannot read the county marker", e);
        }
    }

    /**
     * Loads {@code spec} unless a county is already loaded (then nothing changes and the existing marker is
     * returned). A partial load from an interrupted earlier start is removed first.
     */
    public LoadResult loadIfAbsent(CountySpec spec) {
        Optional<String> existing = loadedCounty();
        if (existing.isPresent()) {
            return new LoadResult(false, existing.get(), null);
        }
        wipePartialLoad();
        GenerationReport report;
        try (Connection c = dataSource.getConnection(); Batches batches = new Batches(c)) {
            c.setAutoCommit(false);
            report = CountyGenerator.generate(spec, batches);
            batches.flush();
            String marker = "seed=" + spec.seed() + ";persons=" + spec.persons() + ";checksum=" + report.checksum();
            try (PreparedStatement ps =
                    c.prepareStatement("INSERT INTO gateway_state (state_key, state_value, updated_at) VALUES (?, ?, ?)")) {
                ps.setString(1, MARKER);
                ps.setString(2, marker);
                ps.setTimestamp(3, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            c.commit();
            return new LoadResult(true, marker, report);
        } catch (SQLException e) {
            throw new PopulationStoreException("loading the synthetic county failed", e);
        }
    }

    private void wipePartialLoad() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM area")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return;
                }
            }
            log.warn("An earlier county load did not complete; removing its rows before loading again");
            for (String table : TABLES_CHILD_FIRST) {
                s.executeUpdate("DELETE FROM " + table);
            }
        } catch (SQLException e) {
            throw new PopulationStoreException("cannot remove an incomplete county load", e);
        }
    }

    /** The outcome of {@link #loadIfAbsent}: whether rows were written, and the county's marker. */
    public record LoadResult(boolean loaded, String marker, GenerationReport report) {}

    /** One prepared statement per table; flushed in foreign-key order, one commit per batch. */
    private final class Batches implements Consumer<CountyRow>, AutoCloseable {
        private final Connection connection;
        private final PreparedStatement area;
        private final PreparedStatement household;
        private final PreparedStatement person;
        private final PreparedStatement migrant;
        private final PreparedStatement marriage;
        private final PreparedStatement birth;
        private final PreparedStatement fertility;
        private int pending;
        private long persons;
        private long lastLogged;

        Batches(Connection c) throws SQLException {
            this.connection = c;
            area = c.prepareStatement("INSERT INTO area (code, name, level, parent_code, historic) VALUES (?,?,?,?,?)");
            household = c.prepareStatement(
                    "INSERT INTO household (id, household_no, village_code, household_type) VALUES (?,?,?,?)");
            person = c.prepareStatement("INSERT INTO person (id, id_hash, id_number_enc, name_enc, gender, birth_date,"
                    + " household_id, relation_to_head, household_type, registration_area, residence_area,"
                    + " management_attribute, management_changed_at, marital_status, cancel_reason, cancelled_at,"
                    + " mother_id, father_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
            migrant = c.prepareStatement("INSERT INTO migrant (person_id, direction, origin_area, destination_area,"
                    + " since, valid_certificate) VALUES (?,?,?,?,?,?)");
            marriage = c.prepareStatement("INSERT INTO marriage (id, husband_id, wife_id, marriage_date, status,"
                    + " ended_at) VALUES (?,?,?,?,?,?)");
            birth = c.prepareStatement("INSERT INTO birth (child_id, mother_id, father_id, birth_certificate_no,"
                    + " birth_order) VALUES (?,?,?,?,?)");
            fertility = c.prepareStatement("INSERT INTO fertility (woman_id, living_sons, living_daughters,"
                    + " youngest_child_birth_date, youngest_child_gender, policy_status, contraception_enc,"
                    + " out_of_policy_children_since_1990, maintenance_fee_assessed, maintenance_fee_collected)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?)");
        }

        @Override
        public void accept(CountyRow row) {
            try {
                add(row);
                if (++pending >= batchSize && row instanceof CountyRow.Household) {
                    flush();
                }
            } catch (SQLException e) {
                throw new PopulationStoreException("a batch of the county load was refused", e);
            }
        }

        private void add(CountyRow row) throws SQLException {
            if (row instanceof CountyRow.Area a) {
                area.setString(1, a.code());
                area.setString(2, a.name());
                area.setString(3, a.level());
                area.setString(4, a.parentCode() == null || a.parentCode().isEmpty() ? null : a.parentCode());
                area.setBoolean(5, a.historic());
                area.addBatch();
            } else if (row instanceof CountyRow.Household h) {
                household.setLong(1, h.id());
                household.setString(2, h.householdNo());
                household.setString(3, h.villageCode());
                household.setString(4, h.householdType());
                household.addBatch();
            } else if (row instanceof CountyRow.Person p) {
                person.setLong(1, p.id());
                person.setBytes(2, codec.lookupHash(p.idNumber()));
                person.setBytes(3, codec.protectIdNumber(p.id(), p.idNumber()));
                person.setBytes(4, codec.protectName(p.id(), p.name()));
                person.setString(5, p.gender());
                person.setObject(6, p.birthDate());
                person.setLong(7, p.householdId());
                person.setString(8, p.relationToHead());
                person.setString(9, p.householdType());
                person.setString(10, p.registrationArea());
                person.setString(11, p.residenceArea());
                person.setString(12, p.managementAttribute());
                date(person, 13, p.managementChangedAt());
                person.setString(14, p.maritalStatus());
                person.setString(15, p.cancelReason());
                date(person, 16, p.cancelledAt());
                nullableLong(person, 17, p.motherId());
                nullableLong(person, 18, p.fatherId());
                person.addBatch();
                persons++;
            } else if (row instanceof CountyRow.Migrant m) {
                migrant.setLong(1, m.personId());
                migrant.setString(2, m.direction());
                migrant.setString(3, m.originArea());
                migrant.setString(4, m.destinationArea());
                date(migrant, 5, m.since());
                migrant.setBoolean(6, m.validCertificate());
                migrant.addBatch();
            } else if (row instanceof CountyRow.Marriage m) {
                marriage.setLong(1, m.id());
                marriage.setLong(2, m.husbandId());
                marriage.setLong(3, m.wifeId());
                date(marriage, 4, m.marriageDate());
                marriage.setString(5, m.status());
                date(marriage, 6, m.endedAt());
                marriage.addBatch();
            } else if (row instanceof CountyRow.Birth b) {
                birth.setLong(1, b.childId());
                birth.setLong(2, b.motherId());
                nullableLong(birth, 3, b.fatherId());
                birth.setString(4, b.birthCertificateNo());
                birth.setInt(5, b.birthOrder());
                birth.addBatch();
            } else if (row instanceof CountyRow.Fertility f) {
                fertility.setLong(1, f.womanId());
                fertility.setInt(2, f.livingSons());
                fertility.setInt(3, f.livingDaughters());
                date(fertility, 4, f.youngestChildBirthDate());
                fertility.setString(5, f.youngestChildGender());
                fertility.setString(6, f.policyStatus());
                fertility.setBytes(7, codec.protectContraception(f.womanId(), f.contraceptiveMethod(),
                        f.contraceptionSince()));
                fertility.setInt(8, f.outOfPolicyChildrenSince1990());
                fertility.setBigDecimal(9, f.maintenanceFeeAssessed());
                fertility.setBigDecimal(10, f.maintenanceFeeCollected());
                fertility.addBatch();
            }
        }

        void flush() throws SQLException {
            for (PreparedStatement ps : new PreparedStatement[] {area, household, person, migrant, marriage, birth, fertility}) {
                ps.executeBatch();
            }
            connection.commit();
            if (persons - lastLogged >= 100_000) {
                log.info("County load: {} persons written", persons);
                lastLogged = persons;
            }
            pending = 0;
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement ps : new PreparedStatement[] {area, household, person, migrant, marriage, birth, fertility}) {
                ps.close();
            }
        }
    }

    private static void date(PreparedStatement ps, int index, LocalDate value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DATE);
        } else {
            ps.setObject(index, value);
        }
    }

    private static void nullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

}
