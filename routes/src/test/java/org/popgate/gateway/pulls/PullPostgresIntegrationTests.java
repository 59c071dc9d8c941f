package org.popgate.gateway.pulls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.popgate.crypto.idnumber.IdNumbers;
import org.popgate.gateway.support.TestCounty;
import org.popgate.gateway.support.TestDirectories;
import org.popgate.gateway.support.TestGateway;

/**
 * Pulls on a real PostgreSQL (schema owner migrates, the application role runs the gateway): a pull from request to
 * receipt, a package left without a receipt reported overdue and alerted, and the application role unable to delete
 * a pull. CI sets the POPGATE_TEST_PG_* variables.
 */
@EnabledIfEnvironmentVariable(named = "POPGATE_TEST_PG_URL", matches = ".+")
class PullPostgresIntegrationTests {

    private static final String SCHEMA = "gw_pulls_it";
    private static final String HEALTH = "431128.health";

    private static TestGateway gateway;
    private static PullClient api;
    private static DepartmentKeyStores.Written healthKeys;
    private static List<String> ids;

    private static String env(String name) {
        return System.getenv(name);
    }

    @BeforeAll
    static void start() throws Exception {
        try (Connection c = DriverManager.getConnection(env("POPGATE_TEST_PG_URL"), env("POPGATE_TEST_PG_USER"),
                        env("POPGATE_TEST_PG_PASSWORD"));
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        String url = env("POPGATE_TEST_PG_URL");
        gateway = TestGateway.start(TestDirectories.create(), List.of(), "--spring.profiles.active=postgres",
                "--popgate.demo.enabled=true",
                "--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA,
                "--spring.datasource.username=" + env("POPGATE_TEST_PG_APP_USER"),
                "--spring.datasource.password=" + env("POPGATE_TEST_PG_APP_PASSWORD"),
                "--spring.flyway.user=" + env("POPGATE_TEST_PG_USER"),
                "--spring.flyway.password=" + env("POPGATE_TEST_PG_PASSWORD"),
                "--spring.flyway.schemas=" + SCHEMA, "--spring.flyway.default-schema=" + SCHEMA,
                "--spring.flyway.placeholders.app_role=" + env("POPGATE_TEST_PG_APP_USER"),
                "--spring.flyway.placeholders.app_schema=" + SCHEMA,
                "--popgate.pulls.receipt-timeout=1s", "--popgate.pulls.receipt-check=200ms",
                "--popgate.protection.account-burst=100000", "--popgate.protection.member-burst=100000");
        api = new PullClient(gateway, Files.createTempDirectory("popgate-pulls-pg-"));
        Path demoKeys = gateway.base().resolve("keys/departments");
        healthKeys = new DepartmentKeyStores.Written(demoKeys.resolve(HEALTH + ".p12"), demoKeys.resolve(HEALTH + ".password"));
        IdNumbers check = IdNumbers.withShippedAreas();
        ids = TestCounty.persons().stream().filter(p -> p.cancelledAt() == null && check.check(p.idNumber()).isValid())
                .map(p -> p.idNumber()).distinct().limit(20).toList();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aPullGoesFromRequestToReceiptOnPostgres() throws Exception {
        String id = executed(ids.subList(0, 5));
        long records = api.get("requester", "/api/v1/pulls/" + id).json().get("recordCount").asLong();
        assertThat(records).isGreaterThanOrEqualTo(5); // a listed ID held by two records (重卡) delivers both
        Path opened = api.openFromQueue(HEALTH, id, healthKeys);
        assertThat(api.jsonLines(opened)).hasSize((int) records).allSatisfy(r -> assertThat(r.keySet())
                .containsExactly("idNumber", "gender", "birthDate"));
        String receipt = Files.readString(opened.resolveSibling(opened.getFileName() + ".receipt"));
        TestGateway.Response closed = api.post("requester", "/api/v1/pulls/" + id + "/receipt", Map.of("receipt", receipt));
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        assertThat(closed.json().get("status").asString()).isEqualTo("RECEIPTED");
        TestGateway.Response forged = api.post("requester", "/api/v1/pulls/" + executed(ids.subList(5, 7)) + "/receipt",
                Map.of("receipt", receipt));
        PullClient.assertRefused(forged, 422, "receipt_invalid");
    }

    @Test
    void aPackageWithoutAReceiptInTimeRaisesAnAlert() {
        String id = executed(ids.subList(10, 12));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(gateway.send(
                gateway.as("security-officer", "/api/v1/alerts").GET().build()).body())
                .contains("receipt_overdue").contains(id));
    }

    @Test
    void theApplicationRoleCannotDeleteAPull() throws SQLException {
        executed(ids.subList(15, 16));
        try (Connection c = DriverManager.getConnection(env("POPGATE_TEST_PG_URL"), env("POPGATE_TEST_PG_APP_USER"),
                        env("POPGATE_TEST_PG_APP_PASSWORD"));
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("DELETE FROM " + SCHEMA + ".pull")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void aRefusedReceiptMessageIsKeptAndTheApplicationRoleCannotDeleteIt() throws SQLException {
        String garbage = "not a receipt " + java.util.UUID.randomUUID();
        new org.springframework.jms.core.JmsTemplate(gateway.bean(jakarta.jms.ConnectionFactory.class))
                .convertAndSend("popgate.pull.receipts", garbage);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(gateway.send(
                gateway.as("approver", "/api/v1/pulls/receipts/refused").GET().build()).json())
                .anySatisfy(r -> {
                    assertThat(r.get("body").asString()).isEqualTo(garbage);
                    assertThat(r.get("code").asString()).isEqualTo("receipt_invalid");
                }));
        try (Connection c = DriverManager.getConnection(env("POPGATE_TEST_PG_URL"), env("POPGATE_TEST_PG_APP_USER"),
                        env("POPGATE_TEST_PG_APP_PASSWORD"));
                Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("DELETE FROM " + SCHEMA + ".pull_receipt_refused"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
    }

    @Test
    void twoGatewayInstancesOnPostgresShareTheLookupQuotaExactly() throws Exception {
        TestGateway.Response filed = api.post("requester", "/api/v1/pulls", Map.of("purpose", "maternal-care",
                "legalBasis", "母婴保健法", "fields", List.of("idNumber", "gender"), "standing", true));
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        String id = filed.json().get("id").asString();
        assertThat(api.post("approver", "/api/v1/pulls/" + id + "/approve", Map.of("lookupsPerDay", 150)).status())
                .isEqualTo(200);
        LookupQuotaRace.run(gateway, gateway.memberClient(gateway.enrolTls(HEALTH)), id, 150, ids);
    }

    private static String executed(List<String> idNumbers) {
        TestGateway.Response filed = api.post("requester", "/api/v1/pulls", Map.of("purpose", "vaccination-planning",
                "legalBasis", "疫苗管理法", "fields", List.of("idNumber", "gender", "birthDate"), "idNumbers", idNumbers));
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        String id = filed.json().get("id").asString();
        assertThat(api.post("approver", "/api/v1/pulls/" + id + "/approve", Map.of()).status()).isEqualTo(200);
        TestGateway.Response executed = api.post("requester", "/api/v1/pulls/" + id + "/execute", Map.of());
        assertThat(executed.status()).as(executed.body()).isEqualTo(200);
        return id;
    }
}
