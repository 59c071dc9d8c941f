package org.popgate.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.AuditFixtures;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.CanonicalEncoding;
import org.popgate.audit.event.Digest;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.SubjectHasher;
import org.popgate.audit.event.SubjectIndex;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.log.IntegrityAlarm;
import org.popgate.audit.log.LoggedEvent;
import org.popgate.audit.merkle.Merkle;
import org.popgate.audit.merkle.MerkleTree;
import org.popgate.audit.verify.AuditVerifier;

/**
 * The one-round-trip append on PostgreSQL guards its insert with the log's end under the sequencer:
 * when another log on the same database appended in between, or rows vanished, nothing is written
 * at the guessed sequence numbers and the general path takes over; the events' subject indexes go with them in the
 * same round trip, and only with them.
 */
@EnabledIfEnvironmentVariable(named = "POPGATE_TEST_PG_URL", matches = ".+")
class PostgresOneTripAppendTests extends PostgresSchemaTest {

    private static final AuditFixtures.Keys KEYS = AuditFixtures.keys(AuditSuite.INTL);

    @TempDir
    Path dir;


    @Test
    void twoLogsTakingTurnsOnOneDatabaseKeepOneGaplessOrder() {
        try (JdbcAuditStore storeA = new JdbcAuditStore(ds, AuditFixtures.sealer());
                JdbcAuditStore storeB = new JdbcAuditStore(ds, AuditFixtures.sealer());
                AuditLog a = log(storeA);
                AuditLog b = log(storeB)) {
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                // each log's guess (its own tree size) is stale every time: the other appended last
                seqs.add((i % 2 == 0 ? a : b).append(event(i)));
            }
            assertThat(seqs).containsExactlyElementsOf(java.util.stream.LongStream.range(0, 40).boxed().toList());
            assertThat(a.catchUp()).isEqualTo(b.catchUp());
            assertThat(a.head().size()).isEqualTo(40);
        }
        try (JdbcAuditStore store = new JdbcAuditStore(ds, AuditFixtures.sealer())) {
            AuditVerifier.StartupResult start = new AuditVerifier(store, KEYS.verifier(), AuditFixtures.sealer(),
                    List.of()).startupCheck(new IntegrityAlarm());
            assertThat(start.report().findings()).isEmpty();
            assertThat(start.tree().size()).isEqualTo(40);
        }
    }

    @Test
    void rowsRemovedBehindTheLogsBackAreReportedAndNothingIsWrittenPastTheGap() throws Exception {
        try (JdbcAuditStore store = new JdbcAuditStore(ds, AuditFixtures.sealer());
                AuditLog log = log(store)) {
            for (int i = 0; i < 10; i++) {
                log.append(event(i));
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only");
                s.execute("DELETE FROM audit_event WHERE seq >= 8");
                s.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only");
            }
            assertThatThrownBy(() -> log.append(event(10)))
                    .isInstanceOfSatisfying(AuditException.class,
                            e -> assertThat(e.code()).isEqualTo(AuditErrorCode.LOG_TRUNCATED));
            assertThat(store.size()).as("no row written after the gap").isEqualTo(8);
        }
    }

    @Test
    void subjectIndexesTravelWithTheirEventsWhileTwoLogsTakeTurns() throws Exception {
        SubjectHasher hasher = new SubjectHasher(new SecretKeySpec(new byte[32], "HmacSHA256"));
        Map<String, List<Long>> eventsOf = new HashMap<>();
        long subjectRows = 0;
        String inBulkOnly = null;
        try (JdbcAuditStore storeA = new JdbcAuditStore(ds, AuditFixtures.sealer());
                JdbcAuditStore storeB = new JdbcAuditStore(ds, AuditFixtures.sealer());
                AuditLog a = log(storeA);
                AuditLog b = log(storeB)) {
            for (int i = 0; i < 40; i++) {
                // a lookup carries one person; every seventh event three; event 20 is a bulk exchange whose index
                // is larger than a one-trip batch takes
                int persons = i == 20 ? 1500 : i % 7 == 0 ? 3 : 1;
                List<String> ids = new ArrayList<>();
                for (int k = 0; k < persons; k++) {
                    ids.add("person-" + (i + k) % 11 + (persons > 3 ? "-" + k : ""));
                }
                SubjectIndex index = SubjectIndex.of(AuditSuite.INTL, ids.stream().map(hasher::hash).toList());
                AuditEvent e = AuditEvent.builder(EventType.EXCHANGE_SELECTED)
                        .actor(new Actor(null, null, "431128.health", "health", "cert-1"))
                        .flow("pull.lookup").approvalId("ap-7").exchangeId("lookup-" + i).purpose("service delivery")
                        .legalBasis("regulation 12").recordCount(persons).responseDigest(new Digest(new byte[32]))
                        .subjects(index).build();
                // each log's guess (its own tree size) is stale every time: the other appended last
                long seq = (i % 2 == 0 ? a : b).append(e, index);
                assertThat(seq).isEqualTo(i);
                for (String id : ids) {
                    eventsOf.computeIfAbsent(id, k -> new ArrayList<>()).add(seq);
                }
                subjectRows += persons;
                inBulkOnly = i == 20 ? ids.get(persons - 1) : inBulkOnly;
            }
            assertThat(eventsOf.get(inBulkOnly)).containsExactly(20L);
            for (String id : List.of("person-3", "person-10", inBulkOnly)) {
                assertThat(a.query(AuditQuery.all().bySubject(hasher.hash(id))))
                        .as("events about %s", id).extracting(LoggedEvent::seq).containsExactlyElementsOf(eventsOf.get(id));
            }
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM audit_subject")) {
            rs.next();
            assertThat(rs.getLong(1)).as("subject rows, none twice or missing").isEqualTo(subjectRows);
        }
        try (JdbcAuditStore store = new JdbcAuditStore(ds, AuditFixtures.sealer())) {
            AuditVerifier.StartupResult start = new AuditVerifier(store, KEYS.verifier(), AuditFixtures.sealer(),
                    List.of()).startupCheck(new IntegrityAlarm());
            assertThat(start.report().findings()).isEmpty();
            assertThat(start.tree().size()).isEqualTo(40);
        }
    }

    @Test
    void batchesOfEverySizeStoreEachColumnAsTheLeafSaysWhateverTheText() {
        // The one-trip append binds a batch as one array a column: text that an array literal quotes or escapes,
        // the word NULL, missing values and times before the epoch must come out of the arrays unchanged.
        String[] awkward = {"NULL", "a\"b\\c{d},e", " spaced ", "县民政局 ✓", "null", "x'y", "{}", null};
        Instant[] times = {Instant.parse("1969-12-31T23:59:59.999999Z"), Instant.parse("2026-11-29T21:00:00.000001Z"),
            Instant.parse("2262-04-11T23:47:16.854775Z"), Instant.parse("2000-02-29T12:00:00Z")};
        List<AuditEvent> written = new ArrayList<>();
        try (JdbcAuditStore store = new JdbcAuditStore(ds, AuditFixtures.sealer())) {
            long size = 0;
            for (int n = 1; n <= 40; n++) {
                List<PendingRow> rows = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int k = written.size();
                    AuditEvent e = AuditEvent.builder(EventType.LOGIN_SUCCEEDED)
                            .occurredAt(times[k % times.length])
                            .actor(new Actor(awkward[k % awkward.length], "requester",
                                    awkward[(k + 3) % awkward.length], awkward[(k + 5) % awkward.length], "cert-1"))
                            .build();
                    byte[] leaf = CanonicalEncoding.encode(e);
                    rows.add(new PendingRow(e, leaf, Merkle.leafHash(AuditSuite.INTL, leaf), SubjectIndex.empty()));
                    written.add(e);
                }
                // half durable, half committed only: the two statement forms
                AppendResult result = n % 2 == 0 ? store.append(size, rows) : store.appendCommitted(size, rows);
                assertThat(result.firstSeq()).isEqualTo(size);
                assertThat(result.foreignLeaves()).isEmpty();
                size += n;
            }
            store.flush();
            List<StoredRow> stored = store.query(AuditQuery.all());
            assertThat(stored).hasSize(written.size());
            for (StoredRow row : stored) {
                AuditEvent e = written.get((int) row.seq());
                assertThat(row.columnsMatch(e)).as("columns of row %d", row.seq()).isTrue();
                assertThat(row.occurredAt()).isEqualTo(e.occurredAt());
                assertThat(row.actorPerson()).isEqualTo(e.actor().person());
                assertThat(row.leaf()).isEqualTo(CanonicalEncoding.encode(e));
            }
            assertThat(store.query(AuditQuery.all().byMember("NULL"))).as("the word NULL, not a missing value")
                    .isNotEmpty().allSatisfy(r -> assertThat(r.actorMember()).isEqualTo("NULL"));
        }
        try (JdbcAuditStore store = new JdbcAuditStore(ds, AuditFixtures.sealer())) {
            AuditVerifier.StartupResult start = new AuditVerifier(store, KEYS.verifier(), AuditFixtures.sealer(),
                    List.of()).startupCheck(new IntegrityAlarm());
            assertThat(start.report().findings()).isEmpty();
            assertThat(start.tree().size()).isEqualTo(written.size());
        }
    }

    /** A gateway's log on its own store, starting from an empty tree. */
    private static AuditLog log(JdbcAuditStore store) {
        return new AuditLog(store, new MerkleTree(AuditSuite.INTL), new IntegrityAlarm(),
                AuditLog.Settings.defaults("431128.gateway"));
    }

    private static AuditEvent event(int i) {
        return AuditEvent.builder(EventType.LOGIN_SUCCEEDED)
                .actor(new Actor("staff-" + i, "requester", "431128.police", "police", "cert-1"))
                .build();
    }
}
