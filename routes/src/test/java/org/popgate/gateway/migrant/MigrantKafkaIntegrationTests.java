package org.popgate.gateway.migrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.synthetic.CountyRow;
import org.popgate.crypto.lookup.LookupHasher;
import org.popgate.gateway.support.ByteSearch;
import org.popgate.gateway.support.TestCounty;
import org.popgate.gateway.support.TestGateway;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import tools.jackson.databind.JsonNode;

/**
 * The migrant journey over a real Kafka server (spring-kafka-test's embedded KRaft broker): a topic per region,
 * the message key a keyed hash of the person's ID under the network key, the value a CMS package.
 */
class MigrantKafkaIntegrationTests {

    static final String ORIGIN = "431128.migrant-office";
    static final String DESTINATION = "440305.migrant-office";
    static final byte[] NETWORK_KEY = "popgate-test-network-key-32bytes".getBytes(StandardCharsets.US_ASCII);

    private static EmbeddedKafkaKraftBroker kafka;
    private static TestGateway gateway;
    private static List<CountyRow.Person> residents;

    @BeforeAll
    static void start() {
        kafka = new EmbeddedKafkaKraftBroker(1, 2, "popgate.migrant.431128", "popgate.migrant.440305");
        kafka.afterPropertiesSet();
        gateway = TestGateway.start("--popgate.demo.enabled=true", "--popgate.migrant.transport=KAFKA",
                "--popgate.migrant.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--popgate.migrant.kafka.group-id=gateway-a",
                "--popgate.migrant.kafka.network-key=" + Base64.getEncoder().encodeToString(NETWORK_KEY));
        residents = TestCounty.persons().stream().filter(p -> p.cancelReason() == null).toList();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        kafka.destroy();
    }

    static TestGateway.Response post(String user, String path, Object body) {
        return gateway.send(gateway.as(user, path).header("Content-Type", "application/json")
                .POST(TestGateway.json(body)).build());
    }

    static TestGateway.Response get(String user, String path) {
        return gateway.send(gateway.as(user, path).GET().build());
    }

    @Test
    void aVisitTravelsOverKafkaKeyedByTheNetworkHashAndFeedbackReturns() {
        CountyRow.Person person = residents.get(40);
        TestGateway.Response sent = post("destination-office-user", "/api/v1/migrant/offices/" + DESTINATION + "/visits",
                Map.of("idNumber", person.idNumber(), "registrationArea", person.registrationArea(),
                        "service", "PREGNANCY", "fields", Map.of("pregnant", "true", "pregnancyWeeks", "12")));
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        String key = sent.json().get("businessKey").asString();

        JsonNode received = await().atMost(Duration.ofSeconds(60)).until(
                () -> get("office-user", "/api/v1/migrant/offices/" + ORIGIN + "/messages/" + key),
                r -> r.status() == 200).json();
        assertThat(received.get("idNumber").asString()).isEqualTo(person.idNumber());
        assertThat(received.get("fields").get("pregnancyWeeks").asString()).isEqualTo("12");

        // On the topic: the key is the network hash of the ID, the value ciphertext without the ID or the name.
        List<ConsumerRecord<String, byte[]>> onTopic = readAll("popgate.migrant.431128");
        String expectedKey = HexFormat.of().formatHex(new LookupHasher(new SecretKeySpec(NETWORK_KEY, "HmacSHA256"))
                .hash(person.idNumber()));
        assertThat(onTopic).anyMatch(r -> expectedKey.equals(r.key()));
        for (ConsumerRecord<String, byte[]> r : onTopic) {
            assertThat(r.key()).doesNotContain(person.idNumber());
            assertThat(ByteSearch.occurring(r.value(), List.of(person.idNumber().getBytes(StandardCharsets.UTF_8),
                    person.name().getBytes(StandardCharsets.UTF_8)))).isEmpty();
        }

        assertThat(post("office-user", "/api/v1/migrant/offices/" + ORIGIN + "/messages/" + key + "/feedback",
                Map.of("fields", Map.of("answer", "registered here, known pregnancy"))).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> get("destination-office-user",
                "/api/v1/migrant/offices/" + DESTINATION + "/messages/" + key).json().get("summary").get("status").asString(),
                "ANSWERED"::equals);
    }

    @Test
    void aPackageForAnOfficeThisGatewayDoesNotHostIsDeadLettered() {
        String packageId = UUID.randomUUID().toString();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>("popgate.migrant.431128", "k", new byte[] {1, 2, 3});
            record.headers().add(ArtemisMigrantTransport.PACKAGE_ID, packageId.getBytes(StandardCharsets.UTF_8));
            record.headers().add(KafkaMigrantTransport.RECIPIENT, "431128.no-such-office".getBytes(StandardCharsets.UTF_8));
            producer.send(record);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (JsonNode l : get("sysadmin", "/api/v1/migrant/dead-letters").json()) {
                if (l.get("packageId").asString().equals(packageId)) {
                    return l.get("reason").asString().equals("migrant_unknown_office") && l.get("transport").asString().equals("kafka");
                }
            }
            return false;
        });
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "inspector-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < until) {
                consumer.poll(Duration.ofMillis(500)).forEach(all::add);
                if (!all.isEmpty() && consumer.poll(Duration.ofMillis(500)).isEmpty()) {
                    break;
                }
            }
        }
        return all;
    }
}
