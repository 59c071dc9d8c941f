package org.popgate.gateway.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.popgate.gateway.support.TestGateway;

/** Rate limits per member and per account, request size limits, and readiness when the audit store cannot be written. */
class ProtectionIntegrationTests {

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("--popgate.protection.member-burst=3", "--popgate.protection.member-requests-per-second=0.2",
                "--popgate.protection.account-burst=1000", "--popgate.protection.max-request-size=1KB");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aMemberPastItsLimitGets429WithRetryAfter() {
        HttpClient member = gateway.memberClient(gateway.enrolMember("431128.police", "DEPARTMENT"));
        for (int i = 0; i < 3; i++) {
            assertThat(TestGateway.send(member, HttpRequest.newBuilder(gateway.https("/api/v1/me")).build()).status())
                    .isEqualTo(200);
        }
        TestGateway.Response limited = TestGateway.send(member, HttpRequest.newBuilder(gateway.https("/api/v1/me")).build());
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 10L);
    }

    @Test
    void aBodyOverTheLimitGets413WhetherDeclaredOrStreamed() {
        String big = "{\"name\":\"" + "x".repeat(2000) + "\",\"kind\":\"DEPARTMENT\",\"suite\":\"INTL\"}";
        TestGateway.Response declared = gateway.send(gateway.as("sysadmin", "/api/v1/members")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(big)).build());
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.code()).isEqualTo("payload_too_large");

        TestGateway.Response chunked = gateway.send(gateway.as("sysadmin", "/api/v1/members")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))).build());
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.code()).isEqualTo("payload_too_large");
        assertThat(chunked.body()).doesNotContain("xxxx");
    }

    @Test
    void readinessIsDownWhileTheAuditStoreCannotBeWritten() throws Exception {
        assertThat(readiness().status()).isEqualTo(200);
        String url = "jdbc:h2:file:" + gateway.base().resolve("data/db/popgate");
        try (Connection c = DriverManager.getConnection(url, "popgate", ""); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE audit_sequencer RENAME TO audit_sequencer_away");
            try {
                TestGateway.Response down = readiness();
                assertThat(down.status()).isEqualTo(503);
                assertThat(down.json().get("components").get("auditWrite").get("status").asString()).isEqualTo("DOWN");
            } finally {
                s.execute("ALTER TABLE audit_sequencer_away RENAME TO audit_sequencer");
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> readiness().status() == 200);
    }

    private static TestGateway.Response readiness() {
        return gateway.send(HttpRequest.newBuilder(gateway.http("/actuator/health/readiness")).GET().build());
    }
}
