package org.popgate.adapters.feedstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.popgate.adapters.feed.Counterpart;
import org.popgate.adapters.feed.DataItem;
import org.popgate.adapters.feed.PopulationState;
import org.popgate.adapters.population.PersonRecordCodec;
import org.popgate.adapters.population.PopulationStoreException;
import org.popgate.crypto.idnumber.IdNumber;

/**
 * The population database as a validator of one department's feed sees it, by lookup hash on the feed's
 * own connection. A person another department cancelled (a cremation reported by civil affairs) is still
 * living as far as the police's own changes go: the police change is validated and then decided by the
 * precedence rules, so the disagreement is listed as a conflict instead of being hidden in a reject.
 */
public final class DatabasePopulationState implements PopulationState {

    private final Connection connection;
    private final PersonRecordCodec codec;
    private final Counterpart source;

    public DatabasePopulationState(Connection connection, PersonRecordCodec codec, Counterpart source) {
        this.connection = connection;
        this.codec = codec;
        this.source = source;
    }

    private String lastId;
    private Optional<PersonState> last;

    /** The validator asks about one record's person several times in a row: the last answer is kept. */
    @Override
    public Optional<PersonState> person(IdNumber id) {
        if (id.value().equals(lastId)) {
            return last;
        }
        last = lookup(id);
        lastId = id.value();
        return last;
    }

    private Optional<PersonState> lookup(IdNumber id) {
        byte[] hash = codec.lookupHash(id.value());
        boolean found = false;
        boolean living = false;
        boolean married = false;
        try {
            PreparedStatement ps = prepared(
                "SELECT cancelled_at, marital_status FROM person WHERE id_hash = ?");
            ps.setBytes(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found = true;
                    if (rs.getObject(1) == null) {
                        living = true;
                        married |= "MARRIED".equals(rs.getString(2));
                    }
                }
            }
            if (!found) {
                return Optional.empty();
            }
            if (!living) {
                String claimSource = claimSource(hash);
                living = claimSource != null && !claimSource.equals(source.name());
            }
            return Optional.of(new PersonState(!living, married));
        } catch (SQLException e) {
            throw new PopulationStoreException("person state lookup failed", e);
        }
    }

    private String claimSource(byte[] hash) throws SQLException {
        { PreparedStatement ps = prepared(
                "SELECT source FROM feed_claim WHERE id_hash = ? AND item = ?");
            ps.setBytes(1, hash);
            ps.setString(2, DataItem.DEATH.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Override
    public boolean marriedTo(IdNumber husband, IdNumber wife) {
        String sql = "SELECT COUNT(*) FROM marriage m JOIN person h ON h.id = m.husband_id JOIN person w ON w.id = m.wife_id"
                + " WHERE h.id_hash = ? AND w.id_hash = ? AND m.status = 'MARRIED'";
        try {
            PreparedStatement ps = prepared(sql);
            ps.setBytes(1, codec.lookupHash(husband.value()));
            ps.setBytes(2, codec.lookupHash(wife.value()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new PopulationStoreException("marriage lookup failed", e);
        }
    }

    private final java.util.Map<String, PreparedStatement> statements = new java.util.HashMap<>();

    /** Statements are prepared once per delivery: a county's change file runs each of them many thousand times. */
    private PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        }
        return ps;
    }
}
