package org.popgate.bench.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.Digest;
import org.popgate.audit.event.EventType;
import org.popgate.audit.store.RowSealer;
import org.postgresql.ds.PGSimpleDataSource;

/** Databases, keys and events for the audit benchmarks. */
final class AuditBenchSupport {

    static final String ORIGIN = "popgate.bench/audit";

    private AuditBenchSupport() {}

    static RowSealer sealer() {
        return new RowSealer(new SecretKeySpec(new byte[32], "HmacSHA256"));
    }

    static KeyPair auditKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", AuditSuite.bc());
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** A typical exchange-step event (~400 bytes encoded). */
    static AuditEvent event(Random r, long i) {
        byte[] d = new byte[32];
        r.nextBytes(d);
        return AuditEvent.builder(EventType.EXCHANGE_DELIVERED)
                .eventId(new UUID(r.nextLong(), r.nextLong()))
                .occurredAt(Instant.now())
                .actor(new Actor("staff-" + (i % 100), "requester", "431128.police", "police", "cert-1"))
                .flow("pull.population").operation("deliver").dataCategories(List.of("identity", "address"))
                .recordCount(i % 1000).approvalId("ap-" + i / 10).exchangeId("ex-" + i / 10)
                .purpose("service delivery").legalBasis("regulation 12").responseDigest(new Digest(d))
                .build();
    }

    static DataSource h2(Path dir) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath() + ";WRITE_DELAY=0");
        return ds;
    }

    /** A PostgreSQL data source on a fresh schema (POPGATE_BENCH_PG_URL/USER/PASSWORD, or the test variables). */
    static DataSource pg(String schema) throws SQLException {
        String url = env("POPGATE_BENCH_PG_URL", "POPGATE_TEST_PG_URL");
        PGSimpleDataSource admin = pgSource(url);
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        }
        return pgSource(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema + "&reWriteBatchedInserts=true");
    }

    static void dropPg(String schema) throws SQLException {
        try (Connection c = pgSource(env("POPGATE_BENCH_PG_URL", "POPGATE_TEST_PG_URL")).getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static PGSimpleDataSource pgSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(env("POPGATE_BENCH_PG_USER", "POPGATE_TEST_PG_USER"));
        ds.setPassword(env("POPGATE_BENCH_PG_PASSWORD", "POPGATE_TEST_PG_PASSWORD"));
        return ds;
    }

    private static String env(String a, String b) {
        String v = System.getenv(a);
        return v != null ? v : System.getenv(b);
    }

    /** Creates the audit schema from the module's own migration script (no Flyway in the bench). */
    static void createSchema(DataSource ds) throws IOException, SQLException {
        String sql;
        try (InputStream in = AuditBenchSupport.class.getResourceAsStream("/db/audit/common/V30__audit_log.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            StringBuilder clean = new StringBuilder();
            for (String line : sql.split("\n")) {
                if (!line.strip().startsWith("--")) {
                    clean.append(line).append('\n');
                }
            }
            for (String stmt : clean.toString().split(";")) {
                if (!stmt.isBlank()) {
                    s.execute(stmt);
                }
            }
        }
    }

    static Path tempDir() throws IOException {
        return Files.createTempDirectory("popgate-audit-bench");
    }
}
