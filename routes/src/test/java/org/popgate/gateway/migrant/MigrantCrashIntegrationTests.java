package org.popgate.gateway.migrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.popgate.adapters.migrant.MessageType;
import org.popgate.adapters.synthetic.CountyRow;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.gateway.support.TestCounty;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Crash test: signed and encrypted visit records flow over Kafka into a receiving gateway (the whole application on
 * PostgreSQL, in a child JVM) that is killed with SIGKILL at seeded random moments and restarted. Afterwards every
 * message had exactly one effect: one received row per business key, the effect tally equal to the number of
 * messages, no dead letter. CI runs one short trial (300 messages, 3 kills); {@code -Plong} runs ten independent
 * trials of 10,000 messages each (fresh schema, fresh broker, its own seed, 3 kills each) and reports every trial.
 */
@EnabledIfEnvironmentVariable(named = "POPGATE_TEST_PG_URL", matches = ".+")
class MigrantCrashIntegrationTests {

    static final String ORIGIN = "431128.migrant-office";
    static final String DESTINATION = "440305.migrant-office";
    /** The short trial's schema; the long trials use their own, so the two can run side by side. */
    static final String SCHEMA = "gw_migrant_crash";
    static final String LONG_SCHEMA = "gw_migrant_crash_long";
    static final int LONG_TRIALS = 10;
    static final int KILLS_PER_TRIAL = 3;
    /** What the -Plong run sends; the default test command sends a short version. */
    static final int MESSAGES = 10_000;
    static final int SHORT_MESSAGES = 300;

    @TempDir
    Path root;

    @Test
    void everyMessageHasExactlyOneEffectAcrossSigkills() throws Exception {
        Counts counts = run(SCHEMA, root, KILLS_PER_TRIAL, SHORT_MESSAGES, 8_101L);
        assertExactlyOnce(counts, SHORT_MESSAGES);
    }

    /** Ten trials of 10,000 messages; every trial is counted and reported before any is asserted. */
    @Test
    @Tag("long")
    void everyMessageHasExactlyOneEffectInTenTrialsOfTenThousand() throws Exception {
        List<Counts> trials = new ArrayList<>();
        for (int t = 0; t < LONG_TRIALS; t++) {
            trials.add(run(LONG_SCHEMA, root.resolve("trial-" + t), KILLS_PER_TRIAL, MESSAGES, 8_202L + t));
        }
        StringBuilder table = new StringBuilder("| trial (seed) | sent | SIGKILLs | effects (tally) | received rows | duplicates | losses | dead letters |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (Counts c : trials) {
            table.append("| ").append(c.seed).append(" | ").append(c.sent).append(" | ").append(c.kills).append(" | ")
                    .append(c.tally).append(" | ").append(c.rows).append(" | ").append(c.rows - c.distinct).append(" | ")
                    .append(c.missing).append(" | ").append(c.deadLetters).append(" |\n");
        }
        System.out.println(table);
        Files.writeString(Path.of("target", "migrant-crash-long-report.md"), table);
        for (Counts c : trials) {
            assertExactlyOnce(c, MESSAGES);
        }
    }

    private static void assertExactlyOnce(Counts counts, int messages) {
        String report = counts.report();
        assertThat(counts.rows).as(report).isEqualTo(messages);
        assertThat(counts.distinct).as(report).isEqualTo(messages);
        assertThat(counts.tally).as(report).isEqualTo(messages);
        assertThat(counts.packages).as(report).isEqualTo(messages);
        assertThat(counts.missing).as(report).isZero();
        assertThat(counts.unexpected).as(report).isZero();
        assertThat(counts.deadLetters).as(report).isZero();
    }

    private Counts run(String schema, Path dir, int kills, int messages, long seed) throws Exception {
        Files.createDirectories(dir);
        dropSchema(schema);
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 3, "popgate.migrant.431128",
                "popgate.migrant.440305");
        kafka.afterPropertiesSet();
        Random random = new Random(seed);
        Process child = null;
        try {
            child = startChild(schema, dir, kafka, 0);
            Set<String> keys = produce(dir, kafka, messages);
            int killed = 0;
            int slice = Math.max(1, messages / (kills + 1));
            while (killed < kills) {
                // the seeded random moment of the next SIGKILL, measured in progress: somewhere in the next slice
                // of the flow, so every kill lands while messages are being applied (not before the child started)
                long threshold = (long) (killed + 1) * slice - random.nextInt(slice);
                try {
                    await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(20))
                            .until(() -> received(schema) >= threshold);
                } catch (ConditionTimeoutException e) {
                    // kill anyway: a stalled receiver is a moment like any other
                }
                child.destroyForcibly();   // SIGKILL on Linux
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                killed++;
                child = startChild(schema, dir, kafka, killed);
            }
            try {
                await().atMost(Duration.ofMinutes(messages == MESSAGES ? 60 : 10)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> received(schema) >= messages);
            } catch (ConditionTimeoutException e) {
                // fall through: the counts below say what is missing, in the report
            }
            Counts counts = counts(schema, keys, seed, messages, killed);
            String report = counts.report();
            System.out.println(report);
            Files.writeString(Path.of("target", "migrant-crash-report-" + seed + ".txt"), report + "\n");
            return counts;
        } finally {
            if (child != null) {
                child.destroyForcibly();
                child.waitFor(60, TimeUnit.SECONDS);
            }
            kafka.destroy();
        }
    }

    /** Seals MESSAGES visit records as the destination office, to the origin office, and produces them. */
    private Set<String> produce(Path dir, EmbeddedKafkaKraftBroker kafka, int messages) throws Exception {
        Path keysDir = dir.resolve("keys");
        GatewayKeyStore store = GatewayKeyStore.openOrCreate(keysDir.resolve("gateway.bcfks"),
                Files.readString(keysDir.resolve("keystore.password")).strip().toCharArray());
        OfficeKeys.Office destination = new OfficeKeys.Office(DESTINATION,
                store.privateKey("migrant-office/" + DESTINATION + "/signing"),
                store.certificate("migrant-office/" + DESTINATION + "/signing"), null, null);
        var originCertificate = store.certificate("migrant-office/" + ORIGIN + "/encryption");
        List<CountyRow.Person> residents = TestCounty.persons().stream().filter(p -> p.cancelReason() == null).toList();
        Set<String> keys = new HashSet<>();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokersAsString());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < messages; i++) {
                CountyRow.Person person = residents.get(i % residents.size());
                String key = UUID.randomUUID().toString();
                keys.add(key);
                MigrantMessage m = new MigrantMessage(key, MigrantMessage.Kind.RECORD, MessageType.VISIT_RECORD,
                        DESTINATION, ORIGIN, null, person.idNumber(), person.registrationArea(),
                        Map.of("service", "THREE_CHECKS", "pregnancyCheck", "NORMAL"), Instant.now());
                MigrantPackages.Sealed sealed = MigrantPackages.seal(UUID.randomUUID().toString(), destination, ORIGIN,
                        originCertificate, List.of(m), Instant.now());
                ProducerRecord<String, byte[]> record = new ProducerRecord<>("popgate.migrant.431128",
                        Integer.toString(i % 64), sealed.bytes());
                record.headers().add(ArtemisMigrantTransport.PACKAGE_ID, sealed.packageId().getBytes(StandardCharsets.UTF_8));
                record.headers().add(KafkaMigrantTransport.RECIPIENT, ORIGIN.getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
        return keys;
    }

    private Process startChild(String schema, Path dir, EmbeddedKafkaKraftBroker kafka, int run) throws Exception {
        String url = env("POPGATE_TEST_PG_URL");
        return MigrantCrashChild.launch(List.of("-Xmx512m"), List.of(
                "--popgate.data-dir=" + dir.resolve("data"), "--popgate.keys.dir=" + dir.resolve("keys"),
                "--popgate.audit.witness-dir=" + dir.resolve("witness"), "--server.port=0",
                "--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.datasource.username=" + env("POPGATE_TEST_PG_APP_USER"),
                "--spring.datasource.password=" + env("POPGATE_TEST_PG_APP_PASSWORD"),
                "--spring.flyway.user=" + env("POPGATE_TEST_PG_USER"),
                "--spring.flyway.password=" + env("POPGATE_TEST_PG_PASSWORD"),
                "--spring.flyway.schemas=" + schema, "--spring.flyway.default-schema=" + schema,
                "--spring.flyway.placeholders.app_role=" + env("POPGATE_TEST_PG_APP_USER"),
                "--spring.flyway.placeholders.app_schema=" + schema,
                "--popgate.migrant.transport=KAFKA", "--popgate.migrant.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                "--popgate.migrant.kafka.group-id=crash-receiver",
                "--popgate.migrant.kafka.network-key=" + Base64.getEncoder().encodeToString(new byte[32])),
                dir.resolve("child-" + run + ".err"));
    }

    record Counts(long seed, long sent, int kills, long rows, long distinct, long tally, long missing, long unexpected,
            long deadLetters, long packages) {

        String report() {
            return "migrant crash test (seed " + seed + "): " + sent + " messages, " + kills + " SIGKILLs; received rows "
                    + rows + ", distinct keys " + distinct + ", effect tally " + tally + ", missing " + missing
                    + ", unexpected " + unexpected + ", dead letters " + deadLetters + ", packages applied " + packages;
        }
    }

    private static long received(String schema) throws SQLException {
        try (Connection c = owner(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + schema + ".migrant_message WHERE direction = 'IN'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Counts counts(String schema, Set<String> keys, long seed, int sent, int kills) throws SQLException {
        try (Connection c = owner(); Statement s = c.createStatement()) {
            Set<String> stored = new HashSet<>();
            long rows = 0;
            try (ResultSet rs = s.executeQuery("SELECT business_key FROM " + schema + ".migrant_message WHERE direction = 'IN'")) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                    rows++;
                }
            }
            long tally = single(s, "SELECT COALESCE(SUM(applied), 0) FROM " + schema + ".migrant_tally");
            long dead = single(s, "SELECT COUNT(*) FROM " + schema + ".migrant_dead_letter");
            long packages = single(s, "SELECT COUNT(*) FROM " + schema + ".migrant_package");
            Set<String> missing = new HashSet<>(keys);
            missing.removeAll(stored);
            Set<String> unexpected = new HashSet<>(stored);
            unexpected.removeAll(keys);
            return new Counts(seed, sent, kills, rows, stored.size(), tally, missing.size(), unexpected.size(), dead, packages);
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void dropSchema(String schema) throws SQLException {
        try (Connection c = owner(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static Connection owner() throws SQLException {
        return DriverManager.getConnection(env("POPGATE_TEST_PG_URL"), env("POPGATE_TEST_PG_USER"),
                env("POPGATE_TEST_PG_PASSWORD"));
    }

    private static String env(String name) {
        return System.getenv(name);
    }
}
