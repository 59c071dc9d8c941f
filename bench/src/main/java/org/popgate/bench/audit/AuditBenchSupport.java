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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.CanonicalEncoding;
import org.popgate.audit.event.Digest;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.SubjectHasher;
import org.popgate.audit.event.SubjectIndex;
import org.popgate.audit.store.JdbcAuditStore;
import org.popgate.audit.store.RowSealer;
import org.popgate.audit.store.StoredRow;
import org.popgate.gateway.ids.TimeOrderedIds;
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

    /**
     * Lookup ids as the gateway mints them ({@code TimeOrderedIds}: time-ordered, session 10 on), or with
     * {@code -Dbench.audit.randomIds=true} fully random as before (for the comparison).
     */
    static final boolean RANDOM_IDS = Boolean.getBoolean("bench.audit.randomIds");

    private static String lookupId(Random r) {
        return RANDOM_IDS ? new UUID(r.nextLong(), r.nextLong()).toString()
                : TimeOrderedIds.of(System.currentTimeMillis(), r.nextLong(), r.nextLong()).toString();
    }

    /**
     * The {@code i}-th event of the benchmark's mix, the same on the audit and the plain side. The mix follows what
     * the gateway's routes write (which operation appends which event type with which fields), weighted towards the
     * path that produces audit events at a high rate, the lookup API: of every 20 events,
     * <ul>
     *   <li>16 lookups by a department system ({@code exchange_selected}; actor = member certificate, so no person;
     *       member = department; the standing approval; a fresh time-ordered lookup id as exchange id), as
     *       {@code PullService.lookup};</li>
     *   <li>2 steps of a bulk pull by staff ({@code exchange_requested .. exchange_receipted}; person and department,
     *       approval and exchange id), as {@code PullService}/{@code PullSteps};</li>
     *   <li>1 login ({@code login_succeeded}; person and department only), as {@code LoginAudit};</li>
     *   <li>1 event of the gateway itself ({@code verification_run}; member only), as the scheduled verification.</li>
     * </ul>
     * Every event carries a 32-byte digest, a flow and categories like the real ones (~300-400 bytes encoded). This
     * one leaves the subject index out (for benchmarks that store no subject rows); {@link #sample} adds it.
     */
    static AuditEvent event(Random r, long i) {
        return builder(r, i).build();
    }

    /** An event of the mix and its subject index. */
    record Sample(AuditEvent event, SubjectIndex subjects) {}

    /** Subject-hash key of the benchmarks. */
    private static final SubjectHasher HASHER = new SubjectHasher(new SecretKeySpec(new byte[32], "HmacSHA256"));

    /**
     * The {@code i}-th event of {@link #event}'s mix with the subject index the gateway gives it: a lookup carries the
     * keyed hash of the one person it looked up, as {@code PullService.lookup} appends it (so each lookup adds a row to
     * {@code audit_subject}); the other events of the mix carry none.
     */
    static Sample sample(Random r, long i) {
        AuditEvent.Builder b = builder(r, i);
        if (i % 20 >= 16) {
            return new Sample(b.build(), SubjectIndex.empty());
        }
        String person = String.format("431128%012d", Math.floorMod(r.nextLong(), 1_000_000_000_000L));
        SubjectIndex index = SubjectIndex.of(AuditSuite.INTL, List.of(HASHER.hash(person)));
        return new Sample(b.subjects(index).build(), index);
    }

    private static AuditEvent.Builder builder(Random r, long i) {
        byte[] d = new byte[32];
        r.nextBytes(d);
        int slot = (int) (i % 20);
        AuditEvent.Builder b;
        if (slot < 16) {
            String dept = "4311" + (10 + i % 30) + ".dept";
            b = AuditEvent.builder(EventType.EXCHANGE_SELECTED)
                    .actor(Actor.member(dept, dept, "cert-" + (i % 30)))
                    .flow("pull.lookup").approvalId("ap-" + (i % 30)).exchangeId(lookupId(r))
                    .purpose("service delivery").legalBasis("regulation 12").recordCount(1)
                    .attribute("member", dept).attribute("found", "true").responseDigest(new Digest(d));
        } else if (slot < 18) {
            EventType[] steps = {EventType.EXCHANGE_REQUESTED, EventType.EXCHANGE_APPROVED, EventType.EXCHANGE_PACKAGED,
                EventType.EXCHANGE_DELIVERED, EventType.EXCHANGE_RECEIPTED};
            b = AuditEvent.builder(steps[(int) (i / 20 % steps.length)])
                    .actor(Actor.person("staff-" + (i % 100), "APPROVER", "police"))
                    .flow("pull.population").operation("pull").dataCategories(List.of("identity", "address"))
                    .recordCount(i % 1000).approvalId("ap-" + i / 20).exchangeId("ex-" + i / 20)
                    .purpose("service delivery").legalBasis("regulation 12").responseDigest(new Digest(d));
        } else if (slot == 18) {
            b = AuditEvent.builder(EventType.LOGIN_SUCCEEDED).actor(Actor.person("staff-" + (i % 100), "APPROVER", "police"))
                    .requestDigest(new Digest(d));
        } else {
            b = AuditEvent.builder(EventType.VERIFICATION_RUN).actor(Actor.gateway("431128.gateway"))
                    .recordCount(i).operation("verification").requestDigest(new Digest(d));
        }
        return b.eventId(new UUID(r.nextLong(), r.nextLong())).occurredAt(Instant.now());
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

    /**
     * Creates the audit schema from the module's own migration scripts (no Flyway in the bench): the common table
     * and, on PostgreSQL, its query indexes ({@code V32}; the append-only trigger of {@code V31} fires on UPDATE,
     * DELETE and TRUNCATE only, so it costs an insert nothing and needs the runtime role's grants: left out).
     */
    static void createSchema(DataSource ds, boolean pg) throws IOException, SQLException {
        // -Dbench.audit.keysOnly=true: without query indexes
        createSchema(ds, pg, !Boolean.getBoolean("bench.audit.keysOnly"));
    }

    /** {@link #createSchema(DataSource, boolean)}, on PostgreSQL with or without the query indexes (keys only). */
    static void createSchema(DataSource ds, boolean pg, boolean queryIndexes) throws IOException, SQLException {
        runScript(ds, "/db/audit/common/V30__audit_log.sql");
        if (pg && !Boolean.getBoolean("bench.audit.v30Indexes")) { // -Dbench.audit.v30Indexes=true: the indexes before V32
            runScript(ds, "/db/audit/postgresql/V32__audit_event_lean_indexes.sql");
        }
        if (pg && !queryIndexes) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                dropQueryIndexes(s);
            }
        }
    }

    /**
     * Appends {@code n} rows of the gateway's mix from {@code firstSeq} on to {@code rows}, as the audit store would
     * store them (sealed with {@code seal}), and their subject indexes to {@code indexes} (empty ones unless
     * {@code subjects}); returns how many subject rows they carry.
     */
    static int sampleRows(Random r, long firstSeq, int n, boolean subjects, byte[] seal, List<StoredRow> rows,
            List<SubjectIndex> indexes) {
        int m = 0;
        for (long seq = firstSeq; seq < firstSeq + n; seq++) {
            Sample s = subjects ? sample(r, seq) : new Sample(event(r, seq), SubjectIndex.empty());
            rows.add(StoredRow.of(seq, s.event(), CanonicalEncoding.encode(s.event()), seal));
            indexes.add(s.subjects());
            m += s.subjects().size();
        }
        return m;
    }

    /**
     * Binds {@code rows} to {@code JdbcAuditStore.multiRowInsert(rows.size())}, followed, when {@code withSubjects},
     * by their subject rows as the arrays of {@link JdbcAuditStore#SUBJECT_ARRAY_INSERT}: the audit store's one-trip
     * technique.
     */
    static void bindMultiRow(PreparedStatement ps, List<StoredRow> rows, List<SubjectIndex> indexes,
            boolean withSubjects) throws SQLException {
        int p = 0;
        for (StoredRow row : rows) {
            JdbcAuditStore.bindRow(ps, p, row);
            p += JdbcAuditStore.EVENT_COLUMN_COUNT;
        }
        if (withSubjects) {
            JdbcAuditStore.bindSubjectArrays(ps, p, rows.get(0).seq(), indexes);
        }
    }

    /** Drops every index of the two audit tables but their primary keys: whatever the migrations created. */
    private static void dropQueryIndexes(Statement s) throws SQLException {
        List<String> indexes = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT i.indexrelid::regclass::text FROM pg_index i"
                + " WHERE i.indrelid IN ('audit_event'::regclass, 'audit_subject'::regclass) AND NOT i.indisprimary")) {
            while (rs.next()) {
                indexes.add(rs.getString(1));
            }
        }
        for (String index : indexes) {
            s.execute("DROP INDEX " + index);
        }
    }

    private static void runScript(DataSource ds, String resource) throws IOException, SQLException {
        String sql;
        try (InputStream in = AuditBenchSupport.class.getResourceAsStream(resource)) {
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
