package org.popgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.popgate.gateway.support.ConsoleSession;
import org.popgate.gateway.support.TestGateway;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The authorisation matrix over real HTTP: every /api/v1 endpoint × every role (HTTP Basic) and a member system
 * (mutual TLS) × own/other member, through the running gateway's filters, with zero unexpected allows; console
 * pages the same way with a form-login session per role.
 */
class AuthorisationMatrixIntegrationTests {

    private static TestGateway gateway;
    private static HttpClient memberClient;
    private static final Map<AuthorisationMatrix.Principal, ConsoleSession> consoleSessions =
            new EnumMap<>(AuthorisationMatrix.Principal.class);

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
                // The console's login page is open to everyone in its filter chain, before the policy.
                if (pattern.startsWith("/api/") || pattern.startsWith("/console") && !pattern.equals("/console/login")) {
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
        if (path.startsWith("/console")) {
            return callConsole(principal, method, path);
        }
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

    /**
     * Console pages as a browser reaches them: people through a form-login session (POSTs with a CSRF token), a
     * member system with its TLS certificate and no session. Refused is 401/403 or a redirect to the login page.
     */
    private static boolean callConsole(AuthorisationMatrix.Principal principal, String method, String path) {
        TestGateway.Response response = switch (principal) {
            case ANONYMOUS -> method.equals("GET") ? ConsoleSession.anonymous(gateway).get(path)
                    : ConsoleSession.anonymous(gateway).post(path, Map.of(), null);
            case MEMBER_SYSTEM -> TestGateway.send(memberClient, HttpRequest.newBuilder(gateway.https(path))
                    .header("Content-Type", "application/x-www-form-urlencoded").method(method, method.equals("GET")
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("")).build());
            default -> {
                ConsoleSession session = consoleSessions.computeIfAbsent(principal, p ->
                        ConsoleSession.login(gateway, p.name().toLowerCase().replace('_', '-')));
                yield method.equals("GET") ? session.get(path) : session.post(path, Map.of());
            }
        };
        String location = response.header("Location");
        boolean toLogin = response.status() == 302 && location != null && location.contains("/console/login");
        return response.status() != 401 && response.status() != 403 && !toLogin;
    }
}
