package org.popgate.audit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.AuditFixtures;
import org.popgate.audit.AuditHarness;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.SubjectHash;
import org.popgate.audit.event.SubjectHasher;
import org.popgate.audit.event.SubjectIndex;
import org.popgate.audit.store.AuditQuery;

class AuditLogTests {

    private static final AuditFixtures.Keys KEYS = AuditFixtures.keys(AuditSuite.INTL);

    @TempDir
    Path witnessDir;

    @Test
    void concurrentAppendsGetDistinctContiguousSequenceNumbersAndOneTree() throws Exception {
        try (AuditHarness h = new AuditHarness(AuditFixtures.h2Memory(), KEYS, witnessDir)) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<Long>> seqs = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int thread = t;
                for (int i = 0; i < 50; i++) {
                    int n = i;
                    seqs.add(pool.submit(() -> {
                        AuditFixtures.Sample s = AuditFixtures.sample(new Random(thread * 1000L + n), n);
                        return h.log.append(s.event(), s.subjects());
                    }));
                }
            }
            Set<Long> distinct = new HashSet<>();
            for (Future<Long> f : seqs) {
                distinct.add(f.get());
            }
            pool.shutdown();
            assertThat(distinct).hasSize(800);
            assertThat(Collections.max(distinct)).isEqualTo(799);
            assertThat(h.store.size()).isEqualTo(800);
            h.checkpointer.checkpoint();
            assertThat(h.verifier.fullVerification(h.log).ok()).isTrue();
        }
    }

    @Test
    void failsClosedWhenTheStoreCannotBeWritten() throws SQLException {
        DataSource ds = AuditFixtures.h2Memory();
        try (AuditHarness h = new AuditHarness(ds, KEYS, witnessDir)) {
            h.fill(1, 3, 0);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE audit_event RENAME TO audit_event_gone");
            }
            AuditFixtures.Sample s = AuditFixtures.sample(new Random(2), 3);
            assertThatThrownBy(() -> h.log.append(s.event(), s.subjects()))
                    .isInstanceOf(AuditException.class)
                    .extracting(e -> ((AuditException) e).code()).isEqualTo(AuditErrorCode.STORE_UNAVAILABLE);
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE audit_event_gone RENAME TO audit_event");
            }
            assertThat(h.log.append(s.event(), s.subjects())).isEqualTo(3);
            assertThat(h.log.head().size()).isEqualTo(4);
        }
    }

    @Test
    void refusesSubjectIndexThatDoesNotMatchTheEvent() {
        try (AuditHarness h = new AuditHarness(AuditFixtures.h2Memory(), KEYS, witnessDir)) {
            AuditFixtures.Sample s = AuditFixtures.sample(new Random(1), 5);
            assertThat(s.subjects().size()).isPositive();
            assertThatThrownBy(() -> h.log.append(s.event()))
                    .hasMessageStartingWith("audit_subject_index_mismatch");
            assertThatThrownBy(() -> h.log.append(s.event(), SubjectIndex.of(AuditSuite.INTL,
                    List.of(new SubjectHash(new byte[32]))))).hasMessageStartingWith("audit_subject_index_mismatch");
        }
    }

    @Test
    void integrityAlarmRefusesExchangeEventsUntilAcknowledged() {
        try (AuditHarness h = new AuditHarness(AuditFixtures.h2Memory(), KEYS, witnessDir)) {
            h.alarm.raise(AuditErrorCode.ROOT_MISMATCH, "test");
            AuditEvent exchange = AuditFixtures.sample(new Random(1), 1).event();
            assertThat(exchange.type().category()).isEqualTo(org.popgate.audit.event.EventCategory.EXCHANGE);
            assertThatThrownBy(() -> h.log.append(exchange)).hasMessageStartingWith("audit_integrity_alarm");
            long login = h.log.append(AuditEvent.builder(EventType.LOGIN_SUCCEEDED)
                    .actor(Actor.person("officer-1", "audit_admin", "security")).build());
            assertThatThrownBy(() -> h.log.acknowledgeAlarm(new Actor(null, null, "m", null, null), "checked"))
                    .hasMessageStartingWith("audit_missing_field");
            long ack = h.log.acknowledgeAlarm(new Actor("officer-1", "audit_admin", null, "security", null), "checked backup");
            assertThat(ack).isGreaterThan(login);
            assertThat(h.alarm.active()).isFalse();
            assertThat(h.log.append(exchange)).isEqualTo(ack + 1);
        }
    }

    @Test
    void answersQueriesByEveryFilterIncludingSubject() {
        try (AuditHarness h = new AuditHarness(AuditFixtures.h2Memory(), KEYS, witnessDir)) {
            h.fill(9, 100, 0);
            SubjectHasher hasher = new SubjectHasher(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256"));
            SubjectHash person = hasher.hash("11010519491231002X");
            List<SubjectHash> bulk = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                bulk.add(hasher.hash(String.format("4405241880%08d", i)));
            }
            bulk.add(person);
            SubjectIndex index = SubjectIndex.of(AuditSuite.INTL, bulk);
            AuditEvent pull = AuditEvent.builder(EventType.EXCHANGE_SELECTED)
                    .actor(new Actor("staff-x", "requester", "431128.health", "health", "c"))
                    .exchangeId("ex-bulk").approvalId("ap-bulk").flow("pull.population").recordCount(bulk.size())
                    .subjects(index).build();
            long seq = h.log.append(pull, index);

            assertThat(h.log.query(AuditQuery.all().bySubject(person))).extracting(LoggedEvent::seq).containsExactly(seq);
            assertThat(h.log.query(AuditQuery.all().byApproval("ap-bulk"))).hasSize(1);
            assertThat(h.log.query(AuditQuery.all().byExchange("ex-bulk")).get(0).event()).isEqualTo(pull);
            assertThat(h.log.query(AuditQuery.all().byPerson("staff-x"))).hasSize(1);
            assertThat(h.log.query(AuditQuery.all().byMember("431128.health").byDepartment("health"))).hasSize(1);
            assertThat(h.log.query(AuditQuery.all().ofTypes(EnumSet.of(EventType.LOGIN_SUCCEEDED))))
                    .hasSize(14).allMatch(e -> e.event().type() == EventType.LOGIN_SUCCEEDED);
            assertThat(h.log.query(AuditQuery.all().between(Instant.parse("2026-01-01T00:00:00Z"),
                    Instant.parse("2026-01-01T00:00:00.100Z")))).hasSize(10);
            assertThat(h.log.query(AuditQuery.all().page(10, 5))).extracting(LoggedEvent::seq)
                    .containsExactly(11L, 12L, 13L, 14L, 15L);
            h.checkpointer.checkpoint();
            assertThat(h.verifier.fullVerification(h.log).ok()).isTrue();
        }
    }

    @Test
    void restartRebuildsTheSameTreeFromStorage() {
        DataSource ds = AuditFixtures.h2Memory();
        byte[] root;
        try (AuditHarness h = new AuditHarness(ds, KEYS, witnessDir)) {
            h.fill(3, 300, 100);
            root = h.log.head().root();
        }
        try (AuditHarness again = new AuditHarness(ds, KEYS, witnessDir)) {
            assertThat(again.startup.report().ok()).isTrue();
            assertThat(again.log.head().root()).isEqualTo(root);
            assertThat(again.alarm.active()).isFalse();
        }
    }

    @Test
    void closedLogRefusesAppends() {
        AuditHarness h = new AuditHarness(AuditFixtures.h2Memory(), KEYS, witnessDir);
        h.close();
        assertThatThrownBy(() -> h.log.append(AuditFixtures.sample(new Random(1), 1).event()))
                .hasMessageStartingWith("audit_log_closed");
    }

    @Test
    void closingWhileAppendsAreInFlightAnswersEveryCallerAndAcknowledgesExactlyWhatIsStored() throws Exception {
        DataSource ds = AuditFixtures.h2Memory();
        AuditHarness h = new AuditHarness(ds, KEYS, witnessDir);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        Set<Long> acknowledged = Collections.synchronizedSet(new HashSet<>());
        List<Future<Integer>> writers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            writers.add(pool.submit(() -> {
                int refused = 0;
                for (int i = 0; i < 1000; i++) {
                    AuditFixtures.Sample s = AuditFixtures.sample(new Random(thread * 1000L + i), i);
                    try {
                        acknowledged.add(h.log.append(s.event(), s.subjects()));
                    } catch (AuditException e) {
                        assertThat(e.code()).isEqualTo(AuditErrorCode.LOG_CLOSED);
                        refused++;
                    }
                }
                return refused;
            }));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 300);
        h.close();
        int refused = 0;
        for (Future<Integer> w : writers) {
            refused += w.get(30, java.util.concurrent.TimeUnit.SECONDS); // every caller got an answer
        }
        pool.shutdown();
        assertThat(refused).isPositive();
        try (AuditHarness again = new AuditHarness(ds, KEYS, witnessDir)) {
            long stored = again.store.size();
            // each stored event was acknowledged to its caller, each acknowledged one is stored, and the log verifies
            assertThat(acknowledged).hasSize((int) stored).allMatch(seq -> seq >= 0 && seq < stored);
            assertThat(again.startup.report().ok()).isTrue();
        }
    }
}
