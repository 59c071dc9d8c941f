package org.popgate.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.store.AuditQuery;
import org.popgate.audit.store.JdbcAuditStore;
import org.popgate.audit.witness.DirectoryWitness;
import org.popgate.gateway.PopgateApplication;
import org.popgate.gateway.support.TestDirectories;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/** The audit log as the gateway runs it: start-up check, checkpoints to the officers' witness, fail closed. */
class AuditIntegrationTests {

    @Test
    void startUpIsVerifiedAuditedAndCheckpointedToTheWitness() {
        Path base = TestDirectories.create();
        try (ConfigurableApplicationContext gateway = start(base)) {
            AuditLog auditLog = gateway.getBean(AuditLog.class);
            assertThat(auditLog.query(AuditQuery.all().ofTypes(Set.of(EventType.VERIFICATION_RUN)))).isNotEmpty();
            DirectoryWitness witness = gateway.getBean(DirectoryWitness.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> witness.latest().isPresent());
            assertThat(gateway.getBean(JdbcAuditStore.class).latestCheckpoint()).isPresent();
            assertThat(gateway.getBean(AuditHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
        }
    }

    @Test
    void aTamperedLogRaisesTheAlarmAtStartAndExchangesAreRefusedUntilAnOfficerAcknowledges() throws Exception {
        Path base = TestDirectories.create();
        try (ConfigurableApplicationContext gateway = start(base)) {
            AuditLog auditLog = gateway.getBean(AuditLog.class);
            auditLog.append(login());
            long size = auditLog.head().size();
            JdbcAuditStore store = gateway.getBean(JdbcAuditStore.class);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> store.latestCheckpoint().map(c -> c.treeSize() >= size).orElse(false));
        }

        // Someone with the database file rewrites an audit row while the gateway is down.
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + base.resolve("data/db/popgate"), "popgate", "");
                Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE audit_event SET actor_person = 'nobody' WHERE seq = 1")).isEqualTo(1);
        }

        try (ConfigurableApplicationContext gateway = start(base)) {
            AuditLog auditLog = gateway.getBean(AuditLog.class);
            assertThat(auditLog.alarm().active()).isTrue();
            assertThat(gateway.getBean(AuditHealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN);
            assertThatThrownBy(() -> auditLog.append(exchangeRequested()))
                    .isInstanceOfSatisfying(AuditException.class,
                            e -> assertThat(e.code()).isEqualTo(AuditErrorCode.INTEGRITY_ALARM));

            auditLog.acknowledgeAlarm(Actor.person("officer-1", "SECURITY_OFFICER", "431128.population"),
                    "row 1 altered offline; incident opened");

            assertThat(auditLog.alarm().active()).isFalse();
            assertThat(auditLog.append(exchangeRequested())).isPositive();
            List<EventType> types = auditLog.query(AuditQuery.all()).stream().map(e -> e.event().type()).toList();
            assertThat(types).contains(EventType.INTEGRITY_ALARM_RAISED, EventType.INTEGRITY_ALARM_ACKNOWLEDGED);
        }
    }

    private static AuditEvent login() {
        return AuditEvent.builder(EventType.LOGIN_SUCCEEDED)
                .actor(Actor.person("approver-1", "APPROVER", "431128.population"))
                .outcome(Outcome.SUCCEEDED)
                .build();
    }

    private static AuditEvent exchangeRequested() {
        return AuditEvent.builder(EventType.EXCHANGE_REQUESTED)
                .actor(Actor.person("requester-1", "REQUESTER", "431128.health"))
                .exchangeId(UUID.randomUUID().toString())
                .flow("pull")
                .purpose("newborn vaccination planning")
                .legalBasis("vaccination regulations art. 6")
                .dataCategories(List.of("basic"))
                .outcome(Outcome.SUCCEEDED)
                .build();
    }

    private static ConfigurableApplicationContext start(Path base) {
        return new SpringApplicationBuilder(PopgateApplication.class)
                .profiles("test")
                .run("--popgate.data-dir=" + base.resolve("data"), "--popgate.keys.dir=" + base.resolve("keys"),
                        "--popgate.audit.witness-dir=" + base.resolve("witness"), "--popgate.demo.enabled=false",
                        "--popgate.audit.checkpoint-interval=100ms", "--popgate.audit.checkpoint-check=100ms");
    }
}
