package org.popgate.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.AuditFixtures;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.log.IntegrityAlarm;
import org.popgate.audit.merkle.MerkleTree;
import org.popgate.audit.verify.AuditVerifier;

/**
 * On PostgreSQL the log commits a batch without waiting for the disk and makes it durable with a separate flush
 * ({@link JdbcAuditStore#appendCommitted}, {@link JdbcAuditStore#flush}); a caller is answered only after the flush.
 * These tests break the flush and the database under a steady stream of appends, and check that every acknowledged
 * event is stored at the sequence number its caller got, and that the log verifies.
 */
@EnabledIfEnvironmentVariable(named = "POPGATE_TEST_PG_URL", matches = ".+")
class PostgresCommitAndFlushTests extends PostgresSchemaTest {

    private static final AuditFixtures.Keys KEYS = AuditFixtures.keys(AuditSuite.INTL);

    /**
     * Eight threads append, so batches hold 1 to 8 events: from 4 on they are committed and flushed apart, smaller
     * ones durably at once (whose commit also makes the batches before them durable). Both kinds alternate.
     */
    private static final int MIXED = 4;

    /** Every batch committed and flushed apart. */
    private static final int ALL_APART = 1;

    @Test
    void aFailedFlushFailsItsCallersThenTheLogCarriesOnAndKeepsEveryAcknowledgedEvent() throws Exception {
        Appenders appenders;
        try (JdbcAuditStore store = new JdbcAuditStore(ds, AuditFixtures.sealer());
                AuditLog log = log(store, MIXED)) {
            assertThat(store.flushesApart()).isTrue();
            appenders = new Appenders(log, 0);
            appenders.awaitAcknowledged(300);
            // cut the flush connection: the next flush fails, and with it every batch committed before it
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                        + JdbcAuditStore.FLUSH_CONNECTION_NAME + "' AND datname = current_database()");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> appenders.refused.get() > 0);
            int afterFailure = appenders.acknowledged.size();
            appenders.awaitAcknowledged(afterFailure + 300); // the log carries on: a new flush connection
            appenders.stop();
        }
        assertThat(appenders.refusedWithOtherCodes.get()).isZero();
        assertEveryAcknowledgedEventIsStored(appenders.acknowledged);
    }

    /**
     * Stops the whole database with {@code -m immediate} (its processes quit without writing out what is not yet on
     * disk; the restart replays the WAL) while the log appends, at seeded moments, then restarts it and the log, as
     * often as the trials say; after each restart every event acknowledged so far must be stored. Needs to run
     * {@code pg_ctlcluster}, so it runs where {@code POPGATE_TEST_PG_CLUSTER} names the cluster (".ci/postgres.sh" sets
     * it). Two trials here, ten with {@code -Plong}.
     */
    @Test
    @EnabledIfEnvironmentVariable(named = "POPGATE_TEST_PG_CLUSTER", matches = ".+")
    void acknowledgedEventsSurviveDatabaseCrashes() throws Exception {
        databaseCrashTrials(2, 505L);
    }

    @Test
    @Tag("long")
    @EnabledIfEnvironmentVariable(named = "POPGATE_TEST_PG_CLUSTER", matches = ".+")
    void acknowledgedEventsSurviveTenDatabaseCrashes() throws Exception {
        databaseCrashTrials(10, 606L);
    }

    private void databaseCrashTrials(int trials, long seed) throws Exception {
        Random moments = new Random(seed);
        Map<Long, String> acknowledged = new HashMap<>();
        for (int trial = 0; trial < trials; trial++) {
            Appenders appenders;
            try (JdbcAuditStore store = new JdbcAuditStore(ds, AuditFixtures.sealer());
                    AuditLog log = new AuditLog(store, startupTree(store), new IntegrityAlarm(),
                            AuditLog.Settings.defaults("431128.gateway").withFlushApartFrom(ALL_APART))) {
                appenders = new Appenders(log, seed * 100 + trial * 10);
                appenders.awaitAcknowledged(100 + moments.nextInt(900));
                try {
                    cluster("stop", "-m", "immediate");
                    appenders.stop();
                } finally {
                    cluster("start");
                    await().atMost(Duration.ofSeconds(60)).until(PostgresCommitAndFlushTests::databaseAnswers);
                }
            }
            acknowledged.putAll(appenders.acknowledged);
            assertEveryAcknowledgedEventIsStored(acknowledged);
        }
    }

    private MerkleTree startupTree(JdbcAuditStore store) {
        AuditVerifier.StartupResult start = new AuditVerifier(store, KEYS.verifier(), AuditFixtures.sealer(), List.of())
                .startupCheck(new IntegrityAlarm());
        assertThat(start.report().findings()).isEmpty();
        return start.tree();
    }

    private void assertEveryAcknowledgedEventIsStored(Map<Long, String> acknowledged) {
        try (JdbcAuditStore store = new JdbcAuditStore(ds, AuditFixtures.sealer())) {
            long size = startupTree(store).size(); // the start-up check finds nothing
            Map<Long, String> stored = new HashMap<>();
            store.scan(0, row -> stored.put(row.seq(), row.eventId()));
            assertThat(stored).hasSize((int) size);
            acknowledged.forEach((seq, eventId) -> assertThat(stored.get(seq))
                    .as("acknowledged event at %d", seq).isEqualTo(eventId));
        }
    }

    private static AuditLog log(JdbcAuditStore store, int flushApartFrom) {
        return new AuditLog(store, new MerkleTree(AuditSuite.INTL), new IntegrityAlarm(),
                AuditLog.Settings.defaults("431128.gateway").withFlushApartFrom(flushApartFrom));
    }

    /** Eight threads appending the fixtures' event mix until stopped; they record what was acknowledged. */
    private static final class Appenders {
        final Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger refusedWithOtherCodes = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService pool = Executors.newFixedThreadPool(8);

        Appenders(AuditLog log, long seed0) {
            for (int t = 0; t < 8; t++) {
                long seed = seed0 + t;
                pool.execute(() -> {
                    Random r = new Random(seed);
                    for (long i = 0; !stop.get(); i++) {
                        AuditFixtures.Sample s = AuditFixtures.sample(r, i);
                        try {
                            acknowledged.put(log.append(s.event(), s.subjects()), s.event().eventId().toString());
                        } catch (AuditException e) {
                            refused.incrementAndGet();
                            if (e.code() != AuditErrorCode.STORE_UNAVAILABLE) {
                                refusedWithOtherCodes.incrementAndGet();
                            }
                        }
                    }
                });
            }
        }

        void awaitAcknowledged(int n) {
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= n);
        }

        void stop() throws InterruptedException {
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).as("every appender got an answer").isTrue();
        }
    }

    private static boolean databaseAnswers() {
        try (Connection c = org.popgate.audit.PgFixtures.dataSource(null).getConnection();
                Statement s = c.createStatement()) {
            return s.execute("SELECT 1");
        } catch (SQLException e) {
            return false;
        }
    }

    private static void cluster(String... action) throws Exception {
        String[] cluster = System.getenv("POPGATE_TEST_PG_CLUSTER").split(" ");
        List<String> command = new java.util.ArrayList<>(List.of("pg_ctlcluster", cluster[0], cluster[1]));
        command.addAll(List.of(action));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("pg_ctlcluster %s: %s", String.join(" ", action), out).isZero();
    }
}
