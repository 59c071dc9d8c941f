package org.popgate.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.popgate.adapters.synthetic.CountyRow;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.event.SubjectHash;
import org.popgate.audit.event.SubjectHasher;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.log.LoggedEvent;
import org.popgate.audit.store.AuditQuery;
import org.popgate.crypto.idnumber.IdNumbers;
import org.popgate.gateway.alerts.AlertDesk;
import org.popgate.gateway.support.Browser;
import org.popgate.gateway.support.ConsoleSession;
import org.popgate.gateway.support.TestCounty;
import org.popgate.gateway.support.TestGateway;
import org.popgate.tools.verify.VerifyCommand;
import tools.jackson.databind.JsonNode;

/**
 * The console in a real headless Chromium against a running gateway: a security officer finds every access to one
 * person (a bulk pull that contained them, executed through the API, included) and downloads evidence the offline verifier accepts; an
 * alert is acknowledged with a comment; a requester and a system administrator cannot open the audit pages; and
 * the web hygiene (headers, CSRF, languages, nothing personal in URLs or titles) holds where a browser meets it.
 */
class ConsoleBrowserIntegrationTests {

    private static final String OFFICER = "security-officer";

    private static TestGateway gateway;
    private static Browser browser;
    private static CountyRow.Person target;
    private static String bulkId;
    private static String bulkApproval;
    private static long bulkRecords;
    private static long bulkSeq;
    private static long singleSeq;
    private static long unrelatedSeq;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("--popgate.demo.enabled=true", "--popgate.audit.checkpoint-interval=1h");
        browser = Browser.start();
        recordExchanges();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        gateway.close();
    }

    /**
     * Exchanges as people make them over the API: a requester files a bulk pull of the under-sevens (the target
     * among them), the approver approves it and the requester executes it; a standing approval under which the
     * target alone is looked up; a bulk pull of persons aged 30 to 40 (without the target); and, through the audit
     * API, a few rejected feeds for the charts.
     */
    private static void recordExchanges() {
        AuditLog log = gateway.bean(AuditLog.class);
        IdNumbers ids = IdNumbers.withShippedAreas();
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        target = TestCounty.persons().stream().filter(p -> p.cancelledAt() == null
                && p.registrationArea().startsWith("431128") && ids.check(p.idNumber()).isValid()
                && p.birthDate().isAfter(today.minusYears(7).plusDays(1)) && !p.birthDate().isAfter(today.minusDays(30)))
                .findFirst().orElseThrow();
        bulkId = executedPull(0, 6);
        JsonNode bulk = api("requester", "GET", "/api/v1/pulls/" + bulkId, null).json();
        bulkApproval = bulk.get("approvalId").asString();
        bulkRecords = bulk.get("recordCount").asLong();
        bulkSeq = selectedSeq(log, bulkId);

        String standing = approved(file(Map.of("purpose", "vaccination-planning", "legalBasis", "疫苗管理法 第四十二条",
                "fields", List.of("gender", "birthDate"), "standing", true)));
        TestGateway.Response lookup = api("requester", "POST", "/api/v1/pulls/" + standing + "/lookups",
                Map.of("idNumber", target.idNumber()));
        assertThat(lookup.status()).as(lookup.body()).isEqualTo(200);
        assertThat(lookup.json().get("found").asBoolean()).isTrue();
        singleSeq = selectedSeq(log, lookup.json().get("lookupId").asString());

        unrelatedSeq = selectedSeq(log, executedPull(30, 40));
        for (int i = 0; i < 3; i++) {
            log.append(AuditEvent.builder(EventType.FEED_REJECTED).actor(Actor.member("431128.police", "431128.police", "1"))
                    .exchangeId("f-console-" + i).flow("feed").outcome(Outcome.FAILED).reason("schema_invalid").build());
        }
    }

    /** A bulk pull of the ages given, filed by the requester, approved by the approver and executed: its id. */
    private static String executedPull(int ageFrom, int ageTo) {
        String id = approved(file(Map.of("purpose", "vaccination-planning", "legalBasis", "疫苗管理法 第四十二条",
                "fields", List.of("gender", "birthDate"),
                "selection", Map.of("area", "431128", "ageFrom", ageFrom, "ageTo", ageTo))));
        TestGateway.Response executed = api("requester", "POST", "/api/v1/pulls/" + id + "/execute", Map.of());
        assertThat(executed.status()).as(executed.body()).isEqualTo(200);
        return id;
    }

    private static String file(Map<String, Object> body) {
        TestGateway.Response filed = api("requester", "POST", "/api/v1/pulls", body);
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        return filed.json().get("id").asString();
    }

    private static String approved(String id) {
        TestGateway.Response approved = api("approver", "POST", "/api/v1/pulls/" + id + "/approve", Map.of());
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        return id;
    }

    private static TestGateway.Response api(String user, String method, String path, Object body) {
        return gateway.send(gateway.as(user, path).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : TestGateway.json(body)).build());
    }

    /** The sequence number of the exchange's selection event (the one carrying its subject index). */
    private static long selectedSeq(AuditLog log, String exchangeId) {
        return log.query(AuditQuery.all().byExchange(exchangeId).ofTypes(Set.of(EventType.EXCHANGE_SELECTED)))
                .get(0).seq();
    }

    @Test
    void anOfficerFindsEveryAccessToOnePersonAndExportsEvidenceTheVerifierAccepts() throws IOException {
        browser.login(gateway, OFFICER);
        browser.open(gateway.http("/console/audit/subject?lang=en"));
        // As people type it: surrounding spaces and a lower-case check character.
        browser.type("idNumber", "  " + target.idNumber().toLowerCase() + " ");
        browser.submit("lookup-submit");
        browser.find("reference");

        Set<Long> shown = shownSeqs();
        assertThat(shown).contains(bulkSeq, singleSeq).doesNotContain(unrelatedSeq);
        assertThat(browser.find("bulk-count").getText()).isEqualTo("1");
        assertThat(browser.driver().findElement(By.cssSelector("tr[data-seq='" + bulkSeq + "']")).getText())
                .contains(bulkId, Long.toString(bulkRecords));
        assertNothingPersonalInThePage();
        browser.screenshot("subject-lookup");

        // The lookup itself is on the record, under the same keyed hash.
        SubjectHash hash = gateway.bean(SubjectHasher.class).hash(target.idNumber());
        List<LoggedEvent> consulted = gateway.bean(AuditLog.class).query(AuditQuery.all().bySubject(hash)
                .ofTypes(Set.of(EventType.AUDIT_CONSULTED)));
        assertThat(consulted).isNotEmpty().allMatch(e -> OFFICER.equals(e.event().actor().person())
                && "subject_lookup".equals(e.event().operation()));

        String fingerprint = browser.find("fingerprint").getText();
        browser.click("export-submit");
        Path export = browser.download();
        String text = Files.readString(export, StandardCharsets.UTF_8);
        assertThat(text).startsWith("popgate-audit-export/1").contains("\nsubjects " + bulkSeq + " ");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = VerifyCommand.run(new String[] {export.toString(), "--expect-fingerprint", fingerprint},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).as("verifier: %s", err).isZero();
        assertThat(out.toString()).contains("OK: " + shown.size() + " events");

        // A copy with one byte of the bulk event changed is refused: the verifier can fail.
        Path tampered = export.resolveSibling("tampered.txt");
        Files.writeString(tampered, tamperWithEvent(text, bulkSeq), StandardCharsets.UTF_8);
        assertThat(VerifyCommand.run(new String[] {tampered.toString()}, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()))).isEqualTo(1);
        browser.logout();
    }

    @Test
    void anOfficerSearchesTheTrailAndSeesIntegrityAndCharts() {
        browser.login(gateway, OFFICER);
        browser.open(gateway.http("/console/audit/events?lang=en"));
        browser.type("approvalId", bulkApproval);
        browser.submit("search-submit");
        browser.find("count");
        assertThat(shownSeqs()).contains(bulkSeq).doesNotContain(singleSeq, unrelatedSeq);

        browser.open(gateway.http("/console/audit/events"));
        browser.submit("search-submit");
        browser.find("count");
        browser.screenshot("audit-search");

        browser.open(gateway.http("/console/audit/integrity"));
        assertThat(browser.has("no-alarm")).isTrue();
        assertThat(Long.parseLong(browser.find("log-size").getText())).isGreaterThan(unrelatedSeq);
        assertThat(browser.find("verification-outcome").getText()).isEqualTo("passed");
        assertThat(browser.all("#witnesses tbody tr")).isNotEmpty();
        browser.screenshot("integrity");

        browser.open(gateway.http("/console/audit/charts"));
        assertThat(browser.find("chart-exchanges").findElement(By.className("total")).getText()).isNotEqualTo("0");
        assertThat(browser.find("chart-exchanges").findElements(By.cssSelector("rect.bar"))).isNotEmpty();
        assertThat(browser.find("chart-rejections").findElement(By.className("total")).getText()).isEqualTo("3");
        browser.screenshot("charts");
        browser.logout();
    }

    @Test
    void anOfficerAcknowledgesTheIntegrityAlarmAndExchangesResume() {
        AuditLog log = gateway.bean(AuditLog.class);
        log.alarm().raise(AuditErrorCode.WITNESS_INCONSISTENT, "console test");
        try {
            browser.login(gateway, OFFICER);
            browser.open(gateway.http("/console/audit/integrity?lang=en"));
            assertThat(browser.find("alarm").getText()).contains("audit_witness_inconsistent");
            browser.screenshot("integrity-alarm");
            browser.type("alarm-reason", "Witness directory restored from the officers' copy; log verified.");
            browser.submit("acknowledge-alarm-submit");
            browser.find("no-alarm");
            assertThat(log.alarm().active()).isFalse();
            assertThat(log.query(AuditQuery.all().ofTypes(Set.of(EventType.INTEGRITY_ALARM_ACKNOWLEDGED))))
                    .anyMatch(e -> OFFICER.equals(e.event().actor().person())
                            && e.event().reason().startsWith("Witness directory restored"));
            browser.logout();
        } finally {
            if (log.alarm().active()) {
                log.acknowledgeAlarm(Actor.person("test", "SECURITY_OFFICER", null), "test cleanup");
            }
        }
    }

    @Test
    void anAlertIsAcknowledgedWithAComment() {
        // Ten failed logins of one name: the denial-burst rule raises an alert.
        ConsoleSession intruder = ConsoleSession.anonymous(gateway);
        for (int i = 0; i < 10; i++) {
            intruder.login("console-intruder", "wrong-password-" + i);
        }
        AlertDesk desk = gateway.bean(AlertDesk.class);
        AlertDesk.Entry alert = await().atMost(Duration.ofSeconds(30)).until(() -> desk.list("OPEN").stream()
                .filter(a -> a.rule().equals("denial_burst") && "person:console-intruder".equals(a.subject())).findFirst()
                .orElse(null), a -> a != null);

        browser.login(gateway, OFFICER);
        browser.open(gateway.http("/console/alerts?status=OPEN&lang=en"));
        browser.screenshot("alerts");
        browser.driver().findElement(By.cssSelector("tr[data-alert='" + alert.id() + "'] a")).click();
        assertThat(browser.find("status").getText()).isEqualTo("OPEN");
        browser.type("ack-comment", "Checked with the department:\na colleague mistyped the account name.");
        browser.submit("acknowledge-submit");

        assertThat(browser.find("acknowledged-by").getText()).contains(OFFICER);
        assertThat(browser.find("status").getText()).isEqualTo("ACKNOWLEDGED");
        assertThat(browser.has("acknowledge")).isFalse();
        browser.type("comment-text", "Account name corrected.");
        browser.submit("comment-submit");
        assertThat(browser.find("comments").findElements(By.className("comment"))).extracting(WebElement::getText)
                .containsExactly("Checked with the department: a colleague mistyped the account name.",
                        "Account name corrected.");
        browser.screenshot("alert-acknowledged");

        assertThat(desk.get(alert.id()).acknowledgedBy()).isEqualTo(OFFICER);
        assertThat(gateway.bean(AuditLog.class).query(AuditQuery.all().ofTypes(Set.of(EventType.ALERT_ACKNOWLEDGED))))
                .anyMatch(e -> Long.toString(alert.id()).equals(e.event().attributes().get("alert"))
                        && OFFICER.equals(e.event().actor().person()));
        browser.logout();
    }

    @Test
    void aRequesterAndASysadminCannotOpenTheAuditPages() {
        for (String person : List.of("requester", "sysadmin")) {
            browser.login(gateway, person);
            assertThat(browser.has("no-pages")).isTrue();
            assertThat(browser.has("nav-subject")).isFalse();
            for (String page : List.of("/console/audit/subject", "/console/audit/events", "/console/audit/integrity",
                    "/console/audit/charts", "/console/alerts")) {
                browser.open(gateway.http(page));
                assertThat(browser.find("denied").getText()).as(person + " on " + page).contains("Access denied");
            }
            assertThat(gateway.bean(AuditLog.class).query(AuditQuery.all().byPerson(person)
                    .ofTypes(Set.of(EventType.ACCESS_DENIED))))
                    .anyMatch(e -> "GET /console/audit/subject".equals(e.event().operation()));
            browser.open(gateway.http("/console"));
            browser.logout();
        }
    }

    @Test
    void theConsoleSpeaksChineseByDefaultAndEnglishOnRequest() {
        browser.driver().manage().deleteAllCookies();
        browser.open(gateway.http("/console/login"));
        assertThat(browser.driver().getTitle()).isEqualTo("登录 · popgate");
        browser.submit("lang-en");
        browser.find("login");
        assertThat(browser.driver().getTitle()).isEqualTo("Log in · popgate");
        browser.screenshot("login");
        browser.login(gateway, OFFICER);
        assertThat(browser.driver().getTitle()).isEqualTo("Console · popgate");
        browser.screenshot("home");
        browser.submit("lang-zh");
        assertThat(browser.find("home").getText()).isEqualTo("控制台");
        browser.submit("lang-en");
        browser.find("home");
        browser.logout();
    }

    @Test
    void consolePagesCarrySecurityHeadersAndRefuseFormsWithoutACsrfToken() {
        TestGateway.Response login = ConsoleSession.anonymous(gateway).get("/console/login");
        assertThat(login.header("Content-Security-Policy")).contains("default-src 'self'", "frame-ancestors 'none'")
                .doesNotContain("unsafe-inline");
        assertThat(login.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(login.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(login.header("Referrer-Policy")).isEqualTo("no-referrer");

        ConsoleSession officer = ConsoleSession.login(gateway, OFFICER);
        TestGateway.Response home = officer.get("/console");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.header("Cache-Control")).contains("no-store");
        long before = gateway.bean(AuditLog.class).head().size();
        TestGateway.Response forged = officer.post("/console/audit/subject",
                Map.of("idNumber", target.idNumber()), null);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(gateway.bean(AuditLog.class).query(AuditQuery.all().page(before - 1, 1000)))
                .noneMatch(e -> e.event().type() == EventType.AUDIT_CONSULTED);
        TestGateway.Response real = officer.post("/console/audit/subject", Map.of("idNumber", target.idNumber()));
        assertThat(real.status()).isEqualTo(200);
        assertThat(real.body()).doesNotContain(target.idNumber()).doesNotContain(target.name());

        // The API is untouched: HTTP Basic, no session, no CSRF.
        TestGateway.Response me = gateway.send(gateway.as(OFFICER, "/api/v1/me").GET().build());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.header("Set-Cookie")).isNull();
    }

    @Test
    void wrongPasswordsLockTheConsoleLoginAndEveryAttemptIsAudited() {
        ConsoleSession someone = ConsoleSession.anonymous(gateway);
        String last = null;
        for (int i = 0; i < 6; i++) {
            last = someone.login("console-locked", "wrong").header("Location");
        }
        assertThat(last).endsWith("/console/login?error=throttled");
        assertThat(gateway.bean(AuditLog.class).query(AuditQuery.all().byPerson("console-locked")
                .ofTypes(Set.of(EventType.LOGIN_FAILED)))).hasSize(6)
                .anyMatch(e -> "login_throttled".equals(e.event().reason()));
    }

    /** The export with the canonical bytes of event {@code seq} altered (the exchange id's last letter). */
    private static String tamperWithEvent(String export, long seq) {
        StringBuilder out = new StringBuilder();
        for (String line : export.split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length == 4 && fields[0].equals("event") && fields[1].equals(Long.toString(seq))) {
                String canonical = new String(Base64.getDecoder().decode(fields[2]), StandardCharsets.ISO_8859_1);
                assertThat(canonical).contains(bulkId);
                String changed = bulkId.substring(0, bulkId.length() - 1) + (bulkId.endsWith("0") ? "1" : "0");
                fields[2] = Base64.getEncoder().encodeToString(canonical.replace(bulkId, changed)
                        .getBytes(StandardCharsets.ISO_8859_1));
                line = String.join(" ", fields);
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static Set<Long> shownSeqs() {
        Set<Long> seqs = new TreeSet<>();
        for (WebElement row : browser.all("table.events tbody tr")) {
            seqs.add(Long.parseLong(row.getDomAttribute("data-seq")));
        }
        return seqs;
    }

    private static void assertNothingPersonalInThePage() {
        String id = target.idNumber();
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(id.substring(0, 17));
        assertThat(browser.driver().getTitle()).doesNotContain(id.substring(0, 17));
        assertThat(browser.driver().getPageSource()).doesNotContain(id.substring(0, 17)).doesNotContain(target.name());
    }
}
