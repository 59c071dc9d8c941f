package org.popgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.popgate.gateway.support.TestGateway;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The authorisation matrix over real HTTP: every /api/v1 endpoint × every role (HTTP Basic) and a member system
 * (mutual TLS) × own/other member, through the running gateway's filters, with zero unexpected allows.
 */
class AuthorisationMatrixIntegrationTests {

    private static TestGateway gateway;
    private static HttpClient memberClient;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("--popgate.protection.account-burst=100000",
                "--popgate.protection.member-burst=100000");
        memberClient = gateway.memberClient(gateway.enrolMember(AuthorisationMatrix.MEMBER_SYSTEM, "DEPARTMENT"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void everyApiEndpointIsInTheMatrix() {
        Set<String> mapped = new HashSet<>();
        RequestMappingHandlerMapping mapping = gateway.context()
                .getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/api/")) {
                    info.getMethodsCondition().getMethods().forEach(m -> mapped.add(m.name() + " " + pattern));
                }
            }
        }
        Set<String> matrix = new HashSet<>();
        AuthorisationMatrix.EXPECTED.keySet().forEach(e -> matrix.add(e.method() + " " + e.pattern()));
        assertThat(mapped).isEqualTo(matrix);
    }

    @Test
    void theRunningGatewayAllowsExactlyWhatTheMatrixSays() {
        assertThat(AuthorisationMatrix.check(AuthorisationMatrixIntegrationTests::callOverHttp)).isEmpty();
    }

    /** Allowed means past authentication and authorisation: anything but 401 and 403 (404 for a missing id is fine). */
    private static boolean callOverHttp(AuthorisationMatrix.Principal principal, String method, String path) {
        HttpRequest.BodyPublisher body = method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{}");
        TestGateway.Response response = switch (principal) {
            case ANONYMOUS -> gateway.send(HttpRequest.newBuilder(gateway.http(path))
                    .header("Content-Type", "application/json").method(method, body).build());
            case MEMBER_SYSTEM -> TestGateway.send(memberClient, HttpRequest.newBuilder(gateway.https(path))
                    .header("Content-Type", "application/json").method(method, body).build());
            default -> gateway.send(gateway.as(principal.name().toLowerCase().replace('_', '-'), path)
                    .header("Content-Type", "application/json").method(method, body).build());
        };
        return response.status() != 401 && response.status() != 403;
    }
}
