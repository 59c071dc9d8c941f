package org.popgate.gateway.support;

import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person's console session over plain HTTP (no browser): form login with the CSRF token from the login page,
 * then GETs and form POSTs carrying the session cookie and a fresh CSRF token. Redirects are not followed, so a
 * test sees a refusal as it happens (403, or 302 to the login page).
 */
public final class ConsoleSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final TestGateway gateway;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();

    private ConsoleSession(TestGateway gateway) {
        this.gateway = gateway;
    }

    /** A session with no login. */
    public static ConsoleSession anonymous(TestGateway gateway) {
        return new ConsoleSession(gateway);
    }

    /** Logs in as {@code username} with its initial password; fails unless the login is accepted. */
    public static ConsoleSession login(TestGateway gateway, String username) {
        ConsoleSession session = new ConsoleSession(gateway);
        TestGateway.Response answer = session.login(username, gateway.password(username));
        String location = answer.header("Location");
        if (answer.status() != 302 || location == null || !location.endsWith("/console")) {
            throw new IllegalStateException("console login of " + username + " refused: " + answer.status() + " " + location);
        }
        return session;
    }

    /** Posts the login form; returns the answer (302 to /console, or to the login page with an error code). */
    public TestGateway.Response login(String username, String password) {
        String token = token(get("/console/login").body());
        return post("/console/login", Map.of("username", username, "password", password), token);
    }

    public TestGateway.Response get(String path) {
        return TestGateway.send(client, HttpRequest.newBuilder(gateway.http(path)).GET().build());
    }

    /** Posts a form with a CSRF token taken from the home page. */
    public TestGateway.Response post(String path, Map<String, String> form) {
        return post(path, form, token(get("/console").body()));
    }

    /** Posts a form with this CSRF token (null: none). */
    public TestGateway.Response post(String path, Map<String, String> form, String token) {
        Map<String, String> fields = new LinkedHashMap<>(form);
        if (token != null) {
            fields.put("_csrf", token);
        }
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return TestGateway.send(client, HttpRequest.newBuilder(gateway.http(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** The CSRF token in a page's forms, or null. */
    public static String token(String html) {
        Matcher m = CSRF.matcher(html);
        return m.find() ? m.group(1) : null;
    }
}
