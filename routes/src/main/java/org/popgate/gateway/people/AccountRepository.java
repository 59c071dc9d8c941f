package org.popgate.gateway.people;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.popgate.gateway.security.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Accounts in the gateway's database (table account). */
@Repository
class AccountRepository {

    private static final String COLUMNS = "id, username, password_hash, role, member, enabled, created_at, updated_at";

    private final JdbcClient jdbc;

    AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Account> byUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE username = ?").param(username)
                .query(AccountRepository::account).optional();
    }

    Optional<Account> byId(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account WHERE id = ?").param(id)
                .query(AccountRepository::account).optional();
    }

    List<Account> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM account ORDER BY id").query(AccountRepository::account).list();
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM account").query(Long.class).single();
    }

    long insert(String username, String passwordHash, Role role, String member, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO account (username, password_hash, role, member, enabled, created_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, TRUE, ?, ?)")
                .params(username, passwordHash, role.name(), member, time(now), time(now))
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    void setRole(long id, Role role, String member, Instant now) {
        jdbc.sql("UPDATE account SET role = ?, member = ?, updated_at = ? WHERE id = ?")
                .params(role.name(), member, time(now), id).update();
    }

    void setEnabled(long id, boolean enabled, Instant now) {
        jdbc.sql("UPDATE account SET enabled = ?, updated_at = ? WHERE id = ?").params(enabled, time(now), id).update();
    }

    void setPasswordHash(long id, String hash, Instant now) {
        jdbc.sql("UPDATE account SET password_hash = ?, updated_at = ? WHERE id = ?").params(hash, time(now), id).update();
    }

    private static Account account(ResultSet rs, int row) throws SQLException {
        return new Account(rs.getLong(1), rs.getString(2), rs.getString(3), Role.valueOf(rs.getString(4)),
                rs.getString(5), rs.getBoolean(6), rs.getObject(7, OffsetDateTime.class).toInstant(),
                rs.getObject(8, OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
