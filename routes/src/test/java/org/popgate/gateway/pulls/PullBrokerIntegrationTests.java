package org.popgate.gateway.pulls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.ConnectionFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.EventType;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.store.AuditQuery;
import org.popgate.crypto.BouncyCastle;
import org.popgate.crypto.receipt.Receipt;
import org.popgate.crypto.receipt.Receipts;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.gateway.support.TestGateway;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;

/**
 * Pulls over the brokers, the way a department reaches them: health's packages on its Kafka topic (a real KRaft
 * server, spring-kafka-test's embedded broker), police's on its Artemis queue; receipts sent back as messages on
 * Kafka and on Artemis, good and bad (garbage, bad signature, unknown exchange, another member's certificate), the
 * bad ones refused and listed through the API; and the security officer's canary trace of a leaked file.
 */
class PullBrokerIntegrationTests {

    private static final String HEALTH = "431128.health";
    private static final String POLICE = "431128.police";
    private static final String GATEWAY = "431128.popgate";
    private static final String HEALTH_TOPIC = "popgate.pull." + HEALTH;
    private static final String RECEIPTS = "popgate.pull.receipts";
    private static final int CANARIES = 2;

    private static EmbeddedKafkaKraftBroker kafka;
    private static TestGateway gateway;
    private static Path work;
    private static PullClient api;
    private static DepartmentKeyStores.Written healthKeys;
    private static DepartmentKeyStores.Written policeKeys;

    @BeforeAll
    static void start() throws IOException {
        kafka = new EmbeddedKafkaKraftBroker(1, 1, HEALTH_TOPIC, RECEIPTS);
        kafka.afterPropertiesSet();
        // Chunks of 4 KiB, so even a small package travels as several records that must be joined in order.
        gateway = TestGateway.start("--popgate.demo.enabled=true",
                "--popgate.pulls.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--popgate.pulls.kafka.members=" + HEALTH, "--popgate.pulls.kafka.chunk-bytes=4096",
                "--popgate.pulls.canaries.enabled=true", "--popgate.pulls.canaries.per-package=" + CANARIES,
                "--popgate.protection.account-burst=100000", "--popgate.protection.member-burst=100000");
        work = Files.createTempDirectory("popgate-pull-brokers-");
        api = new PullClient(gateway, work);
        Path demoKeys = gateway.base().resolve("keys/departments");
        healthKeys = new DepartmentKeyStores.Written(demoKeys.resolve(HEALTH + ".p12"), demoKeys.resolve(HEALTH + ".password"));
        gateway.enrolMember(POLICE, "DEPARTMENT");
        policeKeys = gateway.bean(DepartmentKeyStores.class).issue(POLICE, work.resolve("police-keys"),
                Actor.person("test", "SYSADMIN", null));
        api.createAccount("police-requester", "REQUESTER", POLICE);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        kafka.destroy();
    }

    @Test
    void aHealthPullTravelsOverKafkaAndItsReceiptComesBackOverKafka() throws Exception {
        String id = api.file("requester", Map.of("purpose", "vaccination-planning", "legalBasis", "疫苗管理法 第四十二条",
                "fields", List.of("idNumber", "gender", "birthDate", "registrationArea"),
                "selection", Map.of("area", "431128", "ageFrom", 0, "ageTo", 6))).get("id").asString();
        TestGateway.Response approved = api.post("approver", "/api/v1/pulls/" + id + "/approve",
                Map.of("fields", List.of("idNumber", "gender", "birthDate")));
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        TestGateway.Response executed = api.post("requester", "/api/v1/pulls/" + id + "/execute", Map.of());
        assertThat(executed.status()).as(executed.body()).isEqualTo(200);
        assertThat(executed.json().get("status").asString()).isEqualTo("DELIVERED");
        long records = executed.json().get("recordCount").asLong();
        assertThat(records).isPositive();

        // Marked delivered only after the broker acknowledged: the chunks are on the topic now, no waiting needed.
        List<ConsumerRecord<String, byte[]>> chunks = readAll(HEALTH_TOPIC).stream()
                .filter(r -> id.equals(r.key())).toList();
        assertThat(chunks).hasSizeGreaterThan(1);
        int total = Integer.parseInt(header(chunks.get(0), "popgate_chunks"));
        assertThat(chunks).hasSize(total);
        TreeMap<Integer, byte[]> ordered = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> chunk : chunks) {
            assertThat(header(chunk, "popgate_exchange")).isEqualTo(id);
            assertThat(header(chunk, "popgate_sender")).isEqualTo(GATEWAY);
            assertThat(header(chunk, "popgate_records")).isEqualTo(Long.toString(records + CANARIES));
            ordered.put(Integer.parseInt(header(chunk, "popgate_chunk")), chunk.value());
        }
        assertThat(ordered.keySet()).containsExactlyElementsOf(java.util.stream.IntStream.range(0, total).boxed().toList());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        ordered.values().forEach(joined::writeBytes);

        Path opened = api.open(joined.toByteArray(), HEALTH, id, healthKeys);
        List<Map<String, Object>> lines = api.jsonLines(opened);
        assertThat(lines).hasSize((int) records + CANARIES);
        for (Map<String, Object> line : lines) {
            assertThat(line.keySet()).containsExactly("idNumber", "gender", "birthDate");
            assertThat((String) line.get("birthDate")).matches("[0-9]{4}-[0-9]{2}");
        }

        // The security officer traces the leaked file to the pull and recipient it was made for.
        TestGateway.Response traced = gateway.send(api.as("security-officer", "/api/v1/pulls/canaries/trace")
                .header("Content-Type", "text/plain; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(Files.readString(opened))).build());
        assertThat(traced.status()).as(traced.body()).isEqualTo(200);
        assertThat(traced.json().get("linesExamined").asInt()).isEqualTo(lines.size());
        assertThat(traced.json().get("canariesFound").asInt()).isEqualTo(CANARIES);
        JsonNode sources = traced.json().get("sources");
        assertThat(sources).hasSize(1);
        assertThat(sources.get(0).get("exchangeId").asString()).isEqualTo(id);
        assertThat(sources.get(0).get("member").asString()).isEqualTo(HEALTH);
        assertThat(sources.get(0).get("lines")).hasSize(CANARIES);
        assertThat(auditLog().query(AuditQuery.all())).anySatisfy(e -> {
            assertThat(e.event().type()).isEqualTo(EventType.AUDIT_CONSULTED);
            assertThat(e.event().operation()).isEqualTo("pull.canary-trace");
            assertThat(e.event().attributes()).containsEntry("exchanges", id);
        });

        // The receipt the tool wrote goes back on the receipts topic: the exchange closes, audited with its channel.
        byte[] receipt = Files.readAllBytes(opened.resolveSibling(opened.getFileName() + ".receipt"));
        sendToKafka(id, receipt);
        awaitStatus(id, "RECEIPTED");
        assertThat(auditLog().query(AuditQuery.all().byExchange(id))).anySatisfy(e -> {
            assertThat(e.event().type()).isEqualTo(EventType.EXCHANGE_RECEIPTED);
            assertThat(e.event().attributes()).containsEntry("channel", "kafka");
        });

        // The same receipt again (a redelivered message) closes nothing twice: refused and kept.
        sendToKafka(id, receipt);
        JsonNode again = awaitRefused(r -> id.equals(text(r, "exchangeId")) && "kafka".equals(text(r, "channel")));
        assertThat(again.get("code").asString()).isEqualTo("invalid_state");
        assertThat(auditLog().query(AuditQuery.all().byExchange(id)).stream()
                .filter(e -> e.event().type() == EventType.EXCHANGE_RECEIPTED)).hasSize(1);
    }

    @Test
    void aPoliceReceiptOnTheArtemisQueueClosesItsExchange() throws Exception {
        String id = executedPolicePull();
        Path opened = api.openFromQueue(POLICE, id, policeKeys);
        sendToArtemis(Files.readString(opened.resolveSibling(opened.getFileName() + ".receipt")));
        awaitStatus(id, "RECEIPTED");
        assertThat(auditLog().query(AuditQuery.all().byExchange(id))).anySatisfy(e -> {
            assertThat(e.event().type()).isEqualTo(EventType.EXCHANGE_RECEIPTED);
            assertThat(e.event().attributes()).containsEntry("channel", "artemis");
        });
    }

    @Test
    void badReceiptsOnEitherBrokerAreRefusedWithTheirCodesAndKept() throws Exception {
        String id = executedPolicePull();
        Path opened = api.openFromQueue(POLICE, id, policeKeys);
        String good = Files.readString(opened.resolveSibling(opened.getFileName() + ".receipt"));

        String garbage = "not a receipt " + UUID.randomUUID();
        sendToArtemis(garbage);
        sendToKafka("x", garbage.getBytes(StandardCharsets.UTF_8));
        // One character of the signed body changed: the signature no longer verifies.
        String tampered = good.replace("records: ", "records: 1");
        sendToArtemis(tampered);
        String unknown = UUID.randomUUID().toString();
        sendToKafka(unknown, good.replace(id, unknown).getBytes(StandardCharsets.UTF_8));
        // A receipt for police's exchange, properly signed, but by health's certificate.
        Receipt parsed = new Receipt(id, GATEWAY, HEALTH, 1, "00".repeat(32), Instant.now());
        KeyStore healthStore = KeyStore.getInstance("PKCS12", BouncyCastle.provider());
        char[] password = Files.readString(healthKeys.passwordFile()).strip().toCharArray();
        try (InputStream in = Files.newInputStream(healthKeys.keyStore())) {
            healthStore.load(in, password);
        }
        String otherMember = Receipts.sign(parsed, CryptoSuite.named("INTL"), (PrivateKey) healthStore.getKey("signing", password),
                (X509Certificate) healthStore.getCertificate("signing"));
        sendToArtemis(otherMember);

        assertThat(awaitRefused(r -> "artemis".equals(text(r, "channel")) && text(r, "body").equals(garbage))
                .get("code").asString()).isEqualTo("receipt_invalid");
        assertThat(awaitRefused(r -> "kafka".equals(text(r, "channel")) && text(r, "body").equals(garbage))
                .get("code").asString()).isEqualTo("receipt_invalid");
        JsonNode badSignature = awaitRefused(r -> text(r, "body").equals(tampered));
        assertThat(badSignature.get("code").asString()).isEqualTo("receipt_invalid");
        assertThat(badSignature.get("reason").asString()).contains("bad_signature");
        assertThat(badSignature.get("exchangeId").asString()).isEqualTo(id);
        assertThat(awaitRefused(r -> unknown.equals(text(r, "exchangeId"))).get("code").asString()).isEqualTo("not_found");
        assertThat(awaitRefused(r -> text(r, "body").equals(otherMember)).get("code").asString()).isEqualTo("receipt_invalid");

        // None of them closed the exchange; the good receipt still does.
        assertThat(api.get("police-requester", "/api/v1/pulls/" + id).json().get("status").asString()).isEqualTo("DELIVERED");
        sendToArtemis(good);
        awaitStatus(id, "RECEIPTED");
        // The list is the approvers'; a department does not read it.
        PullClient.assertRefused(api.get("police-requester", "/api/v1/pulls/receipts/refused"), 403, "access_denied");
    }

    @Test
    void aCanaryTraceOfLinesWithoutCanariesFindsNothingAndAnEmptyOneIsRefused() {
        TestGateway.Response traced = api.post("security-officer", "/api/v1/pulls/canaries/trace",
                Map.of("lines", List.of("{\"idNumber\":\"not-a-canary\",\"gender\":\"F\"}", "plain text")));
        assertThat(traced.status()).as(traced.body()).isEqualTo(200);
        assertThat(traced.json().get("canariesFound").asInt()).isZero();
        assertThat(traced.json().get("sources")).isEmpty();
        PullClient.assertRefused(api.post("security-officer", "/api/v1/pulls/canaries/trace", Map.of("lines", List.of())),
                400, "validation_failed");
        PullClient.assertRefused(api.post("approver", "/api/v1/pulls/canaries/trace", Map.of("lines", List.of("x"))),
                403, "access_denied");
    }

    // ---- helpers

    private static String executedPolicePull() {
        String id = api.file("police-requester", Map.of("purpose", "residents-of-area", "legalBasis", "户口登记条例",
                "fields", List.of("idNumber", "gender"), "selection", Map.of("area", "431128", "ageFrom", 3, "ageTo", 4)))
                .get("id").asString();
        TestGateway.Response approved = api.post("approver", "/api/v1/pulls/" + id + "/approve", Map.of());
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        TestGateway.Response executed = api.post("police-requester", "/api/v1/pulls/" + id + "/execute", Map.of());
        assertThat(executed.status()).as(executed.body()).isEqualTo(200);
        return id;
    }

    private static AuditLog auditLog() {
        return gateway.bean(AuditLog.class);
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(60)).until(() -> status.equals(statusOf(id)));
    }

    private static String statusOf(String id) {
        for (String user : new String[] {"requester", "police-requester"}) {
            TestGateway.Response r = api.get(user, "/api/v1/pulls/" + id);
            if (r.status() == 200) {
                return r.json().get("status").asString();
            }
        }
        return null;
    }

    private static JsonNode awaitRefused(java.util.function.Predicate<JsonNode> which) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            TestGateway.Response listed = api.get("approver", "/api/v1/pulls/receipts/refused");
            assertThat(listed.status()).as(listed.body()).isEqualTo(200);
            for (JsonNode r : listed.json()) {
                if (which.test(r)) {
                    return r;
                }
            }
            return null;
        }, r -> r != null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static void sendToArtemis(String text) {
        new JmsTemplate(gateway.bean(ConnectionFactory.class)).convertAndSend(RECEIPTS, text);
    }

    private static void sendToKafka(String key, byte[] value) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(RECEIPTS, key, value)).get();
        } catch (Exception e) {
            throw new AssertionError("the test broker did not take the receipt", e);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "health-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && (all.isEmpty() || emptyPolls < 3)) {
                var records = consumer.poll(Duration.ofMillis(500));
                records.forEach(all::add);
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
            }
        }
        return all;
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
