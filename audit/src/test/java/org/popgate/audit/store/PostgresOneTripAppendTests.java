package org.popgate.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.AuditFixtures;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.log.IntegrityAlarm;
import org.popgate.audit.merkle.MerkleTree;
import org.popgate.audit.verify.AuditVerifier;

/**
 * The one-round-trip append on PostgreSQL guards its insert with the log's end under the sequencer:
 * when another log on the same database appended in between, or rows vanished, nothing is written
 * at the guessed sequence numbers and the general path takes over.
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
                AuditLog a = new AuditLog(storeA, new MerkleTree(AuditSuite.INTL), new IntegrityAlarm(),
                        AuditLog.Settings.defaults("431128.gateway"));
                AuditLog b = new AuditLog(storeB, new MerkleTree(AuditSuite.INTL), new IntegrityAlarm(),
                        AuditLog.Settings.defaults("431128.gateway"))) {
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
                AuditLog log = new AuditLog(store, new MerkleTree(AuditSuite.INTL), new IntegrityAlarm(),
                        AuditLog.Settings.defaults("431128.gateway"))) {
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

    private static AuditEvent event(int i) {
        return AuditEvent.builder(EventType.LOGIN_SUCCEEDED)
                .actor(new Actor("staff-" + i, "requester", "431128.police", "police", "cert-1"))
                .build();
    }
}
