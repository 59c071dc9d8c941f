package org.popgate.gateway.migrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.migrant.MessageType;
import org.popgate.adapters.synthetic.CountyRow;
import org.popgate.audit.event.EventType;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.store.AuditQuery;
import org.popgate.crypto.idnumber.IdNumbers;
import org.popgate.gateway.support.ByteSearch;
import org.popgate.gateway.support.TestCounty;
import org.popgate.gateway.support.TestGateway;
import org.springframework.jms.core.JmsTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The migrant journey on the embedded defaults (H2, embedded persistent Artemis), through the REST API as the
 * offices' staff reach it: a destination office records a visit, the origin office receives it exactly once and
 * answers; deadlines move with a test clock; bad deliveries go to the dead-letter queue with their reason.
 */
class MigrantArtemisIntegrationTests {

    static final String ORIGIN = "431128.migrant-office";
    static final String DESTINATION = "440305.migrant-office";
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static TestGateway gateway;
    private static List<CountyRow.Person> residents;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("--popgate.demo.enabled=true", "--popgate.migrant.max-message-bytes=65536",
                "--popgate.migrant.deadline-check=1h", "--popgate.alerts.off-hours=false",
                // Small packages, so a bulk upload of a few visits already spans more than one package.
                "--popgate.migrant.max-package-records=2");
        residents = TestCounty.persons().stream().filter(p -> p.cancelReason() == null).toList();
        setToday(LocalDate.of(2025, 9, 26));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    static void setToday(LocalDate day) {
        gateway.bean(MigrantClock.class).set(Clock.fixed(day.atTime(10, 0).atZone(ZONE).toInstant(), ZONE));
    }

    static TestGateway.Response post(String user, String path, Object body) {
        return gateway.send(gateway.as(user, path).header("Content-Type", "application/json")
                .POST(TestGateway.json(body)).build());
    }

    static TestGateway.Response get(String user, String path) {
        return gateway.send(gateway.as(user, path).GET().build());
    }

    static String visit(CountyRow.Person person, Map<String, String> fields) {
        TestGateway.Response sent = post("destination-office-user", "/api/v1/migrant/offices/" + DESTINATION + "/visits",
                Map.of("idNumber", person.idNumber(), "registrationArea", person.registrationArea(),
                        "service", "CERTIFICATE_CHECK", "fields", fields));
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        assertThat(sent.json().get("recipient").asString()).isEqualTo(ORIGIN);
        return sent.json().get("businessKey").asString();
    }

    /** A bulk upload's visits: a 三查 result with {@code fields} for each person. */
    static List<Object> threeChecks(List<CountyRow.Person> people, Map<String, String> fields) {
        List<Object> visits = new ArrayList<>();
        for (CountyRow.Person p : people) {
            visits.add(Map.of("idNumber", p.idNumber(), "registrationArea", p.registrationArea(), "service", "THREE_CHECKS",
                    "fields", fields));
        }
        return visits;
    }

    static JsonNode awaitInbox(String key) {
        return await().atMost(Duration.ofSeconds(20)).until(
                () -> get("office-user", "/api/v1/migrant/offices/" + ORIGIN + "/messages/" + key),
                r -> r.status() == 200).json();
    }

    @Test
    void aVisitReachesTheOriginOfficeDecryptedOnlyThereAndFeedbackReturns() {
        CountyRow.Person person = residents.get(10);
        Map<String, String> fields = new HashMap<>(Map.of("visitDate", "2025-09-26", "certificateValid", "true",
                "certificateNumber", "HY-2025-0042"));
        fields.put("name", person.name());
        fields.put("contraceptionMethod", "IUD");
        String key = visit(person, fields);

        JsonNode received = awaitInbox(key);
        assertThat(received.get("idNumber").asString()).isEqualTo(person.idNumber());
        // Minimised: the certificate check's fields only, the name and other services' fields dropped.
        assertThat(received.get("fields").propertyNames()).containsExactlyInAnyOrder("service", "visitDate",
                "certificateValid", "certificateNumber");
        assertThat(received.get("summary").get("dueOn").asString()).isEqualTo("2025-09-30");

        // The destination office sees its own sent copy, not the origin's inbox; the origin's staff only their office.
        assertThat(get("destination-office-user", "/api/v1/migrant/offices/" + DESTINATION + "/messages?box=in").json())
                .noneMatch(m -> m.get("businessKey").asString().equals(key));
        assertThat(get("office-user", "/api/v1/migrant/offices/" + DESTINATION + "/messages/" + key).code())
                .isEqualTo("access_denied");

        TestGateway.Response answered = post("office-user", "/api/v1/migrant/offices/" + ORIGIN + "/messages/" + key
                + "/feedback", Map.of("fields", Map.of("answer", "certificate confirmed", "certificateValid", "true")));
        assertThat(answered.status()).as(answered.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> get("destination-office-user",
                "/api/v1/migrant/offices/" + DESTINATION + "/messages/" + key).json().get("summary").get("status").asString(),
                "ANSWERED"::equals);
        AuditLog audit = gateway.bean(AuditLog.class);
        assertThat(audit.query(AuditQuery.all().ofTypes(java.util.Set.of(EventType.MIGRANT_MESSAGE_SENT,
                EventType.MIGRANT_MESSAGE_RECEIVED, EventType.MIGRANT_MESSAGE_ANSWERED))).stream()
                .filter(e -> key.equals(e.event().exchangeId())).map(e -> e.event().type()))
                .contains(EventType.MIGRANT_MESSAGE_SENT, EventType.MIGRANT_MESSAGE_RECEIVED, EventType.MIGRANT_MESSAGE_ANSWERED);
    }

    @Test
    void onTheBrokerThePackageIsCiphertextAndOnlyTheOriginKeyOpensIt() throws Exception {
        CamelContext camel = gateway.bean(CamelContext.class);
        String route = MigrantInboundRoutes.ROUTE_PREFIX + ORIGIN;
        gateway.bean(OfficeKeys.class).hosted(ORIGIN);
        await().until(() -> camel.getRoute(route) != null);
        camel.getRouteController().stopRoute(route);
        CountyRow.Person person = residents.get(11);
        String key;
        List<byte[]> onBroker = new ArrayList<>();
        try {
            key = visit(person, Map.of("visitDate", "2025-09-26", "certificateValid", "false"));
            gateway.bean(JmsTemplate.class).browse(ArtemisMigrantTransport.queue(ORIGIN), (session, browser) -> {
                var e = browser.getEnumeration();
                while (e.hasMoreElements()) {
                    jakarta.jms.BytesMessage m = (jakarta.jms.BytesMessage) e.nextElement();
                    byte[] b = new byte[(int) m.getBodyLength()];
                    m.readBytes(b);
                    onBroker.add(b);
                }
                return null;
            });
        } finally {
            camel.getRouteController().startRoute(route);
        }
        assertThat(onBroker).isNotEmpty();
        for (byte[] b : onBroker) {
            assertThat(ByteSearch.occurring(b, List.of(person.idNumber().getBytes(StandardCharsets.UTF_8),
                    person.name().getBytes(StandardCharsets.UTF_8)))).isEmpty();
        }
        OfficeKeys keys = gateway.bean(OfficeKeys.class);
        byte[] last = onBroker.get(onBroker.size() - 1);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> MigrantPackages.open(last, "x",
                keys.hosted(DESTINATION).orElseThrow(), keys.trust(), gateway.base().resolve("data"), Clock.systemUTC())))
                .hasMessageContaining("not addressed");
        awaitInbox(key);
    }

    @Test
    void deadlinesFollowTheWorkingDayCalendarAndRaiseOverdueAndEscalationAlerts() {
        setToday(LocalDate.of(2025, 9, 26));
        CountyRow.Person person = residents.get(12);
        String key = visit(person, Map.of("visitDate", "2025-09-26"));
        awaitInbox(key);
        String deadlines = "/api/v1/migrant/offices/" + ORIGIN + "/deadlines";

        setToday(LocalDate.of(2025, 9, 27));   // Saturday: not due soon yet
        assertThat(statusOf(deadlines, key)).isNull();
        setToday(LocalDate.of(2025, 9, 29));   // after the make-up working day of Sunday 28th: one day left
        assertThat(statusOf(deadlines, key)).isEqualTo("DUE_SOON");
        setToday(LocalDate.of(2025, 10, 1));   // National Day: the deadline (30 Sept) has passed
        assertThat(statusOf(deadlines, key)).isEqualTo("OVERDUE");
        MigrantDeadlines watch = gateway.bean(MigrantDeadlines.class);
        assertThat(watch.check()).isPositive();
        assertThat(watch.check()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts("migrant_overdue", "member:" + ORIGIN, key));
        setToday(LocalDate.of(2025, 10, 9));   // first working day after the holiday: not escalated yet
        assertThat(statusOf(deadlines, key)).isEqualTo("OVERDUE");
        setToday(LocalDate.of(2025, 10, 10));  // second working day after the deadline: escalated to the county
        assertThat(statusOf(deadlines, key)).isEqualTo("ESCALATED");
        watch.check();
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts("migrant_escalated", "member:431128.population-office", key));
        setToday(LocalDate.of(2025, 9, 26));
    }

    private static String statusOf(String path, String key) {
        for (JsonNode m : get("office-user", path).json()) {
            if (m.get("businessKey").asString().equals(key)) {
                return m.get("deadlineStatus").asString();
            }
        }
        return null;
    }

    private static boolean alerts(String rule, String subject, String key) {
        for (JsonNode a : get("security-officer", "/api/v1/alerts").json()) {
            if (a.get("rule").asString().equals(rule) && a.get("subject").asString().equals(subject)
                    && a.get("detail").asString().contains(key)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aSenderAmendsAndWithdrawsWhatItSent() {
        CountyRow.Person person = residents.get(13);
        String key = visit(person, Map.of("visitDate", "2025-09-26", "certificateValid", "false"));
        awaitInbox(key);
        TestGateway.Response amended = post("destination-office-user", "/api/v1/migrant/offices/" + DESTINATION
                + "/messages/" + key + "/amendment", Map.of("fields", Map.of("visitDate", "2025-09-25",
                "certificateValid", "true")));
        assertThat(amended.status()).as(amended.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> awaitInbox(key).get("fields").get("certificateValid").asString(),
                "true"::equals);
        assertThat(post("destination-office-user", "/api/v1/migrant/offices/" + DESTINATION + "/messages/" + key
                + "/withdrawal", Map.of()).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> awaitInbox(key).get("summary").get("status").asString(),
                "WITHDRAWN"::equals);
        // Both the record and its correction stay in the audit trail.
        assertThat(gateway.bean(AuditLog.class).query(AuditQuery.all().ofTypes(java.util.Set.of(EventType.MIGRANT_MESSAGE_SENT)))
                .stream().filter(e -> e.event().operation().startsWith("amendment") || e.event().operation().startsWith("withdrawal")
                        || key.equals(e.event().exchangeId()))).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aQueryGoesToTheOriginAndItsTypeSetsTheDeadline() {
        setToday(LocalDate.of(2025, 9, 26));
        CountyRow.Person person = residents.get(14);
        TestGateway.Response sent = post("destination-office-user", "/api/v1/migrant/offices/" + DESTINATION + "/queries",
                Map.of("idNumber", person.idNumber(), "registrationArea", person.registrationArea(),
                        "type", MessageType.CERTIFICATE_QUERY.name(), "fields", Map.of("question", "婚育证明是否有效?")));
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        JsonNode received = awaitInbox(sent.json().get("businessKey").asString());
        // 7 working days from Friday 26 Sept: 28, 29, 30 Sept, then 9, 10, 11 (make-up Saturday), 13 Oct.
        assertThat(received.get("summary").get("dueOn").asString()).isEqualTo("2025-10-13");
    }

    @Test
    void aBulkUploadSendsEachGoodVisitInSharedPackagesAndRefusesEachBadOneWithItsCode() {
        List<CountyRow.Person> people = residents.subList(40, 43);
        List<Object> visits = threeChecks(people, Map.of("visitDate", "2025-09-26", "pregnancyCheck", "NORMAL"));
        CountyRow.Person other = residents.get(43);
        visits.add(1, Map.of("idNumber", "43112819900101123", "registrationArea", "431128", "service", "BIRTH",
                "fields", Map.of()));
        visits.add(3, Map.of("idNumber", other.idNumber(), "registrationArea", "990101", "service", "BIRTH",
                "fields", Map.of()));
        visits.add(Map.of("idNumber", other.idNumber(), "registrationArea", other.registrationArea(), "fields", Map.of()));

        TestGateway.Response result = post("destination-office-user",
                "/api/v1/migrant/offices/" + DESTINATION + "/visits/bulk", Map.of("visits", visits));
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(result.body()).doesNotContain(other.idNumber()).doesNotContain(people.get(0).idNumber());
        JsonNode body = result.json();
        assertThat(body.get("sent").asInt()).isEqualTo(3);
        assertThat(body.get("refused").asInt()).isEqualTo(3);
        List<String> codes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (JsonNode o : body.get("outcomes")) {
            assertThat(o.get("index").asInt()).isEqualTo(codes.size());
            codes.add(o.get("code").isNull() ? null : o.get("code").asString());
            if (o.get("code").isNull()) {
                assertThat(o.get("recipient").asString()).isEqualTo(ORIGIN);
                keys.add(o.get("businessKey").asString());
            }
        }
        assertThat(codes).containsExactly(null, "validation_failed", null, "unknown_office", null, "validation_failed");

        // Every good visit arrives once, with its own key; with at most 2 per package they travelled in 2 packages.
        for (String key : keys) {
            assertThat(awaitInbox(key).get("summary").get("status").asString()).isEqualTo("OPEN");
        }
        MigrantStore store = gateway.bean(MigrantStore.class);
        List<String> packages = keys.stream()
                .map(k -> store.find(k, MigrantStore.Direction.OUT).orElseThrow().packageId()).toList();
        assertThat(packages.get(0)).isEqualTo(packages.get(1));
        assertThat(packages.get(2)).isNotEqualTo(packages.get(0));
        assertThat(store.existing(keys, MigrantStore.Direction.IN)).containsExactlyInAnyOrderElementsOf(keys);

        // Another office's staff cannot upload for this office; an upload over the limit is refused whole.
        assertThat(post("office-user", "/api/v1/migrant/offices/" + DESTINATION + "/visits/bulk", Map.of("visits", visits))
                .code()).isEqualTo("access_denied");
        List<Object> tooMany = java.util.Collections.nCopies(1001, Map.of("service", "BIRTH"));
        TestGateway.Response refused = post("destination-office-user",
                "/api/v1/migrant/offices/" + DESTINATION + "/visits/bulk", Map.of("visits", tooMany));
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.code()).isEqualTo("payload_too_large");
        assertThat(post("destination-office-user", "/api/v1/migrant/offices/" + DESTINATION + "/visits/bulk",
                Map.of("visits", List.of())).code()).isEqualTo("validation_failed");
    }

    @Test
    void theOfficesOwnCaseSystemUploadsVisitsWithItsTlsCertificateAndNoOtherSystemMay() {
        List<Object> visits = threeChecks(residents.subList(44, 47), Map.of("visitDate", "2025-09-26", "iudCheck", "NORMAL"));
        java.net.http.HttpClient system = gateway.memberClient(gateway.enrolTls(DESTINATION));
        TestGateway.Response result = TestGateway.send(system, java.net.http.HttpRequest.newBuilder(
                        gateway.https("/api/v1/migrant/offices/" + DESTINATION + "/visits/bulk"))
                .header("Content-Type", "application/json").POST(TestGateway.json(Map.of("visits", visits))).build());
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(result.json().get("sent").asInt()).isEqualTo(3);
        List<String> keys = new ArrayList<>();
        result.json().get("outcomes").forEach(o -> keys.add(o.get("businessKey").asString()));
        for (String key : keys) {
            assertThat(awaitInbox(key).get("summary").get("status").asString()).isEqualTo("OPEN");
        }
        // Audited as the office's system (its certificate), not as a person.
        String packageId = gateway.bean(MigrantStore.class).find(keys.get(0), MigrantStore.Direction.OUT).orElseThrow()
                .packageId();
        assertThat(gateway.bean(AuditLog.class).query(AuditQuery.all().byExchange(packageId)
                        .ofTypes(java.util.Set.of(EventType.MIGRANT_MESSAGE_SENT))))
                .singleElement().satisfies(e -> {
                    assertThat(e.event().actor().member()).isEqualTo(DESTINATION);
                    assertThat(e.event().actor().person()).isNull();
                });

        // The origin office's system cannot upload as the destination office.
        java.net.http.HttpClient otherSystem = gateway.memberClient(gateway.enrolTls(ORIGIN));
        assertThat(TestGateway.send(otherSystem, java.net.http.HttpRequest.newBuilder(
                        gateway.https("/api/v1/migrant/offices/" + DESTINATION + "/visits/bulk"))
                .header("Content-Type", "application/json").POST(TestGateway.json(Map.of("visits", visits))).build())
                .code()).isEqualTo("access_denied");
    }

    @Test
    void anUnknownOfficeIsRefusedWithAClearCode() {
        CountyRow.Person person = residents.get(15);
        TestGateway.Response refused = post("destination-office-user", "/api/v1/migrant/offices/" + DESTINATION + "/visits",
                Map.of("idNumber", person.idNumber(), "registrationArea", "990101", "service", "BIRTH", "fields", Map.of()));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("unknown_office");
        assertThat(refused.body()).doesNotContain(person.idNumber());
    }

    @Test
    void badDeliveriesGoToTheDeadLetterQueueWithTheirReasonAndNothingIsLost() {
        OfficeKeys keys = gateway.bean(OfficeKeys.class);
        OfficeKeys.Office destination = keys.hosted(DESTINATION).orElseThrow();
        OfficeKeys.Office origin = keys.hosted(ORIGIN).orElseThrow();
        JmsTemplate jms = gateway.bean(JmsTemplate.class);
        MigrantStore store = gateway.bean(MigrantStore.class);
        long before = store.tally(ORIGIN);

        // A person not registered at the origin (a valid ID number the county does not hold).
        String stranger = IdNumbers.compose("431128", LocalDate.of(1990, 1, 1), 999);
        String notRegistered = deliver(jms, destination, origin, message(stranger, UUID.randomUUID().toString()));
        // A bad signature: the destination's certificate, another key.
        OfficeKeys.Office forger = new OfficeKeys.Office(DESTINATION, TestGateway.p256().getPrivate(),
                destination.signingCertificate(), null, null);
        String badSignature = deliver(jms, forger, origin, message(residents.get(20).idNumber(), UUID.randomUUID().toString()));
        // A replay: a business key already applied, in a new package.
        MigrantMessage first = message(residents.get(21).idNumber(), UUID.randomUUID().toString());
        deliver(jms, destination, origin, first);
        await().atMost(Duration.ofSeconds(20)).until(() -> store.exists(first.businessKey(), MigrantStore.Direction.IN));
        String replay = deliver(jms, destination, origin, first);
        // An oversized package.
        String oversized = UUID.randomUUID().toString();
        jms.send(ArtemisMigrantTransport.queue(ORIGIN), s -> {
            jakarta.jms.BytesMessage m = s.createBytesMessage();
            m.writeBytes(new byte[70_000]);
            m.setStringProperty(ArtemisMigrantTransport.PACKAGE_ID, oversized);
            return m;
        });

        Map<String, String> expected = Map.of(notRegistered, "migrant_person_not_registered",
                badSignature, "crypto_bad_signature", replay, "migrant_replayed_message", oversized, "migrant_message_too_large");
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterReasons().entrySet().containsAll(expected.entrySet()));
        assertThat(store.tally(ORIGIN)).isEqualTo(before + 1);

        // Replaying keeps failing while the cause stands, and the letter stays with its new state.
        JsonNode letter = deadLetters().stream().filter(l -> l.get("packageId").asString().equals(notRegistered))
                .findFirst().orElseThrow();
        TestGateway.Response replayed = post("sysadmin", "/api/v1/migrant/dead-letters/" + letter.get("id").asLong()
                + "/replay", Map.of());
        assertThat(replayed.json().get("result").asString()).isEqualTo("dead_lettered");
        assertThat(deadLetters()).anyMatch(l -> l.get("id").asLong() == letter.get("id").asLong()
                && l.get("status").asString().equals("FAILED_AGAIN"));
        assertThat(get("office-user", "/api/v1/migrant/dead-letters").code()).isEqualTo("access_denied");
    }

    @Test
    void aRedeliveredPackageHasNoSecondEffect() {
        OfficeKeys keys = gateway.bean(OfficeKeys.class);
        MigrantStore store = gateway.bean(MigrantStore.class);
        MigrantReceiver receiver = gateway.bean(MigrantReceiver.class);
        MigrantMessage m = message(residents.get(30).idNumber(), UUID.randomUUID().toString());
        MigrantPackages.Sealed sealed = MigrantPackages.seal(UUID.randomUUID().toString(), keys.hosted(DESTINATION).orElseThrow(),
                ORIGIN, keys.hosted(ORIGIN).orElseThrow().encryptionCertificate(), List.of(m), gateway.bean(MigrantClock.class).now());
        long before = store.tally(ORIGIN);
        MigrantReceiver.Delivery delivery = new MigrantReceiver.Delivery("test", ORIGIN, sealed.packageId(), sealed.bytes());
        assertThat(receiver.receive(delivery)).isEqualTo(MigrantReceiver.Result.APPLIED);
        assertThat(receiver.receive(delivery)).isEqualTo(MigrantReceiver.Result.DUPLICATE);
        assertThat(store.tally(ORIGIN)).isEqualTo(before + 1);
    }

    private static MigrantMessage message(String idNumber, String key) {
        return new MigrantMessage(key, MigrantMessage.Kind.RECORD, MessageType.VISIT_RECORD, DESTINATION, ORIGIN, null,
                idNumber, "431128", Map.of("service", "BIRTH", "visitDate", "2025-09-26"),
                gateway.bean(MigrantClock.class).now());
    }

    private static String deliver(JmsTemplate jms, OfficeKeys.Office sender, OfficeKeys.Office recipient, MigrantMessage m) {
        MigrantPackages.Sealed sealed = MigrantPackages.seal(UUID.randomUUID().toString(), sender, recipient.name(),
                recipient.encryptionCertificate(), List.of(m), gateway.bean(MigrantClock.class).now());
        new ArtemisMigrantTransport(jms).send(sealed, "k");
        return sealed.packageId();
    }

    private static List<JsonNode> deadLetters() {
        List<JsonNode> list = new ArrayList<>();
        get("sysadmin", "/api/v1/migrant/dead-letters").json().forEach(list::add);
        return list;
    }

    private static Map<String, String> deadLetterReasons() {
        Map<String, String> reasons = new HashMap<>();
        deadLetters().forEach(l -> reasons.put(l.get("packageId").asString(), l.get("reason").asString()));
        return reasons;
    }
}
