package org.popgate.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditFixtures;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.checkpoint.CheckpointPolicy;
import org.popgate.audit.checkpoint.InProcessTsa;
import org.popgate.audit.checkpoint.TimestampTrust;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.log.Checkpointer;
import org.popgate.audit.log.IntegrityAlarm;
import org.popgate.audit.store.JdbcAuditStore;

/**
 * Timestamped checkpoints as the gateway's start-up check meets them: a token from the pinned TSA
 * verifies, a token from any other TSA (or with no TSA pinned) is an integrity finding that raises
 * the alarm.
 */
class TimestampPinningTests {

    private static final AuditFixtures.Keys KEYS = AuditFixtures.keys(AuditSuite.INTL);

    @TempDir
    Path dir;

    @Test
    void startUpCheckAcceptsOnlyTimestampsOfThePinnedTsa() throws Exception {
        InProcessTsa officersTsa = InProcessTsa.selfSigned("county TSA");
        InProcessTsa otherTsa = InProcessTsa.selfSigned("county TSA");
        DataSource ds = AuditFixtures.h2Memory();
        try (JdbcAuditStore store = new JdbcAuditStore(ds, AuditFixtures.sealer(), false)) {
            AuditVerifier first = new AuditVerifier(store, KEYS.verifier(), AuditFixtures.sealer(), List.of(),
                    TimestampTrust.pinned(officersTsa.certificate()));
            try (AuditLog log = new AuditLog(store, first.startupCheck(new IntegrityAlarm()).tree(), new IntegrityAlarm(),
                    AuditLog.Settings.defaults("431128.gateway"))) {
                append(log, 0, 20);
                Checkpointer stampedByOfficers = new Checkpointer(log, KEYS.signer(), CheckpointPolicy.defaults(),
                        List.of(), officersTsa.authority(), Clock.systemUTC());
                assertThat(stampedByOfficers.checkpoint().timestamped()).isTrue();
                append(log, 20, 20);
                Checkpointer stampedByOther = new Checkpointer(log, KEYS.signer(), CheckpointPolicy.defaults(),
                        List.of(), otherTsa.authority(), Clock.systemUTC());
                assertThat(stampedByOther.checkpoint().timestamped()).isTrue();
            }

            IntegrityAlarm alarm = new IntegrityAlarm();
            VerificationReport pinned = new AuditVerifier(store, KEYS.verifier(), AuditFixtures.sealer(), List.of(),
                    TimestampTrust.pinned(officersTsa.certificate())).startupCheck(alarm).report();
            assertThat(pinned.findings()).singleElement().satisfies(f -> {
                assertThat(f.code()).isEqualTo(AuditErrorCode.TIMESTAMP_INVALID);
                assertThat(f.detail()).contains("stored checkpoint 1");
            });
            assertThat(alarm.active()).isTrue();

            VerificationReport both = new AuditVerifier(store, KEYS.verifier(), AuditFixtures.sealer(), List.of(),
                    TimestampTrust.pinned(List.of(officersTsa.certificate(), otherTsa.certificate())))
                    .startupCheck(new IntegrityAlarm()).report();
            assertThat(both.ok()).isTrue();

            VerificationReport unpinned = new AuditVerifier(store, KEYS.verifier(), AuditFixtures.sealer(), List.of())
                    .startupCheck(new IntegrityAlarm()).report();
            assertThat(unpinned.findings()).hasSize(2)
                    .allSatisfy(f -> assertThat(f.code()).isEqualTo(AuditErrorCode.TIMESTAMP_INVALID));
        }
    }

    private static void append(AuditLog log, long base, int n) {
        Random r = new Random(base + 7);
        for (int i = 0; i < n; i++) {
            AuditFixtures.Sample s = AuditFixtures.sample(r, base + i);
            log.append(s.event(), s.subjects());
        }
    }
}
