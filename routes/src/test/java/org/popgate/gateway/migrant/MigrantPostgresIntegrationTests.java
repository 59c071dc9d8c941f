package org.popgate.gateway.migrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.popgate.adapters.migrant.MessageType;
import org.popgate.adapters.synthetic.CountyRow;
import org.popgate.gateway.ids.TimeOrderedIds;
import org.popgate.gateway.support.PostgresSchema;
import org.popgate.gateway.support.TestCounty;
import org.popgate.gateway.support.TestDirectories;
import org.popgate.gateway.support.TestGateway;
import org.springframework.jms.core.JmsTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The receiver's exactly-once checks on a real PostgreSQL (the schema owner migrates, the application role runs the
 * gateway): the primary key of the received rows, not a query before the insert, refuses a business key that comes
 * again in another package — dead-lettered as a replay, no second effect — and a package delivered twice has one
 * effect. CI sets the POPGATE_TEST_PG_* variables.
 */
@EnabledIfEnvironmentVariable(named = "POPGATE_TEST_PG_URL", matches = ".+")
class MigrantPostgresIntegrationTests {

    private static final String SCHEMA = "gw_migrant_it";
    private static final String ORIGIN = "431128.migrant-office";
    private static final String DESTINATION = "440305.migrant-office";

    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        PostgresSchema.drop(SCHEMA);
        String url = PostgresSchema.env("POPGATE_TEST_PG_URL");
        gateway = TestGateway.start(TestDirectories.create(), List.of(), "--spring.profiles.active=postgres",
                "--popgate.demo.enabled=true",
                "--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA,
                "--spring.datasource.username=" + PostgresSchema.env("POPGATE_TEST_PG_APP_USER"),
                "--spring.datasource.password=" + PostgresSchema.env("POPGATE_TEST_PG_APP_PASSWORD"),
                "--spring.flyway.user=" + PostgresSchema.env("POPGATE_TEST_PG_USER"),
                "--spring.flyway.password=" + PostgresSchema.env("POPGATE_TEST_PG_PASSWORD"),
                "--spring.flyway.schemas=" + SCHEMA, "--spring.flyway.default-schema=" + SCHEMA,
                "--spring.flyway.placeholders.app_role=" + PostgresSchema.env("POPGATE_TEST_PG_APP_USER"),
                "--spring.flyway.placeholders.app_schema=" + SCHEMA,
                "--popgate.protection.account-burst=100000", "--popgate.feeds.simulators.enabled=false");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aKeyAppliedBeforeIsRefusedAsAReplayAndAPackageDeliveredTwiceHasOneEffect() {
        List<CountyRow.Person> residents = TestCounty.persons().stream().filter(p -> p.cancelReason() == null).toList();
        MigrantStore store = gateway.bean(MigrantStore.class);
        OfficeKeys keys = gateway.bean(OfficeKeys.class);
        OfficeKeys.Office destination = keys.hosted(DESTINATION).orElseThrow();
        OfficeKeys.Office origin = keys.hosted(ORIGIN).orElseThrow();
        ArtemisMigrantTransport transport = new ArtemisMigrantTransport(gateway.bean(JmsTemplate.class));
        store.ensureTally(ORIGIN);
        long before = store.tally(ORIGIN);

        MigrantMessage m = new MigrantMessage(TimeOrderedIds.next(), MigrantMessage.Kind.RECORD, MessageType.VISIT_RECORD,
                DESTINATION, ORIGIN, null, residents.get(3).idNumber(), "431128",
                Map.of("service", "BIRTH", "visitDate", "2025-09-26"), gateway.bean(MigrantClock.class).now());
        MigrantPackages.Sealed first = MigrantPackages.seal(UUID.randomUUID().toString(), destination, ORIGIN,
                origin.encryptionCertificate(), List.of(m), gateway.bean(MigrantClock.class).now());
        transport.send(first, "k");
        await().atMost(Duration.ofSeconds(30)).until(() -> store.tally(ORIGIN) == before + 1);

        // The same package again: acknowledged, no second effect, no dead letter.
        transport.send(first, "k");
        // The same business key in a new package: a replay, dead-lettered with its reason, no second effect.
        MigrantPackages.Sealed replay = MigrantPackages.seal(UUID.randomUUID().toString(), destination, ORIGIN,
                origin.encryptionCertificate(), List.of(m), gateway.bean(MigrantClock.class).now());
        transport.send(replay, "k");
        await().atMost(Duration.ofSeconds(30)).until(() -> !store.deadLetters("OPEN").isEmpty());
        assertThat(store.deadLetters("OPEN")).singleElement().satisfies(l -> {
            assertThat(l.packageId()).isEqualTo(replay.packageId());
            assertThat(l.reason()).isEqualTo("migrant_replayed_message");
        });
        assertThat(store.tally(ORIGIN)).isEqualTo(before + 1);
        assertThat(store.existing(List.of(m.businessKey()), MigrantStore.Direction.IN)).containsExactly(m.businessKey());
        JsonNode inbox = gateway.send(gateway.as("office-user", "/api/v1/migrant/offices/" + ORIGIN + "/messages/"
                + m.businessKey()).GET().build()).json();
        assertThat(inbox.get("summary").get("status").asString()).isEqualTo("OPEN");
    }
}
