package org.popgate.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.popgate.crypto.ca.CertificateRequests;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.gateway.PopgateApplication;
import org.popgate.gateway.tls.TlsListener;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running gateway for API tests: its own directories, no county, the member TLS listener on a free port,
 * the initial accounts (one per role) read from the keys directory, and clients for people and members.
 */
public final class TestGateway implements AutoCloseable {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConfigurableApplicationContext context;
    private final Path base;
    private final Map<String, String> passwords = new HashMap<>();
    private final HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TestGateway(ConfigurableApplicationContext context, Path base) {
        this.context = context;
        this.base = base;
        try {
            for (String line : Files.readAllLines(base.resolve("keys/initial-accounts.txt"))) {
                if (!line.startsWith("#")) {
                    String[] parts = line.split("\t");
                    passwords.put(parts[0], parts[3]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a gateway with the test profile, no county, TLS on, and {@code extra} arguments. */
    public static TestGateway start(String... extra) {
        return start(TestDirectories.create(), List.of(), extra);
    }

    /** Starts a gateway in {@code base} with extra configuration classes and arguments. */
    public static TestGateway start(Path base, List<Class<?>> sources, String... extra) {
        List<String> args = new ArrayList<>(List.of("--popgate.data-dir=" + base.resolve("data"),
                "--popgate.keys.dir=" + base.resolve("keys"), "--popgate.audit.witness-dir=" + base.resolve("witness"),
                "--popgate.demo.enabled=false", "--popgate.tls.enabled=true", "--popgate.tls.port=0"));
        // An extra argument replaces the default of the same name (e.g. --popgate.demo.enabled=true loads the county).
        args.removeIf(d -> List.of(extra).stream().anyMatch(e -> e.startsWith(d.substring(0, d.indexOf('=') + 1))));
        args.addAll(List.of(extra));
        List<Class<?>> all = new ArrayList<>();
        all.add(PopgateApplication.class);
        all.addAll(sources);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(all.toArray(Class<?>[]::new))
                .profiles("test").run(args.toArray(String[]::new));
        return new TestGateway(context, base);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public Path base() {
        return base;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public String password(String username) {
        return passwords.get(username);
    }

    public URI http(String path) {
        return URI.create("http://localhost:" + context.getEnvironment().getProperty("local.server.port") + path);
    }

    public URI https(String path) {
        return URI.create("https://localhost:" + bean(TlsListener.class).port() + path);
    }

    /** A request as {@code username} (HTTP Basic with its initial password). */
    public HttpRequest.Builder as(String username, String path) {
        String token = Base64.getEncoder().encodeToString(
                (username + ":" + password(username)).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(http(path)).header("Authorization", "Basic " + token);
    }

    public Response send(HttpRequest request) {
        return send(plain, request);
    }

    public static Response send(HttpClient client, HttpRequest request) {
        try {
            return new Response(client.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpRequest.BodyPublisher json(Object body) {
        return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    }

    /** Registers {@code member} and enrols a fresh TLS key for it (as the sysadmin); returns its credentials. */
    public MemberCredentials enrolMember(String member, String kind) {
        Response registered = send(as("sysadmin", "/api/v1/members").header("Content-Type", "application/json")
                .POST(json(Map.of("name", member, "kind", kind, "suite", "INTL"))).build());
        if (registered.status() != 201 && registered.status() != 409) {
            throw new IllegalStateException("registering " + member + ": " + registered.body());
        }
        return enrolTls(member);
    }

    /** Enrols a fresh TLS key for an existing member. */
    public MemberCredentials enrolTls(String member) {
        KeyPair pair = p256();
        String csr = CsrPem.of(CertificateRequests.create(CryptoSuite.INTL, member, pair));
        Response issued = send(as("sysadmin", "/api/v1/members/" + member + "/certificates")
                .header("Content-Type", "application/json")
                .POST(json(Map.of("use", "TLS", "csr", csr))).build());
        if (issued.status() != 201) {
            throw new IllegalStateException("enrolling " + member + ": " + issued.body());
        }
        return new MemberCredentials(member, pair.getPrivate(), CsrPem.certificate(issued.json().get("certificate")
                .asString()), issued.json().get("serial").asString());
    }

    /** An HTTPS client presenting {@code certificate} with {@code key}, trusting the gateway's server certificate. */
    public HttpClient memberClient(PrivateKey key, X509Certificate certificate) {
        try {
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("member", key, "x".toCharArray(), new X509Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity, "x".toCharArray());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("gateway", CsrPem.jdk(bean(GatewayKeyStore.class).certificate("tls-server")));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public HttpClient memberClient(MemberCredentials credentials) {
        return memberClient(credentials.key(), credentials.certificate());
    }

    public static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }

    /** A member system's TLS key and certificate. */
    public record MemberCredentials(String member, PrivateKey key, X509Certificate certificate, String serial) {}

    /** An HTTP answer with its body parsed on demand. */
    public record Response(HttpResponse<String> raw) {
        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        /** The problem detail's {@code code}, or null. */
        public String code() {
            JsonNode code = json().get("code");
            return code == null ? null : code.asString();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }
}
