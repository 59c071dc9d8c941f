package org.popgate.audit.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.popgate.audit.AuditFixtures;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.PgFixtures;
import org.popgate.audit.store.JdbcAuditStore;
import org.popgate.audit.store.StoredRow;
import org.popgate.audit.verify.AuditVerifier;

/**
 * Kills a child JVM that appends from 16 threads with SIGKILL at seeded random moments; after
 * each kill every acknowledged append must be in storage, the log must verify, and there is no gap.
 */
class CrashRecoveryTests {

    private static final AuditFixtures.Keys KEYS = AuditFixtures.keys(AuditSuite.INTL);

    @TempDir
    Path dir;

    @Test
    void acknowledgedAppendsSurviveSigkillOnH2() throws Exception {
        String url = h2Url();
        AuditFixtures.migrate(h2(url), null);
        trials(url, "", "", 3, 101L, h2(url));
    }

    @Test
    @Tag("long")
    void acknowledgedAppendsSurviveTwentySigkillsOnH2() throws Exception {
        String url = h2Url();
        AuditFixtures.migrate(h2(url), null);
        trials(url, "", "", 20, 202L, h2(url));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "POPGATE_TEST_PG_URL", matches = ".+")
    void acknowledgedAppendsSurviveSigkillOnPostgresql() throws Exception {
        String schema = PgFixtures.freshSchema();
        try {
            trials(PgFixtures.urlFor(schema), PgFixtures.user(), PgFixtures.password(), 3, 303L,
                    PgFixtures.dataSource(schema));
        } finally {
            PgFixtures.drop(schema);
        }
    }

    @Test
    @Tag("long")
    @EnabledIfEnvironmentVariable(named = "POPGATE_TEST_PG_URL", matches = ".+")
    void acknowledgedAppendsSurviveTwentySigkillsOnPostgresql() throws Exception {
        String schema = PgFixtures.freshSchema();
        try {
            trials(PgFixtures.urlFor(schema), PgFixtures.user(), PgFixtures.password(), 20, 404L,
                    PgFixtures.dataSource(schema));
        } finally {
            PgFixtures.drop(schema);
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "POPGATE_TEST_PG_URL", matches = ".+")
    void twoProcessesOnOnePostgresqlShareOneConsistentTree() throws Exception {
        String schema = PgFixtures.freshSchema();
        try {
            Map<Long, String> acked = new ConcurrentHashMap<>();
            Map<Long, String> clash = new ConcurrentHashMap<>();
            Process[] children = new Process[2];
            Thread[] readers = new Thread[2];
            CountDownLatch reached = new CountDownLatch(2);
            AtomicReference<String> failure = new AtomicReference<>();
            for (int i = 0; i < 2; i++) {
                children[i] = start(PgFixtures.urlFor(schema), PgFixtures.user(), PgFixtures.password(), 500 + i);
                Process child = children[i];
                readers[i] = new Thread(() -> read(child, new ForwardingMap(acked, clash), new AtomicInteger(), 1500,
                        reached, failure));
                readers[i].start();
            }
            boolean ok = reached.await(180, TimeUnit.SECONDS);
            for (int i = 0; i < 2; i++) {
                children[i].destroyForcibly();
                children[i].waitFor(60, TimeUnit.SECONDS);
                readers[i].join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(failure.get()).isNull();
            assertThat(ok).isTrue();
            assertThat(clash).as("sequence numbers given to both processes").isEmpty();
            verifyAfterCrash(PgFixtures.dataSource(schema), acked);
            try (JdbcAuditStore store = new JdbcAuditStore(PgFixtures.dataSource(schema), AuditFixtures.sealer())) {
                assertThat(store.checkpoints()).as("both processes signed checkpoints of the one tree").hasSizeGreaterThan(1);
            }
        } finally {
            PgFixtures.drop(schema);
        }
    }

    /** Records acknowledgements, remembering any sequence number acknowledged twice. */
    private static final class ForwardingMap extends java.util.AbstractMap<Long, String> {
        private final Map<Long, String> target;
        private final Map<Long, String> clash;

        ForwardingMap(Map<Long, String> target, Map<Long, String> clash) {
            this.target = target;
            this.clash = clash;
        }

        @Override
        public String put(Long key, String value) {
            String old = target.putIfAbsent(key, value);
            if (old != null) {
                clash.put(key, value);
            }
            return old;
        }

        @Override
        public java.util.Set<Entry<Long, String>> entrySet() {
            return target.entrySet();
        }
    }

    private String h2Url() {
        return "jdbc:h2:file:" + dir.resolve("audit").toAbsolutePath() + ";WRITE_DELAY=0;FILE_LOCK=FS";
    }

    private static DataSource h2(String url) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        return ds;
    }

    private void trials(String url, String user, String password, int trials, long seed, DataSource ds) throws Exception {
        Random r = new Random(seed);
        Map<Long, String> acked = new ConcurrentHashMap<>();
        for (int trial = 0; trial < trials; trial++) {
            int killAfter = 20 + r.nextInt(1500);
            Process child = start(url, user, password, seed * 100 + trial);
            AtomicInteger count = new AtomicInteger();
            CountDownLatch reached = new CountDownLatch(1);
            AtomicReference<String> failure = new AtomicReference<>();
            Thread reader = new Thread(() -> read(child, acked, count, killAfter, reached, failure));
            reader.start();
            boolean ok = reached.await(120, TimeUnit.SECONDS);
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            reader.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(failure.get()).as("child output").isNull();
            assertThat(ok).as("child acknowledged " + killAfter + " appends in time").isTrue();
            verifyAfterCrash(ds, acked);
        }
        assertThat(acked).hasSizeGreaterThan(trials * 20);
    }

    private static void verifyAfterCrash(DataSource ds, Map<Long, String> acked) {
        try (JdbcAuditStore store = new JdbcAuditStore(ds, AuditFixtures.sealer())) {
            AuditVerifier.StartupResult start = new AuditVerifier(store, KEYS.verifier(), AuditFixtures.sealer(), List.of())
                    .startupCheck(new IntegrityAlarm());
            assertThat(start.report().findings()).as("start-up check after SIGKILL").isEmpty();
            long size = start.tree().size();
            Map<Long, String> stored = new ConcurrentHashMap<>();
            store.scan(0, (StoredRow row) -> stored.put(row.seq(), row.eventId()));
            assertThat(stored).hasSize((int) size);
            for (Map.Entry<Long, String> a : acked.entrySet()) {
                assertThat(stored.get(a.getKey())).as("acknowledged seq " + a.getKey()).isEqualTo(a.getValue());
            }
        }
    }

    private Process start(String url, String user, String password, long seed) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), url, user, password, "16", Long.toString(seed),
                Base64.getEncoder().encodeToString(KEYS.privateKey().getEncoded()),
                Base64.getEncoder().encodeToString(KEYS.publicKey().getEncoded()));
        pb.redirectError(dir.resolve("child-" + seed + ".err").toFile());
        return pb.start();
    }

    private static void read(Process child, Map<Long, String> acked, AtomicInteger count, int killAfter,
            CountDownLatch reached, AtomicReference<String> failure) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    String[] p = line.split(" ");
                    if (p.length == 3) {
                        acked.put(Long.parseLong(p[1]), p[2]);
                        if (count.incrementAndGet() >= killAfter) {
                            reached.countDown();
                        }
                    }
                } else if (line.startsWith("STARTUP-FAILED")) {
                    failure.set(line);
                    reached.countDown();
                }
            }
        } catch (java.io.IOException e) {
            // the child was killed mid-line
        }
    }
}
