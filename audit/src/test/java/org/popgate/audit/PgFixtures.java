package org.popgate.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** PostgreSQL from POPGATE_TEST_PG_URL/USER/PASSWORD, one fresh schema per test (dropped by {@link #drop}). */
public final class PgFixtures {

    private static final AtomicLong COUNTER = new AtomicLong();

    private PgFixtures() {}

    public static String url() {
        return System.getenv("POPGATE_TEST_PG_URL");
    }

    public static String user() {
        return System.getenv("POPGATE_TEST_PG_USER");
    }

    public static String password() {
        return System.getenv("POPGATE_TEST_PG_PASSWORD");
    }

    /** A fresh schema with the audit migrations (common + PostgreSQL, granted to the test user). */
    public static String freshSchema() {
        String schema = "audit_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = dataSource(null).getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        AuditFixtures.migrate(dataSource(schema), user());
        return schema;
    }

    public static String urlFor(String schema) {
        String base = url();
        String sep = base.contains("?") ? "&" : "?";
        return base + sep + "currentSchema=" + schema + "&reWriteBatchedInserts=true";
    }

    public static DataSource dataSource(String schema) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(schema == null ? url() : urlFor(schema));
        ds.setUser(user());
        ds.setPassword(password());
        return ds;
    }

    public static void drop(String schema) {
        try (Connection c = dataSource(null).getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
