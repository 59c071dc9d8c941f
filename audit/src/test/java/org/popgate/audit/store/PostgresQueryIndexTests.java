package org.popgate.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.popgate.audit.AuditFixtures;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.PgFixtures;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.log.IntegrityAlarm;
import org.popgate.audit.log.LoggedEvent;
import org.popgate.audit.merkle.MerkleTree;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The query indexes of V32 on PostgreSQL (BRIN on time, byte-wise partial btrees on the ids, a btree on the type):
 * every filter of {@link AuditQuery} is still answered through its own index, and correctly. The store's own query
 * runs on a connection that may not scan the table or walk the primary key ({@code enable_seqscan} and
 * {@code enable_indexscan} off: a small test table would otherwise be read whole), and the index's scan counter in
 * {@code pg_stat_user_indexes} must go up.
 */
@EnabledIfEnvironmentVariable(named = "POPGATE_TEST_PG_URL", matches = ".+")
class PostgresQueryIndexTests extends PostgresSchemaTest {

    private static final int EVENTS = 2_000;
    private static final Instant T0 = Instant.parse("2026-11-29T00:00:00Z");


    @Test
    void everyFilterIsAnsweredThroughItsIndex() throws Exception {
        try (JdbcAuditStore store = new JdbcAuditStore(ds, AuditFixtures.sealer());
                AuditLog log = new AuditLog(store, new MerkleTree(AuditSuite.INTL), new IntegrityAlarm(),
                        AuditLog.Settings.defaults("431128.gateway"))) {
            for (int i = 0; i < EVENTS; i++) {
                log.append(event(i));
            }
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE audit_event");
            // autosummarize does this in the background once a block range is full; here at once
            s.execute("SELECT brin_summarize_new_values('audit_event_time_brin')");
        }
        PGSimpleDataSource noScans = (PGSimpleDataSource) PgFixtures.dataSource(schema);
        noScans.setOptions("-c enable_seqscan=off -c enable_indexscan=off");
        try (JdbcAuditStore store = new JdbcAuditStore(noScans, AuditFixtures.sealer());
                AuditLog log = new AuditLog(store, new MerkleTree(AuditSuite.INTL), new IntegrityAlarm(),
                        AuditLog.Settings.defaults("431128.gateway"))) {
            List<LoggedEvent> window = usesIndex("audit_event_time_brin",
                    () -> log.query(AuditQuery.all().between(T0.plusSeconds(1000), T0.plusSeconds(1010))));
            assertThat(window).extracting(LoggedEvent::seq).containsExactlyElementsOf(range(1000, 1010));

            assertThat(usesIndex("audit_event_person_idx", () -> log.query(AuditQuery.all().byPerson("staff-7"))))
                    .extracting(LoggedEvent::seq).containsExactlyElementsOf(matching(i -> "staff-7".equals(person(i))));
            assertThat(usesIndex("audit_event_member_idx", () -> log.query(AuditQuery.all().byMember("431128.gateway"))))
                    .extracting(LoggedEvent::seq).containsExactlyElementsOf(matching(i -> i % 20 == 19));
            assertThat(usesIndex("audit_event_department_idx",
                    () -> log.query(AuditQuery.all().byDepartment(department(15)))))
                    .extracting(LoggedEvent::seq).containsExactlyElementsOf(matching(i -> department(15).equals(department(i))));
            assertThat(usesIndex("audit_event_approval_idx", () -> log.query(AuditQuery.all().byApproval("ap-b80"))))
                    .extracting(LoggedEvent::seq).containsExactly(1616L, 1617L);
            assertThat(usesIndex("audit_event_exchange_idx", () -> log.query(AuditQuery.all().byExchange("lookup-42"))))
                    .extracting(LoggedEvent::seq).containsExactly(42L);
            assertThat(usesIndex("audit_event_type_idx",
                    () -> log.query(AuditQuery.all().ofTypes(Set.of(EventType.LOGIN_SUCCEEDED)))))
                    .extracting(LoggedEvent::seq).containsExactlyElementsOf(matching(i -> i % 20 == 18));
        }
    }

    /** Runs the query and waits (at most 10 s) until the statistics show a scan of {@code index}. */
    private <T> T usesIndex(String index, java.util.concurrent.Callable<T> query) throws Exception {
        Map<String, Long> before = indexScans();
        T result = query.call();
        await().alias("a scan of " + index).atMost(Duration.ofSeconds(10))
                .until(() -> indexScans().get(index) > before.get(index));
        return result;
    }

    /** Scans per index of audit_event so far (a closed backend has reported its own). */
    private Map<String, Long> indexScans() throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT indexrelname, idx_scan FROM pg_stat_user_indexes"
                        + " WHERE schemaname = current_schema() AND relname = 'audit_event'")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static List<Long> range(long from, long to) {
        return java.util.stream.LongStream.range(from, to).boxed().toList();
    }

    private static List<Long> matching(java.util.function.IntPredicate p) {
        return java.util.stream.IntStream.range(0, EVENTS).filter(p).mapToLong(i -> i).boxed().toList();
    }

    private static String department(int i) {
        return "4311" + (10 + i % 30) + ".dept";
    }

    private static String person(int i) {
        int slot = i % 20;
        return slot >= 16 && slot <= 18 ? "staff-" + (i % 50) : null;
    }

    /** The benchmark's mix in small: lookups by department systems, pull approvals and logins by staff, the gateway. */
    private static AuditEvent event(int i) {
        int slot = i % 20;
        AuditEvent.Builder b;
        if (slot < 16) {
            b = AuditEvent.builder(EventType.EXCHANGE_SELECTED).actor(Actor.member(department(i), department(i), "cert"))
                    .flow("pull.lookup").approvalId("ap-" + i % 30).exchangeId("lookup-" + i).recordCount(1);
        } else if (slot < 18) {
            b = AuditEvent.builder(EventType.EXCHANGE_APPROVED).actor(Actor.person(person(i), "APPROVER", "police"))
                    .approvalId("ap-b" + i / 20).exchangeId("ex-" + i / 20).purpose("service").legalBasis("rule 12");
        } else if (slot == 18) {
            b = AuditEvent.builder(EventType.LOGIN_SUCCEEDED).actor(Actor.person(person(i), "APPROVER", "police"));
        } else {
            b = AuditEvent.builder(EventType.VERIFICATION_RUN).actor(Actor.gateway("431128.gateway")).recordCount(i);
        }
        return b.occurredAt(T0.plusSeconds(i)).build();
    }
}
