package org.popgate.adapters.population;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** Reads persons from the population database; every lookup by ID number goes through the lookup hash. */
public final class PersonRepository {

    private static final String COLUMNS = "id, id_number_enc, name_enc, gender, birth_date, household_type,"
            + " registration_area, residence_area, management_attribute, management_changed_at, marital_status,"
            + " cancel_reason, cancelled_at";

    private final DataSource dataSource;
    private final PersonRecordCodec codec;

    public PersonRepository(DataSource dataSource, PersonRecordCodec codec) {
        this.dataSource = dataSource;
        this.codec = codec;
    }

    /** All records carrying this ID number (more than one means a duplicate, 重卡), as typed by a person. */
    public List<PersonRecord> findByIdNumber(String idNumber) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM person WHERE id_hash = ? ORDER BY id")) {
            ps.setBytes(1, codec.lookupHash(idNumber));
            try (ResultSet rs = ps.executeQuery()) {
                List<PersonRecord> found = new java.util.ArrayList<>();
                while (rs.next()) {
                    found.add(map(rs));
                }
                return found;
            }
        } catch (SQLException e) {
            throw new PopulationStoreException("person lookup failed", e);
        }
    }

    /**
     * Whether a current (not cancelled) record carrying this ID number is registered in an area under
     * {@code areaPrefix} (e.g. a county's six digits): found by the lookup hash, no column decrypted.
     */
    public boolean registeredIn(String idNumber, String areaPrefix) {
        if (areaPrefix.isEmpty() || !areaPrefix.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new IllegalArgumentException("an area prefix is digits");
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM person WHERE id_hash = ?"
                        + " AND registration_area LIKE ? AND cancel_reason IS NULL")) {
            ps.setBytes(1, codec.lookupHash(idNumber));
            ps.setString(2, areaPrefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new PopulationStoreException("person lookup failed", e);
        }
    }

    /**
     * Which of {@code idNumbers} have a current record registered under {@code areaPrefix}: {@link #registeredIn} for
     * a whole batch (a migrant package), one query per 500 numbers instead of one per person.
     */
    public Set<String> registeredAmong(Collection<String> idNumbers, String areaPrefix) {
        if (areaPrefix.isEmpty() || !areaPrefix.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new IllegalArgumentException("an area prefix is digits");
        }
        Map<ByteBuffer, List<String>> byHash = new HashMap<>();
        for (String id : idNumbers) {
            byHash.computeIfAbsent(ByteBuffer.wrap(codec.lookupHash(id)), h -> new ArrayList<>()).add(id);
        }
        List<ByteBuffer> hashes = new ArrayList<>(byHash.keySet());
        Set<String> found = new HashSet<>();
        try (Connection c = dataSource.getConnection()) {
            for (int from = 0; from < hashes.size(); from += 500) {
                List<ByteBuffer> chunk = hashes.subList(from, Math.min(hashes.size(), from + 500));
                try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT id_hash FROM person WHERE id_hash IN ("
                        + String.join(", ", Collections.nCopies(chunk.size(), "?"))
                        + ") AND registration_area LIKE ? AND cancel_reason IS NULL")) {
                    int p = 1;
                    for (ByteBuffer h : chunk) {
                        ps.setBytes(p++, h.array());
                    }
                    ps.setString(p, areaPrefix + "%");
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.addAll(byHash.getOrDefault(ByteBuffer.wrap(rs.getBytes(1)), List.of()));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new PopulationStoreException("person lookup failed", e);
        }
        return found;
    }

    /** One person by row id. */
    public Optional<PersonRecord> findById(long id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM person WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new PopulationStoreException("person lookup failed", e);
        }
    }

    /** Registered persons per village (current records only), in village-code order. */
    public Map<String, Long> countRegisteredByVillage() {
        String sql = "SELECT registration_area, COUNT(*) FROM person WHERE cancelled_at IS NULL"
                + " AND registration_area IN (SELECT code FROM area WHERE level = 'VILLAGE')"
                + " GROUP BY registration_area ORDER BY registration_area";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            Map<String, Long> counts = new LinkedHashMap<>();
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw new PopulationStoreException("village counts failed", e);
        }
    }

    /**
     * Streams the selected persons in id order to {@code consumer}, reading with a cursor so that a
     * county-sized selection never sits in memory; returns how many were read.
     */
    public long stream(PersonSelection selection, java.util.function.Consumer<PersonRecord> consumer) {
        List<Object> params = new java.util.ArrayList<>();
        String sql = "SELECT " + COLUMNS + " FROM person WHERE " + where(selection, params) + " ORDER BY id";
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false); // PostgreSQL uses a cursor (fetch size) only outside auto-commit
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(1000);
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                long n = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        consumer.accept(map(rs));
                        n++;
                    }
                }
                c.commit();
                return n;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new PopulationStoreException("person selection failed", e);
        }
    }

    /** How many persons {@code selection} selects (the estimate an approver sees before a pull runs). */
    public long count(PersonSelection selection) {
        List<Object> params = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM person WHERE " + where(selection, params))) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new PopulationStoreException("person count failed", e);
        }
    }

    private static String where(PersonSelection selection, List<Object> params) {
        StringBuilder sql = new StringBuilder("1 = 1");
        if (selection.areaPrefix() != null) {
            sql.append(" AND registration_area LIKE ?");
            params.add(selection.areaPrefix() + "%");
        }
        if (selection.bornFrom() != null) {
            sql.append(" AND birth_date >= ?");
            params.add(selection.bornFrom());
        }
        if (selection.bornTo() != null) {
            sql.append(" AND birth_date <= ?");
            params.add(selection.bornTo());
        }
        for (String[] eq : new String[][] {{"gender", selection.gender()},
                {"management_attribute", selection.managementAttribute()}, {"marital_status", selection.maritalStatus()}}) {
            if (eq[1] != null) {
                sql.append(" AND ").append(eq[0]).append(" = ?");
                params.add(eq[1]);
            }
        }
        if (!selection.includeCancelled()) {
            sql.append(" AND cancelled_at IS NULL");
        }
        return sql.toString();
    }

    /** Total person rows. */
    public long count() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM person");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new PopulationStoreException("person count failed", e);
        }
    }

    private PersonRecord map(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        return new PersonRecord(id, codec.revealIdNumber(id, rs.getBytes(2)), codec.revealName(id, rs.getBytes(3)),
                rs.getString(4), rs.getObject(5, LocalDate.class), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getString(9), rs.getObject(10, LocalDate.class), rs.getString(11), rs.getString(12),
                rs.getObject(13, LocalDate.class));
    }
}
