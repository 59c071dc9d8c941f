package org.popgate.gateway.console.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.popgate.adapters.feedstore.PopulationQuality;
import org.popgate.audit.event.EventType;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.store.AuditQuery;
import org.popgate.crypto.idnumber.IdNumbers;
import org.popgate.crypto.json.FlatJson;
import org.popgate.gateway.support.Browser;
import org.popgate.gateway.support.ConsoleSession;
import org.popgate.gateway.support.TestCounty;
import org.popgate.gateway.support.TestGateway;
import org.popgate.tools.department.OpenPackageCommand;
import org.springframework.jms.core.JmsTemplate;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * The approver's console in a real headless Chromium: a requester files pulls over the REST API, the approver sees
 * them with their estimated counts and the catalogue's verdicts, narrows and approves one (which then executes and
 * is opened with the department tool: exactly the narrowed fields), rejects one with a reason, is refused a second
 * approval of their own large pull, revokes a standing approval (the next lookup is refused), and reads the quality
 * trend per township (the same figures as the feeds API). Other roles cannot open these pages; the approver cannot
 * open the audit pages.
 */
class ApproverConsoleBrowserIntegrationTests {

    private static final String HEALTH = "431128.health";
    private static final String GATEWAY = "431128.popgate";
    private static final String APPROVER = "approver";
    private static final String REQUESTER = "requester";

    private static TestGateway gateway;
    private static Browser browser;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("--popgate.demo.enabled=true", "--popgate.pulls.second-approval-threshold=1000",
                "--popgate.audit.checkpoint-interval=1h");
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        gateway.close();
    }

    @Test
    void theApproverNarrowsAndApprovesAPullWhichThenDeliversExactlyTheNarrowedFields() throws Exception {
        String id = file(Map.of("purpose", "vaccination-planning", "legalBasis", "疫苗管理法 第四十二条",
                "fields", List.of("idNumber", "gender", "birthDate", "registrationArea"),
                "selection", Map.of("area", "431128", "ageFrom", 0, "ageTo", 6)));
        long estimate = pendingEntry(id).get("estimatedCount").asLong();
        assertThat(estimate).isPositive();

        browser.login(gateway, APPROVER);
        browser.open(gateway.http("/console/approvals?lang=en"));
        WebElement row = browser.driver().findElement(By.cssSelector("tr[data-pull='" + id + "']"));
        assertThat(row.findElement(By.className("estimate")).getText()).isEqualTo(Long.toString(estimate));
        assertThat(row.getText()).contains(REQUESTER, HEALTH, "vaccination-planning", "疫苗管理法 第四十二条");
        browser.screenshot("approvals-pending");
        row.findElement(By.tagName("a")).click();

        assertThat(browser.find("estimate").getText()).isEqualTo(Long.toString(estimate));
        assertThat(verdicts()).containsExactly(
                "idNumber WITH_APPROVAL PSEUDONYMISED", "gender UNCONDITIONAL AS_IS",
                "birthDate WITH_APPROVAL GENERALISED", "registrationArea WITH_APPROVAL GENERALISED");
        assertThat(verdictRow("birthDate").findElement(By.className("transform")).getText())
                .isEqualTo("generalised to year and month");
        assertThat(verdictRow("registrationArea").findElement(By.className("transform")).getText())
                .isEqualTo("generalised to township");
        assertThat(verdictRow("idNumber").findElement(By.className("share")).getText()).isEqualTo("with approval");
        assertThat(browser.driver().getTitle()).isEqualTo("Pull request · popgate");
        browser.click("field-registrationArea");
        browser.screenshot("approvals-narrow");
        browser.submit("approve-submit");
        assertThat(browser.find("done").getText()).isEqualTo("Approved.");
        assertThat(browser.find("pull-status").getDomAttribute("data-status")).isEqualTo("APPROVED");
        browser.logout();

        // Through the API: approved by the approver with exactly the narrowed fields; it executes and delivers them.
        JsonNode approved = gateway.send(gateway.as(REQUESTER, "/api/v1/pulls/" + id).GET().build()).json();
        assertThat(approved.get("status").asString()).isEqualTo("APPROVED");
        assertThat(approved.get("approver").asString()).isEqualTo(APPROVER);
        assertThat(strings(approved.get("fields"))).containsExactly("idNumber", "gender", "birthDate");
        TestGateway.Response executed = post(REQUESTER, "/api/v1/pulls/" + id + "/execute", Map.of());
        assertThat(executed.status()).as(executed.body()).isEqualTo(200);
        assertThat(executed.json().get("status").asString()).isEqualTo("DELIVERED");
        List<Map<String, Object>> records = openFromQueue(id);
        assertThat(records).hasSize((int) (executed.json().get("recordCount").asLong()
                + executed.json().get("canaryCount").asInt())).isNotEmpty();
        assertThat(records).allSatisfy(r -> assertThat(r.keySet()).containsExactly("idNumber", "gender", "birthDate"));
        assertThat(gateway.bean(AuditLog.class).query(AuditQuery.all().byExchange(id)
                .ofTypes(Set.of(EventType.EXCHANGE_APPROVED))))
                .singleElement().satisfies(e -> assertThat(e.event().actor().person()).isEqualTo(APPROVER));
    }

    @Test
    void theApproverRejectsWithAReasonAndIsRefusedASecondApprovalOfTheirOwnLargePull() {
        String small = file(Map.of("purpose", "maternal-care", "legalBasis", "母婴保健法",
                "fields", List.of("idNumber", "maritalStatus"), "selection", Map.of("area", "431128", "ageFrom", 20,
                        "ageTo", 30)));

        browser.login(gateway, APPROVER);
        browser.open(gateway.http("/console/approvals/" + small + "?lang=en"));
        browser.type("reject-reason", "The legal basis does not cover\nmarital status.");
        browser.submit("reject-submit");
        assertThat(browser.find("done").getText()).isEqualTo("Rejected.");
        assertThat(browser.find("decision-reason").getText()).isEqualTo("The legal basis does not cover marital status.");
        JsonNode rejected = gateway.send(gateway.as(REQUESTER, "/api/v1/pulls/" + small).GET().build()).json();
        assertThat(rejected.get("status").asString()).isEqualTo("REJECTED");
        assertThat(rejected.get("decisionReason").asString()).isEqualTo("The legal basis does not cover marital status.");

        // A pull over the second-approval threshold: the same approver cannot give both approvals.
        String big = file(Map.of("purpose", "vaccination-planning", "legalBasis", "疫苗管理法",
                "fields", List.of("gender", "birthDate"), "selection", Map.of("area", "431128", "ageFrom", 0, "ageTo", 120)));
        assertThat(pendingEntry(big).get("estimatedCount").asLong()).isGreaterThan(1000);
        // A rejection without a reason (the browser's required field bypassed) is refused by the server too.
        ConsoleSession session = ConsoleSession.login(gateway, APPROVER);
        TestGateway.Response blank = session.post("/console/approvals/" + big + "/reject", Map.of("reason", "  "));
        assertThat(blank.status()).isEqualTo(302);
        assertThat(blank.header("Location")).endsWith("/console/approvals/" + big);
        assertThat(session.get("/console/approvals/" + big).body()).contains("id=\"refused-code\">validation_failed<");
        assertThat(pendingEntry(big).get("status").asString()).isEqualTo("PENDING");
        browser.open(gateway.http("/console/approvals/" + big));
        browser.submit("approve-submit");
        assertThat(browser.find("pull-status").getDomAttribute("data-status")).isEqualTo("AWAITING_SECOND_APPROVAL");
        assertThat(browser.has("second-note")).isTrue();
        browser.submit("approve-submit");
        assertThat(browser.find("refused-code").getText()).isEqualTo("same_approver");
        assertThat(browser.find("refused").getText()).contains("The second approval must come from another approver.")
                .doesNotContain("Exception");
        assertThat(browser.find("pull-status").getDomAttribute("data-status")).isEqualTo("AWAITING_SECOND_APPROVAL");
        browser.screenshot("approvals-refused");
        browser.logout();
    }

    @Test
    void aRevokedStandingApprovalRefusesTheNextLookup() {
        String id = file(Map.of("purpose", "vaccination-planning", "legalBasis", "疫苗管理法 第四十二条",
                "fields", List.of("idNumber", "birthDate"), "standing", true));
        String someone = TestCounty.persons().stream().map(p -> p.idNumber())
                .filter(n -> IdNumbers.withShippedAreas().check(n).isValid()).findFirst().orElseThrow();

        browser.login(gateway, APPROVER);
        browser.open(gateway.http("/console/approvals/" + id + "?lang=en"));
        browser.type("lookups-per-day", "25");
        browser.submit("approve-submit");
        assertThat(browser.find("pull-status").getDomAttribute("data-status")).isEqualTo("APPROVED");

        TestGateway.Response lookup = post(REQUESTER, "/api/v1/pulls/" + id + "/lookups", Map.of("idNumber", someone));
        assertThat(lookup.status()).as(lookup.body()).isEqualTo(200);

        browser.open(gateway.http("/console/approvals/standing"));
        WebElement row = browser.driver().findElement(By.cssSelector("tr[data-pull='" + id + "']"));
        assertThat(row.findElement(By.className("quota")).getText()).isEqualTo("25");
        assertThat(row.findElement(By.className("today")).getText()).isEqualTo("1");
        assertThat(row.findElement(By.className("total")).getText()).isEqualTo("1");
        browser.screenshot("approvals-standing");
        row.findElement(By.name("reason")).sendKeys("Vaccination campaign finished.");
        row.findElement(By.className("revoke")).click();
        assertThat(browser.find("done").getText()).isEqualTo("Revoked.");
        assertThat(browser.find("pull-status").getDomAttribute("data-status")).isEqualTo("REVOKED");
        browser.open(gateway.http("/console/approvals/standing"));
        assertThat(browser.driver().findElements(By.cssSelector("tr[data-pull='" + id + "']"))).isEmpty();
        browser.logout();

        TestGateway.Response refused = post(REQUESTER, "/api/v1/pulls/" + id + "/lookups", Map.of("idNumber", someone));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("approval_revoked");
        assertThat(gateway.bean(AuditLog.class).query(AuditQuery.all().byExchange(id)
                .ofTypes(Set.of(EventType.EXCHANGE_REJECTED))))
                .anyMatch(e -> "pull.revoke".equals(e.event().operation()) && APPROVER.equals(e.event().actor().person())
                        && "Vaccination campaign finished.".equals(e.event().reason()));
    }

    @Test
    void theQualityTrendPerTownshipShowsTheFeedsApisFigures() {
        // Snapshots as the feed flow takes them after each applied feed (two, so there is a trend).
        PopulationQuality quality = gateway.bean(PopulationQuality.class);
        quality.snapshot("console-quality-1", LocalDate.now());
        quality.snapshot("console-quality-2", LocalDate.now());
        JsonNode townships = gateway.send(gateway.as(APPROVER, "/api/v1/feeds/quality?level=township").GET().build())
                .json();
        assertThat(townships.size()).isPositive();

        browser.login(gateway, APPROVER);
        browser.open(gateway.http("/console/approvals/quality?lang=en"));
        List<WebElement> sections = browser.all("section.township");
        assertThat(sections).hasSize(townships.size());
        for (WebElement section : sections) {
            String area = section.getDomAttribute("data-area");
            JsonNode trend = gateway.send(gateway.as(APPROVER, "/api/v1/feeds/quality/" + area + "/trend").GET().build())
                    .json();
            List<String> api = new ArrayList<>();
            for (JsonNode point : trend) {
                JsonNode f = point.get("figures");
                api.add(point.get("snapshot").asLong() + " " + f.get("persons").asLong() + " " + f.get("complete").asLong()
                        + " " + f.get("accurate").asLong() + " " + f.get("logicErrors").asLong());
            }
            List<String> page = new ArrayList<>();
            for (WebElement tr : section.findElements(By.cssSelector("table.trend tbody tr"))) {
                page.add(tr.getDomAttribute("data-snapshot") + " " + text(tr, "persons") + " " + text(tr, "complete")
                        + " " + text(tr, "accurate") + " " + text(tr, "logic-errors"));
            }
            assertThat(page).as(area).hasSizeGreaterThanOrEqualTo(2).isEqualTo(api);
            assertThat(section.findElements(By.cssSelector("g[data-measure='completeness'] circle"))).hasSize(api.size());
        }
        browser.screenshot("approvals-quality");
        browser.logout();
    }

    @Test
    void onlyTheApproverOpensTheApproverPagesAndTheApproverCannotOpenTheAuditPages() {
        String id = file(Map.of("purpose", "vaccination-planning", "legalBasis", "疫苗管理法",
                "fields", List.of("gender", "birthDate"), "selection", Map.of("area", "431128", "ageFrom", 1, "ageTo", 2)));
        for (String person : List.of(REQUESTER, "security-officer", "sysadmin")) {
            browser.login(gateway, person);
            assertThat(browser.has("nav-approvals")).isFalse();
            for (String page : List.of("/console/approvals", "/console/approvals/" + id, "/console/approvals/standing",
                    "/console/approvals/quality")) {
                browser.open(gateway.http(page + "?lang=en"));
                assertThat(browser.find("denied").getText()).as(person + " on " + page).contains("Access denied");
            }
            browser.open(gateway.http("/console"));
            browser.logout();
        }
        browser.login(gateway, APPROVER);
        assertThat(browser.has("nav-approvals")).isTrue();
        assertThat(browser.has("nav-subject")).isFalse();
        for (String page : List.of("/console/audit/subject", "/console/audit/events", "/console/audit/charts",
                "/console/alerts")) {
            browser.open(gateway.http(page + "?lang=en"));
            assertThat(browser.find("denied").getText()).as("approver on " + page).contains("Access denied");
        }
        browser.open(gateway.http("/console"));
        browser.logout();
    }

    // ---- helpers: the API as the requester and approver use it, the department tool

    private static String file(Map<String, Object> body) {
        TestGateway.Response filed = post(REQUESTER, "/api/v1/pulls", body);
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        return filed.json().get("id").asString();
    }

    private static JsonNode pendingEntry(String id) {
        for (JsonNode pull : gateway.send(gateway.as(APPROVER, "/api/v1/pulls/pending").GET().build()).json()) {
            if (pull.get("id").asString().equals(id)) {
                return pull;
            }
        }
        throw new AssertionError("not pending");
    }

    private static TestGateway.Response post(String user, String path, Object body) {
        return gateway.send(gateway.as(user, path).header("Content-Type", "application/json")
                .POST(TestGateway.json(body)).build());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    private static List<String> verdicts() {
        List<String> out = new ArrayList<>();
        for (WebElement row : browser.all("#verdicts tbody tr")) {
            out.add(row.getDomAttribute("data-field") + " " + row.getDomAttribute("data-share") + " "
                    + row.getDomAttribute("data-transform"));
        }
        return out;
    }

    private static WebElement verdictRow(String field) {
        return browser.driver().findElement(By.cssSelector("#verdicts tr[data-field='" + field + "']"));
    }

    private static String text(WebElement row, String cls) {
        return row.findElement(By.className(cls)).getText();
    }

    /** Takes the package off the department's queue and opens it with the department tool, as the department would. */
    private static List<Map<String, Object>> openFromQueue(String exchangeId) throws Exception {
        byte[] body = new JmsTemplate(gateway.bean(ConnectionFactory.class)).execute(session -> {
            try (var consumer = session.createConsumer(session.createQueue("popgate.pull." + HEALTH),
                    "popgate_exchange = '" + exchangeId + "'")) {
                BytesMessage message = (BytesMessage) consumer.receive(10_000);
                assertThat(message).isNotNull();
                byte[] bytes = new byte[(int) message.getBodyLength()];
                message.readBytes(bytes);
                return bytes;
            }
        }, true);
        Path dir = Files.createTempDirectory("popgate-approver-");
        Path packageFile = dir.resolve(exchangeId + ".p7m");
        Files.write(packageFile, body);
        Path keys = gateway.base().resolve("keys/departments");
        Path out = dir.resolve("records.jsonl");
        StringWriter output = new StringWriter();
        CommandLine tool = new CommandLine(new OpenPackageCommand());
        tool.setOut(new PrintWriter(output));
        tool.setErr(new PrintWriter(output));
        int exit = tool.execute("--package", packageFile.toString(), "--keystore", keys.resolve(HEALTH + ".p12").toString(),
                "--password-file", keys.resolve(HEALTH + ".password").toString(), "--member", HEALTH,
                "--exchange-id", exchangeId, "--sender", GATEWAY, "--out", out.toString());
        assertThat(exit).as(output.toString()).isZero();
        List<Map<String, Object>> records = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            records.add(new LinkedHashMap<>(FlatJson.parse(line)));
        }
        return records;
    }
}
