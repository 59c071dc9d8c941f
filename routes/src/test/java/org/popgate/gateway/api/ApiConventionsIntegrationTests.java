package org.popgate.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.popgate.gateway.support.TestGateway;
import tools.jackson.databind.JsonNode;

/** Problem details with stable codes that never echo the request, and the OpenAPI document of /api/v1. */
class ApiConventionsIntegrationTests {

    private static final String ID_NUMBER = "11010519491231002X";

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void anAnonymousCallGetsAProblemWithACode() {
        TestGateway.Response response = gateway.send(HttpRequest.newBuilder(gateway.http("/api/v1/me")).build());
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo("unauthenticated");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:popgate:problem:unauthenticated");
        assertThat(response.header("WWW-Authenticate")).startsWith("Basic");
    }

    @Test
    void aMalformedBodyIsRefusedWithoutEchoingIt() {
        TestGateway.Response response = gateway.send(gateway.as("sysadmin", "/api/v1/members")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + ID_NUMBER + "\", \"kind\": [")).build());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("malformed_request");
        assertThat(response.body()).doesNotContain(ID_NUMBER).doesNotContain("kind");
    }

    @Test
    void anInvalidBodyIsRefusedWithoutEchoingIt() {
        TestGateway.Response response = gateway.send(gateway.as("sysadmin", "/api/v1/members")
                .header("Content-Type", "application/json")
                .POST(TestGateway.json(Map.of("name", ID_NUMBER, "kind", "DEPARTMENT", "suite", "INTL"))).build());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("validation_failed");
        assertThat(response.body()).doesNotContain(ID_NUMBER);
    }

    @Test
    void aMissingObjectIsNotFound() {
        TestGateway.Response response = gateway.send(gateway.as("sysadmin", "/api/v1/members/431128.nobody").GET().build());
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.code()).isEqualTo("not_found");
    }

    @Test
    void theOpenApiDocumentDescribesOnlyApiV1WithNoPersonalDataInPaths() {
        TestGateway.Response docs = gateway.send(HttpRequest.newBuilder(gateway.http("/v3/api-docs")).build());
        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = docs.json().get("paths");
        assertThat(paths.has("/api/v1/members")).isTrue();
        Iterator<String> names = paths.propertyNames().iterator();
        while (names.hasNext()) {
            String path = names.next();
            assertThat(path).startsWith("/api/v1/");
            java.util.regex.Matcher variables = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
            while (variables.find()) {
                assertThat(variables.group(1)).as("path variable of %s", path)
                        .isIn(Set.of("member", "account", "alert", "serial", "reject", "area", "pull", "key", "id"));
            }
        }
    }
}
