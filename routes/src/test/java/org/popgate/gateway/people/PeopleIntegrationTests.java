package org.popgate.gateway.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.popgate.audit.event.EventType;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.store.AuditQuery;
import org.popgate.gateway.security.Role;
import org.popgate.gateway.support.TestGateway;
import tools.jackson.databind.JsonNode;

/** People: initial accounts, account management by the security administrator, audited and throttled logins. */
class PeopleIntegrationTests {

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("--popgate.security.max-failed-logins=3");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theFirstStartWritesOneAccountPerRoleToAnOwnerOnlyFile() throws Exception {
        Path file = gateway.base().resolve("keys/initial-accounts.txt");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        List<String> roles = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#"))
                .map(l -> l.split("\t")[1]).distinct().toList();
        assertThat(roles).containsExactlyInAnyOrder(
                java.util.Arrays.stream(Role.values()).map(Role::name).toArray(String[]::new));
        String hashes = gateway.bean(org.springframework.jdbc.core.simple.JdbcClient.class)
                .sql("SELECT password_hash FROM account WHERE username = 'approver'").query(String.class).single();
        assertThat(hashes).startsWith("{argon2}").doesNotContain(gateway.password("approver"));
    }

    @Test
    void aSuccessfulLoginIsAudited() {
        assertThat(gateway.send(gateway.as("approver", "/api/v1/me").GET().build()).json().get("role").asString())
                .isEqualTo("APPROVER");
        assertThat(gateway.bean(AuditLog.class).query(AuditQuery.all().byPerson("approver")
                .ofTypes(Set.of(EventType.LOGIN_SUCCEEDED)))).isNotEmpty();
    }

    @Test
    void failedLoginsAreAuditedAndThrottledWithRetryAfter() {
        JsonNode created = create("clerk.one", "APPROVER", null);
        String password = created.get("initialPassword").asString();
        for (int i = 0; i < 3; i++) {
            TestGateway.Response refused = login("clerk.one", "wrong-" + i);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.code()).isEqualTo("unauthenticated");
        }
        TestGateway.Response throttled = login("clerk.one", password);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.code()).isEqualTo("login_throttled");
        assertThat(Long.parseLong(throttled.header("Retry-After"))).isPositive();
        assertThat(gateway.bean(AuditLog.class).query(AuditQuery.all().byPerson("clerk.one")
                .ofTypes(Set.of(EventType.LOGIN_FAILED))))
                .extracting(e -> e.event().reason())
                .containsExactly("bad_credentials", "bad_credentials", "bad_credentials", "login_throttled");
    }

    @Test
    void theSecurityAdministratorCreatesAndDisablesAccountsAndEveryChangeIsAudited() {
        JsonNode created = create("health.clerk", "REQUESTER", "431128.health");
        long id = created.get("account").get("id").asLong();
        assertThat(login("health.clerk", created.get("initialPassword").asString()).status()).isEqualTo(200);
        assertThat(gateway.send(gateway.as("security-admin", "/api/v1/accounts/" + id + "/disable")
                .POST(HttpRequest.BodyPublishers.noBody()).build()).json().get("enabled").asBoolean()).isFalse();
        assertThat(login("health.clerk", created.get("initialPassword").asString()).status()).isEqualTo(401);
        assertThat(gateway.bean(AuditLog.class).query(AuditQuery.all().byPerson("security-admin")
                .ofTypes(Set.of(EventType.ACCOUNT_CHANGED)))).extracting(e -> e.event().operation())
                .contains("account.create", "account.disable");
    }

    @Test
    void aRequesterMustBeBoundToADepartment() {
        TestGateway.Response refused = gateway.send(gateway.as("security-admin", "/api/v1/accounts")
                .header("Content-Type", "application/json")
                .POST(TestGateway.json(Map.of("username", "misbound", "role", "REQUESTER",
                        "member", "431128.migrant-office"))).build());
        assertThat(refused.code()).isEqualTo("validation_failed");
    }

    @Test
    void anAdministratorCannotChangeTheirOwnAccount() {
        long self = -1;
        JsonNode accounts = gateway.send(gateway.as("security-admin", "/api/v1/accounts").GET().build()).json();
        for (JsonNode account : accounts) {
            if (account.get("username").asString().equals("security-admin")) {
                self = account.get("id").asLong();
            }
        }
        TestGateway.Response refused = gateway.send(gateway.as("security-admin", "/api/v1/accounts/" + self + "/role")
                .header("Content-Type", "application/json")
                .PUT(TestGateway.json(Map.of("role", "SYSADMIN"))).build());
        assertThat(refused.code()).isEqualTo("access_denied");
    }

    @Test
    void aPersonOfASuspendedDepartmentCannotLogIn() {
        gateway.send(gateway.as("sysadmin", "/api/v1/members").header("Content-Type", "application/json")
                .POST(TestGateway.json(Map.of("name", "431128.education", "kind", "DEPARTMENT", "suite", "GM"))).build());
        JsonNode created = create("teacher", "REQUESTER", "431128.education");
        gateway.send(gateway.as("sysadmin", "/api/v1/members/431128.education/suspend")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        TestGateway.Response refused = login("teacher", created.get("initialPassword").asString());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("member_suspended");
    }

    private static JsonNode create(String username, String role, String member) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("username", username, "role", role));
        if (member != null) {
            body.put("member", member);
        }
        TestGateway.Response created = gateway.send(gateway.as("security-admin", "/api/v1/accounts")
                .header("Content-Type", "application/json").POST(TestGateway.json(body)).build());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    private static TestGateway.Response login(String username, String password) {
        String token = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        URI me = gateway.http("/api/v1/me");
        return gateway.send(HttpRequest.newBuilder(me).header("Authorization", "Basic " + token).GET().build());
    }
}
