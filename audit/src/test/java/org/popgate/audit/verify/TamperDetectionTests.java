package org.popgate.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.popgate.audit.AuditFixtures;
import org.popgate.audit.AuditHarness;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.checkpoint.Checkpoint;
import org.popgate.audit.event.CanonicalEncoding;
import org.popgate.audit.log.IntegrityAlarm;
import org.popgate.audit.store.JdbcAuditStore;
import org.popgate.audit.store.StoredRow;

/**
 * Mutates a real audit database the way someone holding it could (no triggers on H2: this is the
 * owner's view) and checks the start-up check — storage, stored checkpoints and the officers'
 * witness — finds every mutation. Each mutation runs inside a transaction that is rolled back.
 */
class TamperDetectionTests {

    private static final AuditFixtures.Keys KEYS = AuditFixtures.keys(AuditSuite.INTL);
    private static final AuditFixtures.Keys ATTACKER = AuditFixtures.keys(AuditSuite.INTL);

    enum Mutation {
        CHANGE_EVENT_FIELD, CHANGE_SUBJECT_FIELD, CHANGE_CHECKPOINT_FIELD, DELETE_ROW, SWAP_ROWS, TRUNCATE_TAIL,
        INSERT_FORGED_ROW, REPLACE_CHECKPOINT, TRUNCATE_TAIL_WITH_CHECKPOINTS
    }

    @TempDir
    Path witnessDir;

    @Test
    void detectsEverySeededMutationOfASmallLog() throws Exception {
        run(2_000, 270, 11L);
    }

    @Test
    @Tag("long")
    void detectsEverySeededMutationOfATenThousandEventLog() throws Exception {
        run(10_000, 1_000, 12L);
    }

    private void run(int events, int mutations, long seed) throws Exception {
        JdbcDataSource ds = (JdbcDataSource) AuditFixtures.h2Memory();
        try (AuditHarness h = new AuditHarness(ds, KEYS, witnessDir)) {
            h.fill(seed, events, 500);
            h.checkpointer.checkpoint();
            assertThat(h.verifier.fullVerification(h.log).ok()).isTrue();
        }
        Connection real = ds.getConnection();
        real.setAutoCommit(false);
        DataSource shared = sharedConnection(real);
        JdbcAuditStore store = new JdbcAuditStore(shared, AuditFixtures.sealer(), false);
        AuditVerifier verifier = new AuditVerifier(store, KEYS.verifier(), AuditFixtures.sealer(),
                java.util.List.of(new org.popgate.audit.witness.DirectoryWitness(witnessDir, KEYS.verifier())));
        assertThat(verifier.startupCheck(new IntegrityAlarm()).report().ok()).isTrue();

        Random r = new Random(seed);
        Map<Mutation, int[]> tally = new EnumMap<>(Mutation.class);
        int applied = 0;
        int detected = 0;
        while (applied < mutations) {
            Mutation m = Mutation.values()[r.nextInt(Mutation.values().length)];
            boolean changed;
            try {
                changed = apply(real, m, r, events);
            } catch (SQLException e) {
                changed = false;
            }
            if (changed) {
                applied++;
                VerificationReport report = verifier.startupCheck(new IntegrityAlarm()).report();
                int[] t = tally.computeIfAbsent(m, k -> new int[2]);
                t[0]++;
                if (!report.ok()) {
                    detected++;
                    t[1]++;
                }
            }
            real.rollback();
            if (applied % 100 == 0) {
                assertThat(verifier.startupCheck(new IntegrityAlarm()).report().ok()).as("untouched log verifies").isTrue();
            }
        }
        real.close();
        String figure = String.format("tamper detection: %d of %d mutations detected (%.2f%%) on %d events; by kind %s",
                detected, applied, 100.0 * detected / applied, events, describe(tally));
        System.out.println(figure);
        Path out = Path.of("target", "tamper-detection-" + events + ".txt");
        Files.createDirectories(out.getParent());
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            w.println(figure);
        }
        assertThat(detected).as(figure).isEqualTo(applied);
        assertThat(tally).as("every kind of mutation exercised").hasSize(Mutation.values().length);
    }

    private static String describe(Map<Mutation, int[]> tally) {
        StringBuilder s = new StringBuilder();
        tally.forEach((k, v) -> s.append(k.name().toLowerCase()).append('=').append(v[1]).append('/').append(v[0]).append(' '));
        return s.toString().trim();
    }

    private static final String[] EVENT_COLUMNS = {"event_id", "event_type", "occurred_at", "actor_person",
            "actor_member", "actor_department", "approval_id", "exchange_id", "subject_count", "leaf", "row_seal"};

    /** Applies one mutation; false when it turned out to change nothing. */
    private boolean apply(Connection c, Mutation m, Random r, int events) throws SQLException {
        switch (m) {
            case CHANGE_EVENT_FIELD -> {
                long seq = r.nextInt(events);
                String col = EVENT_COLUMNS[r.nextInt(EVENT_COLUMNS.length)];
                Object value = read(c, "SELECT " + col + " FROM audit_event WHERE seq = " + seq);
                Object changed = alter(value, r);
                return update(c, "UPDATE audit_event SET " + col + " = ? WHERE seq = " + seq, changed) == 1;
            }
            case CHANGE_SUBJECT_FIELD -> {
                long count = (Long) read(c, "SELECT COUNT(*) FROM audit_subject");
                long pick = r.nextLong(count);
                Object[] row = row(c, "SELECT seq, ordinal FROM audit_subject ORDER BY seq, ordinal OFFSET " + pick + " ROWS FETCH FIRST 1 ROWS ONLY");
                String where = " WHERE seq = " + row[0] + " AND ordinal = " + row[1];
                return switch (r.nextInt(3)) {
                    case 0 -> update(c, "UPDATE audit_subject SET subject_hash = ?" + where,
                            alter(read(c, "SELECT subject_hash FROM audit_subject" + where), r)) == 1;
                    case 1 -> update(c, "UPDATE audit_subject SET ordinal = ordinal + 1000" + where) == 1;
                    default -> update(c, "UPDATE audit_subject SET seq = seq + 1" + where) == 1;
                };
            }
            case CHANGE_CHECKPOINT_FIELD -> {
                long n = (Long) read(c, "SELECT COUNT(*) FROM audit_checkpoint");
                long id = r.nextLong(n);
                String col = new String[] {"tree_size", "root_hash", "signed_at", "note", "timestamp_token"}[r.nextInt(5)];
                Object value = read(c, "SELECT " + col + " FROM audit_checkpoint WHERE id = " + id);
                return update(c, "UPDATE audit_checkpoint SET " + col + " = ? WHERE id = " + id, alter(value, r)) == 1;
            }
            case DELETE_ROW -> {
                return update(c, "DELETE FROM audit_event WHERE seq = " + r.nextInt(events)) == 1;
            }
            case SWAP_ROWS -> {
                long a = r.nextInt(events);
                long b = r.nextInt(events);
                if (a == b) {
                    return false;
                }
                StoredRow ra = readRow(c, a);
                StoredRow rb = readRow(c, b);
                update(c, "DELETE FROM audit_event WHERE seq IN (" + a + ", " + b + ")");
                insert(c, withSeq(rb, a));
                insert(c, withSeq(ra, b));
                return true;
            }
            case TRUNCATE_TAIL -> {
                long from = 1 + r.nextInt(events - 1);
                update(c, "DELETE FROM audit_subject WHERE seq >= " + from);
                return update(c, "DELETE FROM audit_event WHERE seq >= " + from) > 0;
            }
            case INSERT_FORGED_ROW -> {
                AuditFixtures.Sample s = AuditFixtures.sample(r, events);
                byte[] leaf = CanonicalEncoding.encode(s.event());
                insert(c, StoredRow.of(events, s.event(), leaf, AuditFixtures.random(r, 32)));
                return true;
            }
            case REPLACE_CHECKPOINT -> {
                long n = (Long) read(c, "SELECT COUNT(*) FROM audit_checkpoint");
                long id = r.nextLong(n);
                Object[] cp = row(c, "SELECT tree_size, signed_at FROM audit_checkpoint WHERE id = " + id);
                byte[] fakeRoot = AuditFixtures.random(r, 32);
                Instant at = ((OffsetDateTime) cp[1]).toInstant();
                String note = ATTACKER.signer().sign(new Checkpoint(AuditFixtures.ORIGIN, (Long) cp[0], fakeRoot, at)).note();
                return update(c, "UPDATE audit_checkpoint SET note = ?, root_hash = ? WHERE id = " + id, note, fakeRoot) == 1;
            }
            case TRUNCATE_TAIL_WITH_CHECKPOINTS -> {
                long from = 1 + r.nextInt(events - 1);
                update(c, "DELETE FROM audit_subject WHERE seq >= " + from);
                update(c, "DELETE FROM audit_checkpoint WHERE tree_size > " + from);
                return update(c, "DELETE FROM audit_event WHERE seq >= " + from) > 0;
            }
            default -> throw new IllegalStateException();
        }
    }

    private static Object alter(Object value, Random r) {
        if (value == null) {
            return "forged";
        }
        if (value instanceof byte[] b) {
            byte[] copy = b.clone();
            copy[r.nextInt(copy.length)] ^= (byte) (1 + r.nextInt(255));
            return copy;
        }
        if (value instanceof String s) {
            char[] chars = s.toCharArray();
            int i = r.nextInt(chars.length);
            chars[i] = chars[i] == 'Z' ? 'Y' : (char) (chars[i] == '9' ? '8' : chars[i] + 1);
            return new String(chars);
        }
        if (value instanceof Long l) {
            return l + 1 + r.nextInt(3);
        }
        if (value instanceof OffsetDateTime t) {
            return t.plusNanos(1000L * (1 + r.nextInt(1_000_000)));
        }
        throw new IllegalStateException(value.getClass().getName());
    }

    private static StoredRow withSeq(StoredRow x, long seq) {
        return new StoredRow(seq, x.eventId(), x.eventType(), x.occurredAt(), x.actorPerson(), x.actorMember(),
                x.actorDepartment(), x.approvalId(), x.exchangeId(), x.subjectCount(), x.leaf(), x.rowSeal());
    }

    private static StoredRow readRow(Connection c, long seq) throws SQLException {
        Object[] v = row(c, "SELECT seq, event_id, event_type, occurred_at, actor_person, actor_member, actor_department,"
                + " approval_id, exchange_id, subject_count, leaf, row_seal FROM audit_event WHERE seq = " + seq);
        return new StoredRow((Long) v[0], ((String) v[1]).trim(), (String) v[2], ((OffsetDateTime) v[3]).toInstant(),
                (String) v[4], (String) v[5], (String) v[6], (String) v[7], (String) v[8], (Long) v[9], (byte[]) v[10],
                (byte[]) v[11]);
    }

    private static void insert(Connection c, StoredRow row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_event (seq, event_id, event_type, occurred_at,"
                + " actor_person, actor_member, actor_department, approval_id, exchange_id, subject_count, leaf, row_seal)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            JdbcAuditStore.bindRow(ps, row);
            ps.executeUpdate();
        }
    }

    private static Object read(Connection c, String sql) throws SQLException {
        return row(c, sql)[0];
    }

    private static Object[] row(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            Object[] out = new Object[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = rs.getObject(i + 1);
            }
            return out;
        }
    }

    private static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                Object a = args[i];
                ps.setObject(i + 1, a instanceof OffsetDateTime t ? t.withOffsetSameInstant(ZoneOffset.UTC) : a);
            }
            return ps.executeUpdate();
        }
    }

    /** A DataSource handing out one connection whose transaction the test controls. */
    private static DataSource sharedConnection(Connection real) {
        Connection proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (p, method, args) -> switch (method.getName()) {
                    case "close", "commit", "rollback", "setAutoCommit" -> null;
                    case "getAutoCommit" -> false;
                    default -> {
                        try {
                            yield method.invoke(real, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (p, method, args) -> switch (method.getName()) {
                    case "getConnection" -> proxy;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
