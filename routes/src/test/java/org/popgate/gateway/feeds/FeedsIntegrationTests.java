package org.popgate.gateway.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.population.PersonRecord;
import org.popgate.adapters.population.PersonRepository;
import org.popgate.adapters.synthetic.CountyRegister;
import org.popgate.adapters.synthetic.DepartmentSimulator;
import org.popgate.adapters.synthetic.FeedDefect;
import org.popgate.adapters.synthetic.SimulatedFeed;
import org.popgate.audit.event.EventType;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.store.AuditQuery;
import org.popgate.crypto.ca.CertificateRequests;
import org.popgate.crypto.ca.CertificateUse;
import org.popgate.crypto.ca.MemberCa;
import org.popgate.crypto.idnumber.IdCheck;
import org.popgate.crypto.idnumber.IdNumbers;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.gateway.support.CsrPem;
import org.popgate.gateway.support.TestCounty;
import org.popgate.gateway.support.TestDirectories;
import org.popgate.gateway.support.TestGateway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Every counterpart end to end through its real transport with its simulator: police change files and education
 * rosters as packages in the inbox folder (and plain files from the trusted folder), civil affairs on Artemis,
 * health over HTTPS with mutual TLS; rejects with reasons through the API, re-delivery without a second effect,
 * malformed input refused and kept, conflicts, reconciliation and quality figures checked against counts made here.
 */
class FeedsIntegrationTests {

    static TestGateway gateway;
    static Path base;
    static DepartmentSimulator simulator;
    static X509Certificate gatewayCertificate;
    static Department police;
    static Department education;
    static Department civilAffairs;
    static Department health;

    @BeforeAll
    static void start() throws IOException {
        base = TestDirectories.create();
        gateway = TestGateway.start(base, List.of(),
                "--popgate.feeds.trusted-dir=" + base.resolve("trusted"), "--popgate.feeds.poll-delay=200ms",
                "--popgate.protection.member-burst=100000", "--popgate.protection.account-burst=100000");
        gateway.bean(org.popgate.adapters.population.CountyLoader.class).loadIfAbsent(TestCounty.SPEC);
        simulator = new DepartmentSimulator(CountyRegister.of(TestCounty.SPEC));
        TestGateway.Response cert = gateway.send(gateway.as("approver", "/api/v1/feeds/certificate").GET().build());
        assertThat(cert.status()).isEqualTo(200);
        gatewayCertificate = CsrPem.certificate(cert.json().get("certificate").asString());
        police = Department.enrol(gateway, "431128.police");
        education = Department.enrol(gateway, "431128.education");
        civilAffairs = Department.enrol(gateway, "431128.civilaffairs");
        health = Department.enrol(gateway, "431128.health");
        Files.createDirectories(base.resolve("trusted/police"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    // ------------------------------------------------------------------ police and education through the folder

    @Test
    void policeChangeFilesApplyThroughTheInboxFolderOnceHoweverOftenTheyArrive() {
        ByteArrayOutputStream feed = new ByteArrayOutputStream();
        SimulatedFeed sim = simulator.police(new DepartmentSimulator.Options(11, 150, 0.06, null,
                StandardCharsets.UTF_8), feed);
        byte[] pkg = police.pack("police-2025-0001", feed.toByteArray(), StandardCharsets.UTF_8, true,
                gatewayCertificate, "431128.popgate");
        long before = persons();
        drop("inbox/police", "police-2025-0001.p7m", pkg);
        JsonNode d = awaitDelivery(police.member(), "431128.police/police-2025-0001");
        assertThat(d.get("status").asString()).isEqualTo("APPLIED");
        // Exact counts against a fresh database are FeedDeliveriesTests'; here other tests' feeds ran before, so a
        // person this file names may since have died or moved: then more is rejected, never less.
        assertThat(d.get("rejected").asLong()).isGreaterThanOrEqualTo(sim.defective());
        assertThat(d.get("applied").asLong() + d.get("rejected").asLong()).isEqualTo(sim.records());
        assertThat(rejects(police.member()).size()).isGreaterThanOrEqualTo((int) sim.defective());
        long after = persons();
        assertThat(after).isGreaterThan(before);

        // Every record delivered twice more, the same package and under a new exchange id: no second effect.
        drop("inbox/police", "police-2025-0001.p7m", pkg);
        byte[] again = police.pack("police-2025-0001-resend", feed.toByteArray(), StandardCharsets.UTF_8, true,
                gatewayCertificate, "431128.popgate");
        drop("inbox/police", "police-2025-0001-resend.p7m", again);
        JsonNode resent = awaitDelivery(police.member(), "431128.police/police-2025-0001-resend");
        assertThat(resent.get("applied").asLong()).isZero();
        assertThat(resent.get("skipped").asLong()).isGreaterThanOrEqualTo(sim.records() - sim.defective());
        assertThat(resent.get("skipped").asLong() + resent.get("rejected").asLong()).isEqualTo(sim.records());
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(base.resolve("data/feeds/inbox/police/police-2025-0001.p7m")));
        assertThat(persons()).isEqualTo(after);
        assertThat(deliveries(police.member()).stream().filter(x -> x.get("exchangeId").asString()
                .equals("431128.police/police-2025-0001")).count()).isEqualTo(1);
        assertThat(audit(EventType.FEED_APPLIED, "431128.police/police-2025-0001")).isEqualTo(1);
        assertThat(audit(EventType.FEED_RECEIVED, "431128.police/police-2025-0001")).isEqualTo(2);
    }

    @Test
    void aGb18030PoliceFileKeepsItsChineseNamesAndStoresIdNumbersNormalised() {
        ByteArrayOutputStream feed = new ByteArrayOutputStream();
        Charset gb = Charset.forName("GB18030");
        simulator.police(new DepartmentSimulator.Options(12, 120, 0, null, gb), feed);
        drop("inbox/police", "police-gb-1.p7m", police.pack("police-gb-1", feed.toByteArray(), gb, true,
                gatewayCertificate, "431128.popgate"));
        assertThat(awaitDelivery(police.member(), "431128.police/police-gb-1").get("status").asString()).isEqualTo("APPLIED");
        PersonRepository repository = gateway.bean(PersonRepository.class);
        int births = 0;
        for (String line : new String(feed.toByteArray(), gb).split("\r\n")) {
            String[] f = line.split(",", -1);
            if (f.length == 14 && (f[1].equals("BIRTH") || f[1].equals("MOVE_IN"))) {
                List<PersonRecord> found = repository.findByIdNumber(f[4]);
                if (found.isEmpty()) {
                    continue; // rejected against what earlier tests' feeds changed (a mother who since died)
                }
                assertThat(found.get(0).name().equals(f[5])).as("name round-trips").isTrue();
                assertThat(found.get(0).idNumber()).as("stored ID is the normalised form")
                        .isEqualTo(toEighteen(IdNumbers.normalise(f[4])));
                births++;
            }
        }
        assertThat(births).isGreaterThan(5);
    }

    @Test
    void malformedPlainFilesFromTheTrustedFolderAreRejectedWithTheirReasonAndKept() {
        Map<FeedDefect, String> expected = Map.of(FeedDefect.BROKEN_ENCODING, "feed_bad_encoding",
                FeedDefect.TRUNCATED, "feed_truncated", FeedDefect.HUGE_LINE, "feed_line_too_long",
                FeedDefect.BINARY_GARBAGE, "feed_binary_content", FeedDefect.WRONG_COLUMN_HEADER, "feed_wrong_column_header");
        long before = persons();
        int seed = 100;
        for (Map.Entry<FeedDefect, String> e : expected.entrySet()) {
            ByteArrayOutputStream feed = new ByteArrayOutputStream();
            simulator.police(new DepartmentSimulator.Options(seed++, 40, 0, e.getKey(), Charset.forName("GB18030")), feed);
            String key = "431128.police/sha256-" + FeedSteps.sha256(feed.toByteArray()).hex();
            drop("trusted/police", e.getKey().name().toLowerCase() + ".csv", feed.toByteArray());
            JsonNode d = awaitDelivery(police.member(), key);
            assertThat(d.get("status").asString()).as(e.getKey().name()).isEqualTo("REJECTED");
            assertThat(d.get("reason").asString()).as(e.getKey().name()).isEqualTo(e.getValue());
            assertThat(d.get("packaged").asBoolean()).isFalse();
            Integer kept = gateway.bean(JdbcTemplate.class).queryForObject(
                    "SELECT COUNT(*) FROM feed_delivery WHERE exchange_id = ? AND payload_enc IS NOT NULL", Integer.class, key);
            assertThat(kept).as("the rejected file is kept").isEqualTo(1);
        }
        assertThat(persons()).isEqualTo(before);
        assertThat(gateway.bean(AuditLog.class).query(AuditQuery.all()).stream()
                .filter(ev -> ev.event().type() == EventType.FEED_RECEIVED
                        && "trusted-folder".equals(ev.event().attributes().get("transport"))).count())
                .isGreaterThanOrEqualTo(expected.size());
    }

    @Test
    void anEducationRosterAppliesAtomically() {
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        SimulatedFeed sim = simulator.educationRoster(new DepartmentSimulator.Options(21, 60, 0.1, null,
                StandardCharsets.UTF_8), "431128100", bad);
        assertThat(sim.defective()).isPositive();
        drop("inbox/education", "roster-bad.p7m", education.pack("roster-bad", bad.toByteArray(), StandardCharsets.UTF_8,
                true, gatewayCertificate, "431128.popgate"));
        JsonNode rejected = awaitDelivery(education.member(), "431128.education/roster-bad");
        assertThat(rejected.get("status").asString()).isEqualTo("REJECTED");
        assertThat(rejected.get("reason").asString()).isEqualTo("feed_atomic_file_has_rejects");
        assertThat(rejected.get("rejected").asLong()).isEqualTo(sim.defective());
        assertThat(count("SELECT COUNT(*) FROM feed_enrolment")).isZero();

        ByteArrayOutputStream clean = new ByteArrayOutputStream();
        SimulatedFeed ok = simulator.educationRoster(DepartmentSimulator.Options.clean(22, 60), "431128100", clean);
        drop("inbox/education", "roster-ok.p7m", education.pack("roster-ok", clean.toByteArray(), StandardCharsets.UTF_8,
                true, gatewayCertificate, "431128.popgate"));
        assertThat(awaitDelivery(education.member(), "431128.education/roster-ok").get("status").asString()).isEqualTo("APPLIED");
        assertThat(count("SELECT COUNT(*) FROM feed_enrolment")).isEqualTo(ok.records());
    }

    // ------------------------------------------------------------------ civil affairs on Artemis

    @Test
    void civilAffairsMessagesApplyFromArtemisOnceAndTheirDisagreementWithThePoliceIsListed() {
        ByteArrayOutputStream feed = new ByteArrayOutputStream();
        SimulatedFeed sim = simulator.civilAffairs(new DepartmentSimulator.Options(31, 80, 0.06, null,
                StandardCharsets.UTF_8), feed);
        byte[] pkg = civilAffairs.pack("ca-0001", feed.toByteArray(), StandardCharsets.UTF_8, false,
                gatewayCertificate, "431128.popgate");
        long marriages = count("SELECT COUNT(*) FROM marriage");
        send("431128.civilaffairs", "ca-0001", pkg);
        send("431128.civilaffairs", "ca-0001", pkg);
        JsonNode d = awaitDelivery(civilAffairs.member(), "431128.civilaffairs/ca-0001");
        assertThat(d.get("status").asString()).isEqualTo("APPLIED");
        assertThat(d.get("rejected").asLong()).isGreaterThanOrEqualTo(sim.defective());
        assertThat(d.get("applied").asLong() + d.get("rejected").asLong()).isEqualTo(sim.records());
        assertThat(count("SELECT COUNT(*) FROM marriage")).isGreaterThan(marriages);
        await().atMost(Duration.ofSeconds(20)).until(() -> audit(EventType.FEED_RECEIVED, "431128.civilaffairs/ca-0001") == 2);
        assertThat(audit(EventType.FEED_APPLIED, "431128.civilaffairs/ca-0001")).isEqualTo(1);

        // A person civil affairs cremated, then moved out by the police: civil affairs wins, the conflict is listed.
        String cremated = null;
        for (String line : new String(feed.toByteArray(), StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("\"kind\":\"death\"") && d.get("rejected").asLong() >= 0) {
                JsonNode msg = TestGateway.JSON.readTree(line);
                String id = msg.get("person").get("idNumber").asString();
                List<PersonRecord> found = gateway.bean(PersonRepository.class).findByIdNumber(id);
                if (!found.isEmpty() && "DEATH".equals(found.get(0).cancelReason())) {
                    cremated = id;
                    break;
                }
            }
        }
        assertThat(cremated).as("a cremation applied").isNotNull();
        PersonRecord before = gateway.bean(PersonRepository.class).findByIdNumber(cremated).get(0);
        String header = "#popgate-feed police v1 encoding=UTF-8 date=" + simulator.feedDate() + " sender=431128.police";
        String row = "M0000001,MOVE_OUT," + simulator.feedDate() + "," + simulator.feedDate() + "," + cremated + ","
                + before.name() + ",,,," + before.registrationArea() + ",440304,,,,";
        String csv = header + "\r\n" + org.popgate.adapters.police.PoliceChangeFileParser.columnLine() + "\r\n"
                + row.substring(0, row.length() - 1) + "\r\n#end records=1\r\n";
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        drop("trusted/police", "move-out.csv", bytes);
        JsonNode moved = awaitDelivery(police.member(), "431128.police/sha256-" + FeedSteps.sha256(bytes).hex());
        assertThat(moved.get("status").asString()).isEqualTo("APPLIED");
        PersonRecord after = gateway.bean(PersonRepository.class).findByIdNumber(cremated).get(0);
        assertThat(after.cancelReason()).isEqualTo("DEATH");
        assertThat(after.cancelledAt()).isEqualTo(before.cancelledAt());
        TestGateway.Response conflicts = gateway.send(gateway.as("approver", "/api/v1/feeds/conflicts").GET().build());
        assertThat(conflicts.status()).isEqualTo(200);
        List<JsonNode> listed = StreamSupport.stream(conflicts.json().spliterator(), false)
                .filter(c -> c.get("winnerKey") != null && c.get("item").asString().equals("DEATH")
                        && c.get("rule").asString().equals("precedence:civilaffairs>police")).toList();
        assertThat(listed).isNotEmpty();

        // Reconciliation: the police register still holds the cremated person; the population database does not.
        TestGateway.Response rec = gateway.send(gateway.as("approver", "/api/v1/feeds/reconciliation").GET().build());
        assertThat(rec.status()).isEqualTo(200);
        assertThat(rec.json().get("onlyInPoliceCount").asInt()).isPositive();
        assertThat(rec.json().get("villages").size()).isPositive();
    }

    // ------------------------------------------------------------------ health over HTTPS (mutual TLS)

    @Test
    void healthPostsPackagesOverMutualTlsAndAnUnknownCertificateIsRefusedAndKept() {
        ByteArrayOutputStream feed = new ByteArrayOutputStream();
        SimulatedFeed sim = simulator.health(new DepartmentSimulator.Options(41, 60, 0.06, null, StandardCharsets.UTF_8),
                feed);
        byte[] pkg = health.pack("wj-0001", feed.toByteArray(), StandardCharsets.UTF_8, false, gatewayCertificate,
                "431128.popgate");
        TestGateway.Response first = post(health, "wj-0001", pkg);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("status").asString()).isEqualTo("APPLIED");
        assertThat(first.json().get("rejected").asLong()).isEqualTo(sim.defective());
        long stored = count("SELECT COUNT(*) FROM feed_vaccination") + count("SELECT COUNT(*) FROM feed_birth_certificate");
        assertThat(stored).isEqualTo(sim.records() - sim.defective());
        TestGateway.Response second = post(health, "wj-0001", pkg);
        assertThat(second.json().get("status").asString()).isEqualTo("DUPLICATE");
        assertThat(count("SELECT COUNT(*) FROM feed_vaccination") + count("SELECT COUNT(*) FROM feed_birth_certificate"))
                .isEqualTo(stored);

        // The same feed signed by a certificate the gateway never issued.
        MemberCa stranger = MemberCa.create(CryptoSuite.INTL, "431128.stranger", Clock.systemUTC());
        KeyPair pair = CryptoSuite.INTL.generateKeyPair();
        X509Certificate foreign = CsrPem.jdk(stranger.issue(CertificateRequests.create(CryptoSuite.INTL, "431128.health",
                pair), CertificateUse.SIGNING, Duration.ofDays(30)));
        Department impostor = new Department("431128.health", pair, foreign, health.tls());
        TestGateway.Response refused = post(health, "wj-0002", impostor.pack("wj-0002", feed.toByteArray(),
                StandardCharsets.UTF_8, false, gatewayCertificate, "431128.popgate"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("reason").asString()).isEqualTo("crypto_unknown_signer");
        assertThat(count("SELECT COUNT(*) FROM feed_delivery WHERE reason = 'crypto_unknown_signer' AND payload_enc IS NOT NULL"))
                .isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM feed_vaccination") + count("SELECT COUNT(*) FROM feed_birth_certificate"))
                .isEqualTo(stored);
    }

    // ------------------------------------------------------------------ rejects, re-submission, quality

    @Test
    void aRejectedRecordIsVisibleAndAppliesOnceCorrectedAndResubmitted() {
        ByteArrayOutputStream feed = new ByteArrayOutputStream();
        simulator.police(new DepartmentSimulator.Options(51, 60, 0.2, null, StandardCharsets.UTF_8), feed);
        drop("inbox/police", "police-r.p7m", police.pack("police-r", feed.toByteArray(), StandardCharsets.UTF_8, true,
                gatewayCertificate, "431128.popgate"));
        awaitDelivery(police.member(), "431128.police/police-r");
        JsonNode badDate = rejects(police.member()).stream()
                .filter(r -> r.get("exchangeId").asString().equals("431128.police/police-r")
                        && r.get("code").asString().equals("feed_bad_date")).findFirst().orElseThrow();
        String path = "/api/v1/feeds/431128.police/rejects/" + badDate.get("id").asLong();
        var client = gateway.memberClient(police.tls());
        TestGateway.Response detail = TestGateway.send(client, HttpRequest.newBuilder(gateway.https(path)).GET().build());
        assertThat(detail.status()).isEqualTo(200);
        String original = detail.json().get("original").asString();
        assertThat(original).contains("2025-02-30");
        String corrected = original.replace("2025-02-30", simulator.feedDate().toString());
        TestGateway.Response resubmitted = TestGateway.send(client, HttpRequest.newBuilder(gateway.https(path + "/resubmit"))
                .header("Content-Type", "application/json").POST(TestGateway.json(Map.of("record", corrected))).build());
        assertThat(resubmitted.status()).isEqualTo(200);
        assertThat(resubmitted.json().get("applied").asLong()).isEqualTo(1);
        TestGateway.Response again = TestGateway.send(client, HttpRequest.newBuilder(gateway.https(path + "/resubmit"))
                .header("Content-Type", "application/json").POST(TestGateway.json(Map.of("record", corrected))).build());
        assertThat(again.status()).isEqualTo(409);
        TestGateway.Response other = TestGateway.send(gateway.memberClient(health.tls()),
                HttpRequest.newBuilder(gateway.https(path.replace("431128.police", "431128.health"))).GET().build());
        assertThat(other.status()).isEqualTo(404);
    }

    @Test
    void qualityFiguresEqualCountsMadeFromTheDatabaseRows() {
        ByteArrayOutputStream feed = new ByteArrayOutputStream();
        simulator.police(new DepartmentSimulator.Options(61, 40, 0, null, StandardCharsets.UTF_8), feed);
        drop("inbox/police", "police-q.p7m", police.pack("police-q", feed.toByteArray(), StandardCharsets.UTF_8, true,
                gatewayCertificate, "431128.popgate"));
        awaitDelivery(police.member(), "431128.police/police-q");
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(base.resolve("data/feeds/inbox/police/police-q.p7m")));

        TestGateway.Response village = gateway.send(gateway.as("approver", "/api/v1/feeds/quality").GET().build());
        assertThat(village.status()).isEqualTo(200);
        // Counted here, independently: persons per village, invalid IDs, and repeats of a normalised ID in id order.
        Map<String, long[]> mine = new HashMap<>();
        Set<String> seen = new HashSet<>();
        IdNumbers ids = new IdNumbers(org.popgate.crypto.idnumber.AreaCodes.shipped()::isKnown, LocalDate.now());
        PersonRepository repository = gateway.bean(PersonRepository.class);
        gateway.bean(JdbcTemplate.class).query("SELECT p.id, COALESCE(h.village_code, p.registration_area) FROM person p"
                + " LEFT JOIN household h ON h.id = p.household_id ORDER BY p.id", rs -> {
                    long[] c = mine.computeIfAbsent(rs.getString(2), v -> new long[3]);
                    String id = repository.findById(rs.getLong(1)).orElseThrow().idNumber();
                    c[0]++;
                    if (!(ids.check(id) instanceof IdCheck.Valid)) {
                        c[1]++;
                    }
                    if (!seen.add(IdNumbers.normalise(id))) {
                        c[2]++;
                    }
                });
        Map<String, long[]> api = new HashMap<>();
        for (JsonNode f : village.json()) {
            api.put(f.get("area").asString(), new long[] {f.get("persons").asLong(), f.get("idErrors").asLong(),
                    f.get("duplicates").asLong()});
        }
        assertThat(api.keySet()).isEqualTo(mine.keySet());
        mine.forEach((v, c) -> assertThat(api.get(v)).as(v).containsExactly(c));
        assertThat(mine.values().stream().mapToLong(c -> c[1]).sum()).isPositive();

        String someVillage = village.json().get(0).get("area").asString();
        TestGateway.Response trend = gateway.send(gateway.as("approver",
                "/api/v1/feeds/quality/" + someVillage + "/trend").GET().build());
        assertThat(trend.status()).isEqualTo(200);
        assertThat(trend.json().size()).isGreaterThanOrEqualTo(1);
        TestGateway.Response township = gateway.send(gateway.as("approver", "/api/v1/feeds/quality?level=township").GET().build());
        assertThat(township.json().get(0).get("area").asString()).hasSize(9);
    }

    // ------------------------------------------------------------------ helpers

    static String toEighteen(String id) {
        if (id.length() == 15) {
            String body = id.substring(0, 6) + "19" + id.substring(6);
            return body + IdNumbers.checkCharacter(body);
        }
        return id;
    }

    static void drop(String folder, String name, byte[] bytes) {
        try {
            Path dir = folder.startsWith("inbox") ? base.resolve("data/feeds").resolve(folder) : base.resolve(folder);
            Files.createDirectories(dir);
            Path target = dir.resolve(name);
            // a re-delivery under the same name waits until the gateway has taken the earlier file away
            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(target));
            Path part = dir.resolve(name + ".part");
            Files.write(part, bytes);
            Files.move(part, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void send(String member, String exchangeId, byte[] pkg) {
        gateway.bean(JmsTemplate.class).send(FeedRoutes.queue(member), session -> {
            var message = session.createBytesMessage();
            message.writeBytes(pkg);
            message.setStringProperty(FeedRoutes.EXCHANGE_ID_HEADER, exchangeId);
            return message;
        });
    }

    static TestGateway.Response post(Department d, String exchangeId, byte[] pkg) {
        return TestGateway.send(gateway.memberClient(d.tls()), HttpRequest.newBuilder(
                gateway.https("/api/v1/feeds/" + d.member() + "/packages")).header("Content-Type", "application/octet-stream")
                .header("Popgate-Exchange-Id", exchangeId).POST(HttpRequest.BodyPublishers.ofByteArray(pkg)).build());
    }

    static JsonNode awaitDelivery(String member, String key) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> deliveries(member).stream().filter(d -> d.get("exchangeId").asString().equals(key))
                        .findFirst().orElse(null), java.util.Objects::nonNull);
    }

    static List<JsonNode> deliveries(String member) {
        TestGateway.Response r = gateway.send(gateway.as("approver", "/api/v1/feeds/" + member + "/deliveries").GET().build());
        assertThat(r.status()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().forEach(out::add);
        return out;
    }

    static List<JsonNode> rejects(String member) {
        TestGateway.Response r = gateway.send(gateway.as("approver", "/api/v1/feeds/" + member + "/rejects").GET().build());
        assertThat(r.status()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().forEach(out::add);
        return out;
    }

    static long persons() {
        return count("SELECT COUNT(*) FROM person");
    }

    static long count(String sql) {
        return gateway.bean(JdbcTemplate.class).queryForObject(sql, Long.class);
    }

    static long audit(EventType type, String exchangeId) {
        return gateway.bean(AuditLog.class).query(AuditQuery.all().byExchange(exchangeId)).stream()
                .filter(e -> e.event().type() == type).count();
    }
}
