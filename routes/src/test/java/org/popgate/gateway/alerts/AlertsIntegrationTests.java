package org.popgate.gateway.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.popgate.audit.event.EventType;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.store.AuditQuery;
import org.popgate.gateway.support.TestGateway;
import tools.jackson.databind.JsonNode;

/** The alert desk: a burst of denied requests raises an alert within its window; acknowledging it is audited. */
class AlertsIntegrationTests {

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("--popgate.alerts.denial-burst-threshold=5", "--popgate.alerts.denial-burst-window=30s",
                "--popgate.alerts.scan-interval=100ms");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aBurstOfDeniedRequestsRaisesAnAlertWithinItsWindowAndAcknowledgingItIsAudited() {
        for (int i = 0; i < 5; i++) {
            assertThat(gateway.send(gateway.as("approver", "/api/v1/accounts").GET().build()).status()).isEqualTo(403);
        }
        JsonNode alert = await().atMost(Duration.ofSeconds(30)).until(() -> burstAlertFor("person:approver"),
                a -> a != null);
        AuditLog audit = gateway.bean(AuditLog.class);
        assertThat(audit.query(AuditQuery.all().ofTypes(Set.of(EventType.ALERT_RAISED))))
                .anySatisfy(e -> assertThat(e.event().attributes()).containsEntry("alert", alert.get("id").asString()));

        long id = alert.get("id").asLong();
        TestGateway.Response acknowledged = gateway.send(gateway.as("security-officer", "/api/v1/alerts/" + id + "/acknowledge")
                .header("Content-Type", "application/json")
                .POST(TestGateway.json(Map.of("text", "approver probing the accounts API; spoke to them"))).build());
        assertThat(acknowledged.status()).isEqualTo(200);
        assertThat(acknowledged.json().get("status").asString()).isEqualTo("ACKNOWLEDGED");
        assertThat(acknowledged.json().get("acknowledgedBy").asString()).isEqualTo("security-officer");
        assertThat(acknowledged.json().get("comments")).hasSize(1);
        assertThat(audit.query(AuditQuery.all().byPerson("security-officer").ofTypes(Set.of(EventType.ALERT_ACKNOWLEDGED))))
                .anySatisfy(e -> assertThat(e.event().attributes()).containsEntry("alert", Long.toString(id)));

        TestGateway.Response again = gateway.send(gateway.as("security-officer", "/api/v1/alerts/" + id + "/acknowledge")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(again.code()).isEqualTo("invalid_state");
    }

    @Test
    void officersCommentOnAlerts() {
        for (int i = 0; i < 5; i++) {
            gateway.send(gateway.as("requester", "/api/v1/alerts").GET().build());
        }
        JsonNode alert = await().atMost(Duration.ofSeconds(30)).until(() -> burstAlertFor("person:requester"),
                a -> a != null);
        TestGateway.Response commented = gateway.send(gateway.as("security-officer",
                "/api/v1/alerts/" + alert.get("id").asLong() + "/comments").header("Content-Type", "application/json")
                .POST(TestGateway.json(Map.of("text", "watching"))).build());
        assertThat(commented.status()).isEqualTo(201);
        assertThat(commented.json().get("comments").get(0).get("text").asString()).isEqualTo("watching");
    }

    @Test
    void theIntegrityAlarmReadsClearAndCannotBeAcknowledgedWhenNoneIsRaised() {
        TestGateway.Response integrity = gateway.send(gateway.as("security-officer", "/api/v1/audit/integrity").GET().build());
        assertThat(integrity.json().get("alarm").asBoolean()).isFalse();
        TestGateway.Response acknowledge = gateway.send(gateway.as("security-officer", "/api/v1/audit/integrity/acknowledge")
                .header("Content-Type", "application/json").POST(TestGateway.json(Map.of("text", "drill"))).build());
        assertThat(acknowledge.code()).isEqualTo("invalid_state");
    }

    private static JsonNode burstAlertFor(String subject) {
        TestGateway.Response list = gateway.send(gateway.as("security-officer", "/api/v1/alerts?status=OPEN").GET().build());
        for (JsonNode alert : list.json()) {
            if (alert.get("rule").asString().equals("denial_burst") && alert.get("subject").asString().equals(subject)) {
                return alert;
            }
        }
        return null;
    }
}
