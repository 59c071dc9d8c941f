package org.popgate.gateway.pulls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.synthetic.CountyRow;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.SubjectHasher;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.log.LoggedEvent;
import org.popgate.audit.store.AuditQuery;
import org.popgate.audit.verify.AuditVerifier;
import org.popgate.audit.event.Actor;
import org.popgate.crypto.idnumber.IdNumbers;
import org.popgate.gateway.support.TestCounty;
import org.popgate.gateway.support.TestGateway;
import tools.jackson.databind.JsonNode;

/**
 * Approved pulls the way departments and approvers reach them: REST (HTTP Basic for people, mutual TLS for a
 * department system), packages taken off the embedded Artemis queue and opened with the department tool, receipts
 * sent back, the audit trail queried and verified. One gateway with the test county (3,000 persons), canaries on.
 */
class PullIntegrationTests {

    private static final String HEALTH = "431128.health";
    private static final String POLICE = "431128.police";
    private static final String EDUCATION = "431128.education";
    private static final String GATEWAY = "431128.popgate";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final int CANARIES = 3;

    private static TestGateway gateway;
    private static Path work;
    private static DepartmentKeyStores.Written healthKeys;
    private static DepartmentKeyStores.Written policeKeys;
    private static HttpClient policeSystem;
    private static HttpClient healthSystem;
    private static PullClient api;
    private static List<CountyRow.Person> county;

    @BeforeAll
    static void start() throws IOException {
        // Education's packages go to a drop folder that cannot be created (a file stands in its place): its pulls fail.
        Path notAFolder = Files.createTempFile("popgate-drop-", ".file");
        gateway = TestGateway.start("--popgate.demo.enabled=true",
                "--popgate.pulls.folder-members=" + EDUCATION, "--popgate.pulls.drop-dir=" + notAFolder, "--popgate.pulls.canaries.enabled=true",
                "--popgate.pulls.canaries.per-package=" + CANARIES, "--popgate.pulls.second-approval-threshold=1000",
                "--popgate.pulls.id-list-limit=50", "--popgate.pulls.daily-quota.police=40",
                "--popgate.alerts.enumeration-misses=3", "--popgate.protection.account-burst=100000",
                "--popgate.protection.member-burst=100000");
        work = Files.createTempDirectory("popgate-pulls-");
        api = new PullClient(gateway, work);
        Path demoKeys = gateway.base().resolve("keys/departments");
        healthKeys = new DepartmentKeyStores.Written(demoKeys.resolve(HEALTH + ".p12"), demoKeys.resolve(HEALTH + ".password"));
        policeSystem = gateway.memberClient(gateway.enrolMember(POLICE, "DEPARTMENT"));
        healthSystem = gateway.memberClient(gateway.enrolTls(HEALTH));
        policeKeys = gateway.bean(DepartmentKeyStores.class).issue(POLICE, work.resolve("police-keys"),
                Actor.person("test", "SYSADMIN", null));
        api.createAccount("police-requester", "REQUESTER", POLICE);
        gateway.enrolMember(EDUCATION, "DEPARTMENT");
        gateway.bean(DepartmentKeyStores.class).issue(EDUCATION, work.resolve("education-keys"),
                Actor.person("test", "SYSADMIN", null));
        api.createAccount("education-requester", "REQUESTER", EDUCATION);
        api.createAccount("approver-2", "APPROVER", null);
        county = TestCounty.persons();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    // ---- the journey

    @Test
    void aHealthPullGoesFromRequestToReceiptWithEveryStepAudited() throws Exception {
        Map<String, Object> selection = Map.of("area", "431128", "ageFrom", 0, "ageTo", 6);
        JsonNode filed = api.file("requester", Map.of("purpose", "vaccination-planning", "legalBasis", "疫苗管理法 第四十二条",
                "fields", List.of("idNumber", "gender", "birthDate", "registrationArea"), "selection", selection));
        String id = filed.get("id").asString();
        long expected = expectedRecords(0, 6);
        assertThat(filed.get("status").asString()).isEqualTo("PENDING");

        TestGateway.Response pending = gateway.send(gateway.as("approver", "/api/v1/pulls/pending").GET().build());
        JsonNode mine = find(pending.json(), id);
        assertThat(mine.get("estimatedCount").asLong()).isEqualTo(dbCount(0, 6));

        TestGateway.Response approved = api.post("approver", "/api/v1/pulls/" + id + "/approve",
                Map.of("fields", List.of("idNumber", "gender", "birthDate")));
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.json().get("status").asString()).isEqualTo("APPROVED");

        TestGateway.Response executed = api.post("requester", "/api/v1/pulls/" + id + "/execute", Map.of());
        assertThat(executed.status()).as(executed.body()).isEqualTo(200);
        assertThat(executed.json().get("status").asString()).isEqualTo("DELIVERED");
        assertThat(executed.json().get("recordCount").asLong()).isEqualTo(expected);
        assertThat(executed.json().get("canaryCount").asInt()).isEqualTo(CANARIES);

        Path opened = api.openFromQueue(HEALTH, id, healthKeys);
        List<Map<String, Object>> records = api.jsonLines(opened);
        assertThat(records).hasSize((int) expected + CANARIES);
        Set<String> realIds = county.stream().map(CountyRow.Person::idNumber).collect(Collectors.toSet());
        IdNumbers ids = IdNumbers.withShippedAreas();
        for (Map<String, Object> record : records) {
            assertThat(record.keySet()).containsExactly("idNumber", "gender", "birthDate");
            String pseudonym = (String) record.get("idNumber");
            assertThat(realIds).doesNotContain(pseudonym);
            assertThat(ids.check(pseudonym).isValid()).as("a pseudonym never passes as an ID").isFalse();
            assertThat((String) record.get("birthDate")).matches("[0-9]{4}-[0-9]{2}");
        }
        long traced = records.stream().filter(r -> gateway.bean(PullService.class)
                .traceCanary((String) r.get("idNumber")).map(t -> t[0].equals(id) && t[1].equals(HEALTH)).orElse(false))
                .count();
        assertThat(traced).isEqualTo(CANARIES);

        String receipt = Files.readString(opened.resolveSibling(opened.getFileName() + ".receipt"));
        TestGateway.Response closed = api.post("requester", "/api/v1/pulls/" + id + "/receipt", Map.of("receipt", receipt));
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        assertThat(closed.json().get("status").asString()).isEqualTo("RECEIPTED");

        AuditLog auditLog = gateway.bean(AuditLog.class);
        List<EventType> steps = auditLog.query(AuditQuery.all().byExchange(id)).stream().map(e -> e.event().type()).toList();
        assertThat(steps).containsSubsequence(EventType.EXCHANGE_REQUESTED, EventType.EXCHANGE_APPROVED,
                EventType.EXCHANGE_SELECTED, EventType.EXCHANGE_PSEUDONYMISED, EventType.EXCHANGE_PACKAGED,
                EventType.EXCHANGE_DELIVERED, EventType.EXCHANGE_RECEIPTED);
        assertThat(gateway.bean(AuditVerifier.class).fullVerification(auditLog).ok()).isTrue();

        CountyRow.Person someone = county.stream().filter(p -> selected(p, 0, 6) && ids.check(p.idNumber()).isValid())
                .findFirst().orElseThrow();
        List<LoggedEvent> aboutThem = auditLog.query(AuditQuery.all()
                .bySubject(gateway.bean(SubjectHasher.class).hash(someone.idNumber())));
        assertThat(aboutThem).anySatisfy(e -> {
            assertThat(e.event().exchangeId()).isEqualTo(id);
            assertThat(e.event().type()).isEqualTo(EventType.EXCHANGE_SELECTED);
        });

        TestGateway.Response again = api.post("requester", "/api/v1/pulls/" + id + "/execute", Map.of());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("approval_used");
    }

    @Test
    void theSamePullForPoliceAndForHealthYieldsUnlinkablePseudonyms() throws Exception {
        List<String> someIds = county.stream().filter(p -> p.cancelledAt() == null)
                .map(CountyRow.Person::idNumber).filter(i -> IdNumbers.withShippedAreas().check(i).isValid())
                .distinct().limit(10).toList();
        String health = approvedAndExecuted("requester", "vaccination-planning", someIds);
        String police = approvedAndExecuted("police-requester", "residents-of-area", someIds);
        Set<String> healthPseudonyms = pseudonyms(api.openFromQueue(HEALTH, health, healthKeys));
        Set<String> policePseudonyms = pseudonyms(api.openFromQueue(POLICE, police, policeKeys));
        assertThat(healthPseudonyms).hasSize(10 + CANARIES);
        assertThat(policePseudonyms).hasSize(10 + CANARIES);
        Set<String> shared = new HashSet<>(healthPseudonyms);
        shared.retainAll(policePseudonyms);
        assertThat(shared).isEmpty();
    }

    @Test
    void aFailedPullLeavesNoPackageAndItsFailureIsAudited() throws IOException {
        String id = approvedPull("education-requester", Map.of("purpose", "school-age-children", "legalBasis", "义务教育法",
                "fields", List.of("idNumber", "gender"), "idNumbers", List.of(living(3))));
        PullClient.assertRefused(api.post("education-requester", "/api/v1/pulls/" + id + "/execute", Map.of()), 500,
                "pull_failed");
        assertThat(api.get("education-requester", "/api/v1/pulls/" + id).json().get("status").asString())
                .isEqualTo("FAILED");
        try (var files = Files.list(gateway.base().resolve("data/pulls"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.startsWith(id));
        }
        assertThat(gateway.bean(AuditLog.class).query(AuditQuery.all().byExchange(id))).anySatisfy(e -> {
            assertThat(e.event().type()).isEqualTo(EventType.EXCHANGE_FAILED);
            assertThat(e.event().reason()).isNotBlank();
        });
        PullClient.assertRefused(api.post("education-requester", "/api/v1/pulls/" + id + "/execute", Map.of()), 409,
                "approval_used");
    }

    // ---- refusals, one by one

    @Test
    void refusesAPullWithoutApproval() {
        String id = api.file("requester", smallHealthPull()).get("id").asString();
        PullClient.assertRefused(api.post("requester", "/api/v1/pulls/" + id + "/execute", Map.of()), 409, "pull_not_approved");
    }

    @Test
    void refusesAnExpiredApproval() {
        Map<String, Object> body = new LinkedHashMap<>(smallHealthPull());
        Instant validUntil = Instant.now().plusSeconds(2);
        body.put("validUntil", validUntil.toString());
        String id = api.file("requester", body).get("id").asString();
        assertThat(api.post("approver", "/api/v1/pulls/" + id + "/approve", Map.of()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(validUntil.plusMillis(100)));
        PullClient.assertRefused(api.post("requester", "/api/v1/pulls/" + id + "/execute", Map.of()), 409, "approval_expired");
    }

    @Test
    void aRevokedStandingApprovalRefusesTheNextLookupAtOnce() {
        String id = api.file("police-requester", Map.of("purpose", "identity-verification", "legalBasis", "居民身份证法",
                "fields", List.of("idNumber", "name", "gender"), "standing", true)).get("id").asString();
        assertThat(api.post("approver", "/api/v1/pulls/" + id + "/approve", Map.of("lookupsPerDay", 100)).status())
                .isEqualTo(200);
        CountyRow.Person person = county.stream().filter(p -> p.cancelledAt() == null
                && IdNumbers.withShippedAreas().check(p.idNumber()).isValid()).findFirst().orElseThrow();
        // As people type it: lower-case x and full-width digits are normalised.
        String typed = fullWidth(person.idNumber().toLowerCase());
        TestGateway.Response found = TestGateway.send(policeSystem, HttpRequest.newBuilder(
                gateway.https("/api/v1/pulls/" + id + "/lookups")).header("Content-Type", "application/json")
                .POST(TestGateway.json(Map.of("idNumber", typed))).build());
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.json().get("found").asBoolean()).isTrue();
        assertThat(found.json().get("record").get("idNumber").asString()).isEqualTo(person.idNumber());

        assertThat(api.post("approver", "/api/v1/pulls/" + id + "/revoke", Map.of("reason", "purpose fulfilled")).status())
                .isEqualTo(200);
        TestGateway.Response refused = TestGateway.send(policeSystem, HttpRequest.newBuilder(
                gateway.https("/api/v1/pulls/" + id + "/lookups")).header("Content-Type", "application/json")
                .POST(TestGateway.json(Map.of("idNumber", person.idNumber()))).build());
        PullClient.assertRefused(refused, 409, "approval_revoked");
    }

    @Test
    void aRequesterCannotApproveTheirOwnPull() {
        api.createAccount("requester-turned-approver", "REQUESTER", HEALTH);
        String id = api.file("requester-turned-approver", smallHealthPull()).get("id").asString();
        JsonNode account = find(gateway.send(gateway.as("security-admin", "/api/v1/accounts").GET().build()).json(),
                "requester-turned-approver", "username");
        TestGateway.Response changed = gateway.send(gateway.as("security-admin", "/api/v1/accounts/"
                + account.get("id").asLong() + "/role").header("Content-Type", "application/json")
                .PUT(TestGateway.json(Map.of("role", "APPROVER"))).build());
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        PullClient.assertRefused(api.post("requester-turned-approver", "/api/v1/pulls/" + id + "/approve", Map.of()), 403, "self_approval");
    }

    @Test
    void refusesAPullOverTheDepartmentsDailyQuota() {
        String id = api.file("police-requester", Map.of("purpose", "residents-of-area", "legalBasis", "户口登记条例",
                "fields", List.of("idNumber", "gender"), "selection", Map.of("area", "431128", "ageFrom", 0, "ageTo", 6)))
                .get("id").asString();
        assertThat(api.post("approver", "/api/v1/pulls/" + id + "/approve", Map.of()).status()).isEqualTo(200);
        TestGateway.Response refused = api.post("police-requester", "/api/v1/pulls/" + id + "/execute", Map.of());
        PullClient.assertRefused(refused, 429, "over_quota");
        assertThat(refused.header("Retry-After")).isNotNull();
    }

    @Test
    void refusesAFieldThatIsNotShareable() {
        Map<String, Object> body = new LinkedHashMap<>(smallHealthPull());
        body.put("fields", List.of("idNumber", "name"));
        PullClient.assertRefused(api.post("requester", "/api/v1/pulls", body), 422, "field_not_shareable");
        body.put("fields", List.of("idNumber", "shoeSize"));
        PullClient.assertRefused(api.post("requester", "/api/v1/pulls", body), 400, "unknown_field");
        body.put("purpose", "marketing");
        PullClient.assertRefused(api.post("requester", "/api/v1/pulls", body), 422, "purpose_not_in_catalogue");
    }

    @Test
    void refusesAnotherDepartmentsCertificate() {
        String id = approvedPull("requester", smallHealthPull());
        TestGateway.Response asPolice = TestGateway.send(policeSystem, HttpRequest.newBuilder(
                gateway.https("/api/v1/pulls/" + id + "/execute")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        PullClient.assertRefused(asPolice, 403, "access_denied");
        TestGateway.Response asHealth = TestGateway.send(healthSystem, HttpRequest.newBuilder(
                gateway.https("/api/v1/pulls/" + id + "/execute")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(asHealth.status()).as(asHealth.body()).isEqualTo(200);
        assertThat(asHealth.json().get("status").asString()).isEqualTo("DELIVERED");
    }

    @Test
    void refusesBadSelectionsAndIdListsSayingWhichAndWhy() {
        Map<String, Object> body = new LinkedHashMap<>(smallHealthPull());
        body.remove("idNumbers");
        body.put("selection", Map.of("area", "43x1", "ageFrom", 3));
        PullClient.assertRefused(api.post("requester", "/api/v1/pulls", body), 400, "invalid_selection");
        body.put("selection", Map.of("area", "431128", "ageFrom", 149, "ageTo", 150));
        PullClient.assertRefused(api.post("requester", "/api/v1/pulls", body), 422, "selection_empty");

        body.remove("selection");
        String valid = county.stream().filter(p -> p.cancelledAt() == null && p.birthDate().getYear() < 2000
                && IdNumbers.withShippedAreas().check(p.idNumber()).isValid()).findFirst().orElseThrow().idNumber();
        String legacy = valid.substring(0, 6) + valid.substring(8, 17);
        body.put("idNumbers", List.of(valid.toLowerCase(), "12345", valid.substring(0, 17) + wrongCheck(valid), legacy));
        TestGateway.Response refused = api.post("requester", "/api/v1/pulls", body);
        PullClient.assertRefused(refused, 400, "invalid_id_numbers");
        assertThat(refused.body()).doesNotContain(valid.substring(0, 17));
        JsonNode invalid = refused.json().get("invalid");
        assertThat(invalid).hasSize(2);
        assertThat(invalid.get(0).get("index").asInt()).isEqualTo(1);
        assertThat(invalid.get(0).get("code").asString()).isEqualTo("id_bad_length");
        assertThat(invalid.get(1).get("index").asInt()).isEqualTo(2);
        assertThat(invalid.get(1).get("code").asString()).isEqualTo("id_bad_check_character");

        List<String> tooMany = county.stream().limit(51).map(CountyRow.Person::idNumber).toList();
        body.put("idNumbers", tooMany);
        PullClient.assertRefused(api.post("requester", "/api/v1/pulls", body), 400, "id_list_too_large");
    }

    @Test
    void aPullOverTheThresholdNeedsASecondDifferentApprover() {
        String id = api.file("requester", Map.of("purpose", "statistics", "legalBasis", "统计法", "fields",
                List.of("gender", "birthDate"), "selection", Map.of("area", "431128"))).get("id").asString();
        // Only unconditional fields: the catalogue itself approved it.
        assertThat(api.get("requester", "/api/v1/pulls/" + id).json().get("status").asString()).isEqualTo("APPROVED");

        String big = api.file("requester", Map.of("purpose", "vaccination-planning", "legalBasis", "疫苗管理法",
                "fields", List.of("idNumber", "gender"), "selection", Map.of("area", "431128"))).get("id").asString();
        TestGateway.Response first = api.post("approver", "/api/v1/pulls/" + big + "/approve", Map.of());
        assertThat(first.json().get("status").asString()).isEqualTo("AWAITING_SECOND_APPROVAL");
        PullClient.assertRefused(api.post("requester", "/api/v1/pulls/" + big + "/execute", Map.of()), 409, "pull_not_approved");
        PullClient.assertRefused(api.post("approver", "/api/v1/pulls/" + big + "/approve", Map.of()), 403, "same_approver");
        TestGateway.Response second = api.post("approver-2", "/api/v1/pulls/" + big + "/approve", Map.of());
        assertThat(second.json().get("status").asString()).isEqualTo("APPROVED");
        assertThat(second.json().get("secondApprover").asString()).isEqualTo("approver-2");
        TestGateway.Response rejected = api.post("approver", "/api/v1/pulls/" + api.file("requester", smallHealthPull())
                .get("id").asString() + "/reject", Map.of("reason", "purpose not shown"));
        assertThat(rejected.json().get("status").asString()).isEqualTo("REJECTED");
    }

    @Test
    void aLostPackageIsRedeliveredAndAnUnfetchedOneWithdrawn() throws Exception {
        String id = approvedAndExecuted("requester", "vaccination-planning", List.of(living(5), living(6)));
        byte[] first = api.takeFromQueue(HEALTH, id);
        assertThat(api.post("requester", "/api/v1/pulls/" + id + "/redeliver", Map.of()).status()).isEqualTo(200);
        assertThat(api.takeFromQueue(HEALTH, id)).isEqualTo(first);
        List<EventType> delivered = gateway.bean(AuditLog.class).query(AuditQuery.all().byExchange(id)
                .ofTypes(EnumSet.of(EventType.EXCHANGE_DELIVERED))).stream().map(e -> e.event().type()).toList();
        assertThat(delivered).hasSize(2);

        String unfetched = approvedAndExecuted("requester", "vaccination-planning", List.of(living(7)));
        TestGateway.Response withdrawn = api.post("approver", "/api/v1/pulls/" + unfetched + "/withdraw",
                Map.of("reason", "sent to the wrong office"));
        assertThat(withdrawn.json().get("status").asString()).isEqualTo("WITHDRAWN");
        assertThat(api.receive(HEALTH, unfetched, 500)).isNull();
        assertThat(gateway.bean(AuditLog.class).query(AuditQuery.all().byExchange(unfetched)))
                .anySatisfy(e -> assertThat(e.event().type()).isEqualTo(EventType.EXCHANGE_WITHDRAWN));
    }

    @Test
    void lookupsForIdsThatMatchNobodyRaiseAnEnumerationAlert() {
        String id = api.file("requester", Map.of("purpose", "maternal-care", "legalBasis", "母婴保健法",
                "fields", List.of("idNumber", "gender"), "standing", true)).get("id").asString();
        assertThat(api.post("approver", "/api/v1/pulls/" + id + "/approve", Map.of("lookupsPerDay", 5)).status())
                .isEqualTo(200);
        List<UUID> lookupIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String nobody = IdNumbers.compose("431128", LocalDate.of(1901, 1, 1 + i), 1);
            TestGateway.Response r = TestGateway.send(healthSystem, HttpRequest.newBuilder(
                    gateway.https("/api/v1/pulls/" + id + "/lookups")).header("Content-Type", "application/json")
                    .POST(TestGateway.json(Map.of("idNumber", nobody))).build());
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("found").asBoolean()).isFalse();
            lookupIds.add(UUID.fromString(r.json().get("lookupId").asString()));
        }
        // the gateway's ids are time-ordered (UUID version 7): each lookup's id is stamped no earlier than the last's
        assertThat(UUID.fromString(id).version()).isEqualTo(7);
        assertThat(lookupIds).allSatisfy(u -> assertThat(u.version()).isEqualTo(7)).doesNotHaveDuplicates();
        assertThat(lookupIds.stream().map(u -> u.getMostSignificantBits() >>> 16).toList()).isSorted();
        PullClient.assertRefused(TestGateway.send(healthSystem, HttpRequest.newBuilder(
                gateway.https("/api/v1/pulls/" + id + "/lookups")).header("Content-Type", "application/json")
                .POST(TestGateway.json(Map.of("idNumber", living(0)))).build()), 429, "lookup_quota_exhausted");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(gateway.send(
                gateway.as("security-officer", "/api/v1/alerts").GET().build()).body()).contains("id_enumeration"));
    }

    @Test
    void twoGatewayInstancesOnOneDatabaseShareTheLookupQuotaExactly() throws Exception {
        String id = api.file("requester", Map.of("purpose", "maternal-care", "legalBasis", "母婴保健法",
                "fields", List.of("idNumber", "gender"), "standing", true)).get("id").asString();
        assertThat(api.post("approver", "/api/v1/pulls/" + id + "/approve", Map.of("lookupsPerDay", 150)).status())
                .isEqualTo(200);
        LookupQuotaRace.run(gateway, healthSystem, id, 150, IntStream.range(0, 20).mapToObj(i -> living(i)).toList());
    }

    // ---- helpers

    /** The ID number of the {@code i}-th current person of the test county whose ID number is valid. */
    private static String living(int i) {
        IdNumbers ids = IdNumbers.withShippedAreas();
        return county.stream().filter(p -> p.cancelledAt() == null && ids.check(p.idNumber()).isValid())
                .skip(i).findFirst().orElseThrow().idNumber();
    }

    private static Map<String, Object> smallHealthPull() {
        return Map.of("purpose", "vaccination-planning", "legalBasis", "疫苗管理法", "fields", List.of("idNumber", "gender"),
                "idNumbers", List.of(living(1), living(2)));
    }

    private static String approvedPull(String requester, Map<String, Object> body) {
        String id = api.file(requester, body).get("id").asString();
        TestGateway.Response approved = api.post("approver", "/api/v1/pulls/" + id + "/approve", Map.of());
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        return id;
    }

    private static String approvedAndExecuted(String requester, String purpose, List<String> idNumbers) {
        String id = approvedPull(requester, Map.of("purpose", purpose, "legalBasis", "test", "fields",
                List.of("idNumber", "gender"), "idNumbers", idNumbers));
        TestGateway.Response executed = api.post(requester, "/api/v1/pulls/" + id + "/execute", Map.of());
        assertThat(executed.status()).as(executed.body()).isEqualTo(200);
        return id;
    }

    private static JsonNode find(JsonNode list, String id) {
        return find(list, id, "id");
    }

    private static JsonNode find(JsonNode list, String value, String field) {
        for (JsonNode node : list) {
            if (node.get(field).asString().equals(value)) {
                return node;
            }
        }
        throw new AssertionError("not listed");
    }

    /** Persons of the test county, regenerated from its seed (not read back from the gateway), the pull selects. */
    private static boolean selected(CountyRow.Person p, int ageFrom, int ageTo) {
        LocalDate today = LocalDate.now(ZONE);
        LocalDate bornTo = today.minusYears(ageFrom);
        LocalDate bornFrom = today.minusYears(ageTo + 1L).plusDays(1);
        return p.cancelledAt() == null && p.registrationArea().startsWith("431128")
                && !p.birthDate().isBefore(bornFrom) && !p.birthDate().isAfter(bornTo);
    }

    private static long dbCount(int ageFrom, int ageTo) {
        return county.stream().filter(p -> selected(p, ageFrom, ageTo)).count();
    }

    /** What the package must hold: the selection minus records whose ID fails validation (withheld, not pseudonymised). */
    private static long expectedRecords(int ageFrom, int ageTo) {
        IdNumbers ids = IdNumbers.withShippedAreas();
        return county.stream().filter(p -> selected(p, ageFrom, ageTo) && ids.check(p.idNumber()).isValid()).count();
    }

    private static Set<String> pseudonyms(Path opened) {
        return api.jsonLines(opened).stream().map(r -> (String) r.get("idNumber")).collect(Collectors.toSet());
    }

    private static String fullWidth(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c >= '0' && c <= '9' ? (char) ('\uFF10' + (c - '0')) : c);
        }
        return out.toString();
    }

    private static char wrongCheck(String id) {
        return id.charAt(17) == '1' ? '2' : '1';
    }
}
