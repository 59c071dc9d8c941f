package org.popgate.gateway.migrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.checkpoint.Checkpoint;
import org.popgate.audit.checkpoint.CheckpointSigner;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.audit.checkpoint.SignedCheckpoint;
import org.popgate.audit.witness.Cosignature;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.gateway.audit.AuditKeys;
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
import org.popgate.gateway.support.TestDirectories;
import org.popgate.gateway.support.TestGateway;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;

/**
 * Two regions, two gateways (two application contexts), each with its own CA, keys, database and audit log,
 * trusting each other through signed trust lists and exchanging over one Kafka cluster: the destination
 * province's office records a visit, the origin county's gateway receives it, its office answers. Each gateway also
 * witnesses the other's audit checkpoints over the same cluster (docs/decisions/peer-witness.md).
 */
class TwoGatewaysIntegrationTests {

    static final String ORIGIN = "431128.migrant-office";
    static final String DESTINATION = "440305.migrant-office";

    private static EmbeddedKafkaKraftBroker kafka;
    private static TestGateway origin;
    private static TestGateway destination;

    @BeforeAll
    static void start() {
        kafka = new EmbeddedKafkaKraftBroker(1, 2, "popgate.migrant.431128", "popgate.migrant.440305",
                "popgate.checkpoints.431128.popgate", "popgate.checkpoints.440305.popgate",
                "popgate.cosignatures.431128.popgate", "popgate.cosignatures.440305.popgate");
        kafka.afterPropertiesSet();
        String key = Base64.getEncoder().encodeToString("two-gateway-network-key-32-bytes".getBytes(StandardCharsets.US_ASCII));
        origin = TestGateway.start("--popgate.demo.enabled=true", "--popgate.audit.member=431128.popgate",
                "--popgate.migrant.transport=KAFKA", "--popgate.migrant.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--popgate.migrant.kafka.group-id=gateway-431128", "--popgate.migrant.kafka.network-key=" + key,
                "--popgate.peer-witness.enabled=true", "--popgate.peer-witness.dir=" + TestDirectories.create(),
                "--popgate.audit.checkpoint-interval=1s");
        destination = TestGateway.start("--popgate.audit.member=440305.popgate",
                "--popgate.migrant.transport=KAFKA", "--popgate.migrant.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--popgate.migrant.kafka.group-id=gateway-440305", "--popgate.migrant.kafka.network-key=" + key,
                "--popgate.peer-witness.enabled=true", "--popgate.peer-witness.dir=" + TestDirectories.create(),
                "--popgate.audit.checkpoint-interval=1s");
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

    @Test
    void eachGatewayWitnessesTheOthersCheckpointsAndShowsTheirCosignature() throws Exception {
        for (TestGateway[] pair : new TestGateway[][] {{origin, destination}, {destination, origin}}) {
            TestGateway publisher = pair[0];
            TestGateway witness = pair[1];
            String publisherName = member(publisher);
            String witnessName = member(witness);
            // the publisher shows: witness <peer> last agreed at size N, time T, with a cosignature
            JsonNode agreed = await().atMost(Duration.ofSeconds(90)).until(() -> agreement(publisher, witnessName),
                    a -> a != null && a.path("size").asLong(0) > 0);
            assertThat(agreed.get("agreedAt").asString()).isNotBlank();
            SignedCheckpoint cosigned = publisher.bean(CheckpointVerifier.class).verify(agreed.get("note").asString());
            assertThat(cosigned.size()).isEqualTo(agreed.get("size").asLong());
            // the cosigned root is the publisher's log at that size, and the cosignature is the witness's audit key's
            assertThat(cosigned.root()).isEqualTo(publisher.bean(AuditLog.class).rootAt(cosigned.size()));
            Cosignature cosignature = Cosignature.parse(agreed.get("cosignature").asString());
            assertThat(cosignature.witness()).isEqualTo(witnessName);
            assertThat(cosignature.verifies(AuditSuite.INTL, auditCertificate(witness).getPublicKey(), cosigned.checkpoint()))
                    .isTrue();
            assertThat(cosignature.verifies(AuditSuite.INTL, auditCertificate(publisher).getPublicKey(), cosigned.checkpoint()))
                    .isFalse();
            // the witness shows what it holds of the publisher's log, in its own store
            JsonNode seen = seen(witness, publisherName);
            assertThat(seen).isNotNull();
            assertThat(seen.get("size").asLong()).isGreaterThanOrEqualTo(cosigned.size());
        }
        // the checkpoints keep flowing: a later, larger checkpoint is cosigned after a consistency proof
        long before = agreement(origin, "440305.popgate").get("size").asLong();
        // (a denied request is an audit event: the origin's log grows, so a new checkpoint is due)
        assertThat(origin.send(origin.as("office-user", "/api/v1/audit/integrity").GET().build()).status()).isEqualTo(403);
        await().atMost(Duration.ofSeconds(90)).until(() -> agreement(origin, "440305.popgate").get("size").asLong() > before);
    }

    @Test
    void aForkedCheckpointIsRefusedByThePeerAlertedThereAndNeverCosigned() throws Exception {
        // what the destination holds of the origin's log
        JsonNode held = await().atMost(Duration.ofSeconds(90)).until(() -> seen(destination, "431128.popgate"),
                s -> s != null && s.path("size").asLong(0) > 0);
        long size = held.get("size").asLong();
        // the origin's log rewritten: another root at the same size, signed with the origin's real audit key (as an
        // administrator who rewrote the database and re-signed would), published on its checkpoint topic
        byte[] otherRoot = new byte[32];
        otherRoot[0] = 7;
        GatewayKeyStore keys = origin.bean(GatewayKeyStore.class);
        String alias = AuditKeys.signingAlias(AuditSuite.INTL);
        CheckpointSigner signer = new CheckpointSigner(AuditSuite.INTL, "431128.popgate", keys.privateKey(alias),
                keys.certificate(alias).getPublicKey());
        String forged = signer.sign(new Checkpoint("431128.popgate", size, otherRoot, Instant.now().plusSeconds(5))).note();
        String message = tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(Map.of(
                "type", "popgate-checkpoint/1", "publisher", "431128.popgate", "note", forged, "proofs", Map.of()));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>("popgate.checkpoints.431128.popgate", "431128.popgate", message)).get();
        }

        // the destination refuses it, keeps the refusal in its witness store and raises an alert
        JsonNode refused = await().atMost(Duration.ofSeconds(90)).until(() -> seen(destination, "431128.popgate"),
                s -> s.path("refusals").size() > 0);
        assertThat(refused.get("refusals").get(0).asString()).contains("audit_witness_inconsistent");
        await().atMost(Duration.ofSeconds(90)).until(() -> destination.send(destination.as("security-officer",
                "/api/v1/alerts").GET().build()).body(), b -> b.contains("peer_checkpoint_refused"));
        // the origin hears of the refusal; the checkpoint the destination holds is still the real one
        await().atMost(Duration.ofSeconds(90)).until(() -> agreement(origin, "440305.popgate").path("refusedReason")
                .asString(""), "audit_witness_inconsistent"::equals);
        JsonNode after = seen(destination, "431128.popgate");
        assertThat(after.get("size").asLong()).isGreaterThanOrEqualTo(size);
        JsonNode agreed = agreement(origin, "440305.popgate");
        SignedCheckpoint cosigned = origin.bean(CheckpointVerifier.class).verify(agreed.get("note").asString());
        assertThat(cosigned.root()).isEqualTo(origin.bean(AuditLog.class).rootAt(cosigned.size()))
                .isNotEqualTo(otherRoot);
    }

    private static String member(TestGateway gateway) {
        return gateway == origin ? "431128.popgate" : "440305.popgate";
    }

    private static X509Certificate auditCertificate(TestGateway gateway) {
        return gateway.bean(GatewayKeyStore.class).certificate(AuditKeys.signingAlias(AuditSuite.INTL));
    }

    /** {@code gateway}'s record of {@code peer}'s agreement with its log, or null. */
    private static JsonNode agreement(TestGateway gateway, String peer) {
        return peerWitnesses(gateway, "agreedBy", peer);
    }

    /** What {@code gateway} holds, as a witness, of {@code peer}'s log, or null. */
    private static JsonNode seen(TestGateway gateway, String peer) {
        return peerWitnesses(gateway, "witnessing", peer);
    }

    private static JsonNode peerWitnesses(TestGateway gateway, String list, String peer) {
        TestGateway.Response r = gateway.send(gateway.as("security-officer", "/api/v1/audit/peer-witnesses").GET().build());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        for (JsonNode e : r.json().get(list)) {
            if (peer.equals(e.get("peer").asString())) {
                return e;
            }
        }
        return null;
    }

    private static Set<EventType> types(TestGateway gateway, String key) {
        return gateway.bean(AuditLog.class).query(AuditQuery.all().ofTypes(Set.of(EventType.MIGRANT_MESSAGE_SENT,
                        EventType.MIGRANT_MESSAGE_RECEIVED, EventType.MIGRANT_MESSAGE_ANSWERED))).stream()
                .filter(e -> key.equals(e.event().exchangeId())).map(e -> e.event().type())
                .collect(java.util.stream.Collectors.toSet());
    }
}
