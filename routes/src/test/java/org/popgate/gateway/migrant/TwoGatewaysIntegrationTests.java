package org.popgate.gateway.migrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.synthetic.CountyRow;
import org.popgate.audit.event.EventType;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.store.AuditQuery;
import org.popgate.gateway.members.MemberCas;
import org.popgate.gateway.support.TestCounty;
import org.popgate.gateway.support.TestGateway;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;

/**
 * Two regions, two gateways (two application contexts), each with its own CA, keys, database and audit log,
 * trusting each other through signed trust lists and exchanging over one Kafka cluster: the destination
 * province's office records a visit, the origin county's gateway receives it, its office answers.
 */
class TwoGatewaysIntegrationTests {

    static final String ORIGIN = "431128.migrant-office";
    static final String DESTINATION = "440305.migrant-office";

    private static EmbeddedKafkaKraftBroker kafka;
    private static TestGateway origin;
    private static TestGateway destination;

    @BeforeAll
    static void start() {
        kafka = new EmbeddedKafkaKraftBroker(1, 2, "popgate.migrant.431128", "popgate.migrant.440305");
        kafka.afterPropertiesSet();
        String key = Base64.getEncoder().encodeToString("two-gateway-network-key-32-bytes".getBytes(StandardCharsets.US_ASCII));
        origin = TestGateway.start("--popgate.demo.enabled=true", "--popgate.audit.member=431128.popgate",
                "--popgate.migrant.transport=KAFKA", "--popgate.migrant.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--popgate.migrant.kafka.group-id=gateway-431128", "--popgate.migrant.kafka.network-key=" + key);
        destination = TestGateway.start("--popgate.audit.member=440305.popgate",
                "--popgate.migrant.transport=KAFKA", "--popgate.migrant.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--popgate.migrant.kafka.group-id=gateway-440305", "--popgate.migrant.kafka.network-key=" + key);
        // Each gateway hosts only its own region's office (the demo registers both).
        suspend(origin, DESTINATION);
        suspend(destination, ORIGIN);
        federate(origin, destination);
        federate(destination, origin);
    }

    @AfterAll
    static void stop() {
        if (destination != null) {
            destination.close();
        }
        if (origin != null) {
            origin.close();
        }
        kafka.destroy();
    }

    private static void suspend(TestGateway gateway, String office) {
        assertThat(gateway.send(gateway.as("sysadmin", "/api/v1/members/" + office + "/suspend")
                .header("Content-Type", "application/json").POST(TestGateway.json(Map.of())).build()).status()).isEqualTo(200);
    }

    /** {@code from}'s signed trust list, imported into {@code to} with {@code from}'s CA certificate. */
    private static void federate(TestGateway from, TestGateway to) {
        JsonNode list = from.send(from.as("sysadmin", "/api/v1/migrant/trust-list").GET().build()).json();
        String ca;
        try {
            ca = Base64.getEncoder().encodeToString(from.bean(MemberCas.class).tls().certificate().getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        TestGateway.Response imported = to.send(to.as("sysadmin", "/api/v1/migrant/trust-lists")
                .header("Content-Type", "application/json")
                .POST(TestGateway.json(Map.of("trustList", list.get("trustList").asString(),
                        "signature", list.get("signature").asString(), "peerCa", ca))).build());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
    }

    @Test
    void aTamperedTrustListIsRefused() {
        JsonNode list = origin.send(origin.as("sysadmin", "/api/v1/migrant/trust-list").GET().build()).json();
        String tampered = list.get("trustList").asString().replace("431128.migrant-office", "431128.migrant-offico");
        TestGateway.Response refused = destination.send(destination.as("sysadmin", "/api/v1/migrant/trust-lists")
                .header("Content-Type", "application/json")
                .POST(TestGateway.json(Map.of("trustList", tampered, "signature", list.get("signature").asString(),
                        "peerCa", Base64.getEncoder().encodeToString(caOf(origin))))).build());
        assertThat(refused.code()).isEqualTo("validation_failed");
    }

    private static byte[] caOf(TestGateway gateway) {
        try {
            return gateway.bean(MemberCas.class).tls().certificate().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aVisitCrossesFromOneGatewayToTheOtherAndFeedbackComesBack() {
        CountyRow.Person person = TestCounty.persons().stream().filter(p -> p.cancelReason() == null).skip(50).findFirst()
                .orElseThrow();
        TestGateway.Response sent = await().atMost(Duration.ofSeconds(30)).until(() -> destination.send(
                destination.as("destination-office-user", "/api/v1/migrant/offices/" + DESTINATION + "/visits")
                        .header("Content-Type", "application/json")
                        .POST(TestGateway.json(Map.of("idNumber", person.idNumber(), "registrationArea",
                                person.registrationArea(), "service", "CONTRACEPTION",
                                "fields", Map.of("contraceptionMethod", "IUD")))).build()), r -> r.status() == 202);
        String key = sent.json().get("businessKey").asString();

        JsonNode received = await().atMost(Duration.ofSeconds(60)).until(() -> origin.send(origin.as("office-user",
                "/api/v1/migrant/offices/" + ORIGIN + "/messages/" + key).GET().build()), r -> r.status() == 200).json();
        assertThat(received.get("idNumber").asString()).isEqualTo(person.idNumber());
        assertThat(origin.send(origin.as("office-user", "/api/v1/migrant/offices/" + ORIGIN + "/messages/" + key
                + "/feedback").header("Content-Type", "application/json")
                .POST(TestGateway.json(Map.of("fields", Map.of("answer", "noted")))).build()).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> destination.send(destination.as("destination-office-user",
                "/api/v1/migrant/offices/" + DESTINATION + "/messages/" + key).GET().build()).json()
                .get("summary").get("status").asString(), "ANSWERED"::equals);

        // Each gateway's own audit log holds its side: sent and answered-received there, received and answered here.
        assertThat(types(destination, key)).contains(EventType.MIGRANT_MESSAGE_SENT).doesNotContain(EventType.MIGRANT_MESSAGE_ANSWERED);
        assertThat(types(origin, key)).contains(EventType.MIGRANT_MESSAGE_RECEIVED, EventType.MIGRANT_MESSAGE_ANSWERED)
                .doesNotContain(EventType.MIGRANT_MESSAGE_SENT);
    }

    private static Set<EventType> types(TestGateway gateway, String key) {
        return gateway.bean(AuditLog.class).query(AuditQuery.all().ofTypes(Set.of(EventType.MIGRANT_MESSAGE_SENT,
                        EventType.MIGRANT_MESSAGE_RECEIVED, EventType.MIGRANT_MESSAGE_ANSWERED))).stream()
                .filter(e -> key.equals(e.event().exchangeId())).map(e -> e.event().type())
                .collect(java.util.stream.Collectors.toSet());
    }
}
