package org.popgate.bench.pull;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.popgate.adapters.synthetic.CountyGenerator;
import org.popgate.adapters.synthetic.CountyRow;
import org.popgate.adapters.synthetic.CountySpec;
import org.popgate.adapters.synthetic.DefectPlan;
import org.popgate.audit.event.Actor;
import org.popgate.crypto.ca.CertificateRequests;
import org.popgate.crypto.ca.CertificateUse;
import org.popgate.crypto.idnumber.IdNumbers;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.suite.CryptoSuite;
import org.popgate.gateway.PopgateApplication;
import org.popgate.gateway.members.MemberKind;
import org.popgate.gateway.members.MemberRegistry;
import org.popgate.gateway.members.MemberService;
import org.popgate.gateway.pulls.Pull;
import org.popgate.gateway.pulls.PullService;
import org.popgate.gateway.security.Caller;
import org.popgate.gateway.security.Role;
import org.popgate.gateway.tls.TlsListener;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Single-person lookups under a standing approval through the real API with full security: mutual TLS with
 * keep-alive (HTTP/1.1, one connection per client thread), the member check on every request, the ID normalised and
 * found by its keyed lookup hash, the record minimised and pseudonymised for the department, the lookup counted
 * against its quota and audited (one durable audit event per lookup, group commit). The gateway runs in this JVM on
 * its H2 default with a small county; clients and gateway share the machine's cores. Run once with the INTL audit
 * suite and an INTL member, then with a gateway on the GM audit suite (SM3 tree, SM2 checkpoints) and a GM member.
 *
 * <p>The clients are {@link LeanHttpsClient}s by default (real mutual TLS and HTTP/1.1 keep-alive, minimal parsing) so
 * that the harness leaves the cores to the gateway, as a department's system on another machine would;
 * {@code java.net.http.HttpClient} on request. Each client count gets its same-run baseline: the same clients on
 * {@code GET /api/v1/me} (TLS, filters, member check, no pull work), then the lookups on a fresh standing approval.
 *
 * <p>Arguments: [client counts, comma-separated (16)] [seconds measured per row (20)] [persons (20000)]
 * [client: lean | jdk (lean)] [suites (INTL,GM)] [seconds of lookup warm-up per suite (8)].
 */
public final class PullLookupBenchmark {

    public static void main(String[] args) throws Exception {
        int[] clientCounts = java.util.Arrays.stream((args.length > 0 ? args[0] : "16").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int persons = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        boolean lean = !(args.length > 3 && "jdk".equals(args[3]));
        List<String> suites = List.of((args.length > 4 ? args[4] : "INTL,GM").split(","));
        warmUp = args.length > 5 ? Integer.parseInt(args[5]) : 8;
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        idNumbers = ids(persons);
        List<String> rows = new ArrayList<>();
        for (String suite : suites) {
            rows.addAll(run(suite, clientCounts, seconds, persons, lean));
        }
        System.out.printf(Locale.ROOT, "%n| suite | client | clients | lookups | req/s | p50 ms | p99 ms | max ms | GET /me req/s"
                + " | GET /me p50 ms | GET /me p99 ms | lookups vs GET /me |%n|---|---|---|---|---|---|---|---|---|---|---|---|%n");
        rows.forEach(System.out::println);
    }

    private static List<String> run(String suite, int[] clientCounts, int seconds, int persons, boolean lean) throws Exception {
        Path base = Files.createTempDirectory("popgate-bench-lookup-");
        String member = "431128.health";
        int most = java.util.Arrays.stream(clientCounts).max().orElse(16);
        ConfigurableApplicationContext gateway = new SpringApplicationBuilder(PopgateApplication.class).run(
                "--popgate.data-dir=" + base.resolve("data"), "--popgate.keys.dir=" + base.resolve("keys"),
                "--popgate.audit.witness-dir=" + base.resolve("witness"), "--popgate.audit.suite=" + suite,
                "--popgate.demo.persons=" + persons, "--popgate.demo.accounts=false", "--server.port=0",
                "--popgate.tls.enabled=true", "--popgate.tls.port=0",
                "--popgate.protection.member-requests-per-second=1000000", "--popgate.protection.member-burst=1000000",
                "--popgate.protection.max-concurrent-requests=" + Math.max(32, most * 2),
                "--popgate.alerts.off-hours=false", "--logging.level.root=warn",
                // The demo's simulated departments would drop feed files into this gateway and compete for the CPU.
                "--popgate.feeds.simulators.enabled=false");
        try {
            Actor admin = Actor.person("bench", "SYSADMIN", null);
            MemberService members = gateway.getBean(MemberService.class);
            members.register(member, MemberKind.DEPARTMENT, suite, admin);
            KeyPair tls = p256();
            members.enrol(member, CertificateUse.TLS, pem(CertificateRequests.create(CryptoSuite.INTL, member, tls)), admin);
            X509Certificate tlsCertificate = gateway.getBean(MemberRegistry.class)
                    .currentCertificate(member, CertificateUse.TLS, Instant.now()).orElseThrow();
            PullService pulls = gateway.getBean(PullService.class);
            SSLContext ssl = ssl(tls, tlsCertificate, gateway.getBean(GatewayKeyStore.class).certificate("tls-server"));
            int port = gateway.getBean(TlsListener.class).port();
            Target me = new Target(URI.create("https://localhost:" + port + "/api/v1/me"), null);
            // Each measured row gets its own standing approval, so no row runs into the previous rows' daily quota.
            measure(most, 4, ssl, me, lean, new Recorder(3));                                   // warm-up
            measure(most, warmUp, ssl, lookups(pulls, member, port), lean, new Recorder(3));   // warm-up
            List<String> rows = new ArrayList<>();
            for (int clients : clientCounts) {
                // Baseline in the same run: the same clients, connections and security filters on GET /api/v1/me.
                Recorder floor = new Recorder(3);
                long baseline = measure(clients, seconds, ssl, me, lean, floor);
                Recorder recorder = new Recorder(3);
                long n = measure(clients, seconds, ssl, lookups(pulls, member, port), lean, recorder);
                Histogram h = recorder.getIntervalHistogram();
                Histogram b = floor.getIntervalHistogram();
                rows.add(String.format(Locale.ROOT,
                        "| %s | %s | %d | %,d | %,.0f | %.1f | %.1f | %.1f | %,.0f | %.1f | %.1f | %.2f |",
                        suite, lean ? "lean" : "jdk", clients, n, n / (double) seconds, h.getValueAtPercentile(50) / 1e3,
                        h.getValueAtPercentile(99) / 1e3, h.getMaxValue() / 1e3, baseline / (double) seconds,
                        b.getValueAtPercentile(50) / 1e3, b.getValueAtPercentile(99) / 1e3, n / (double) baseline));
                System.out.println(rows.get(rows.size() - 1));
            }
            return rows;
        } finally {
            gateway.close();
        }
    }

    /** What the clients call: a URI, and for lookups the ID numbers that go into the bodies. */
    private record Target(URI uri, List<String> ids) {}

    private static List<String> idNumbers;
    /** Seconds of lookups before the first measured row: the JIT compiles the request path meanwhile. */
    private static int warmUp;

    /** A fresh standing approval for the health department's vaccination planning, and its lookup endpoint. */
    private static Target lookups(PullService pulls, String member, int port) {
        Pull standing = pulls.file(new PullService.Request("vaccination-planning", "疫苗管理法",
                List.of("idNumber", "gender", "birthDate", "registrationArea"), null, null, null, null, true),
                new Caller.Person(1, "bench-requester", Role.REQUESTER, member));
        pulls.approve(standing.id(), new PullService.Approval(null, null, null, 100_000),
                new Caller.Person(2, "bench-approver", Role.APPROVER, null));
        return new Target(URI.create("https://localhost:" + port + "/api/v1/pulls/" + standing.id() + "/lookups"), idNumbers);
    }

    /** Requests from {@code clients} threads, each on its own keep-alive connection, for {@code seconds}. */
    private static long measure(int clients, int seconds, SSLContext ssl, Target target, boolean lean, Recorder recorder)
            throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong reconnects = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        CountDownLatch finished = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            int offset = c * 7919;
            Thread t = new Thread(() -> {
                if (lean) {
                    leanClient(ssl, target, offset, end, recorder, done, failed, reconnects);
                } else {
                    jdkClient(ssl, target, offset, end, recorder, done, failed);
                }
                finished.countDown();
            });
            t.setDaemon(true);
            t.start();
        }
        finished.await();
        if (failed.get() > 0) {
            System.out.printf(Locale.ROOT, "%,d requests failed%n", failed.get());
        }
        if (reconnects.get() > 0) {
            System.out.printf(Locale.ROOT, "%,d reconnections (the server closed kept-alive connections)%n", reconnects.get());
        }
        return done.get();
    }

    private static void leanClient(SSLContext ssl, Target target, int offset, long end, Recorder recorder,
            AtomicLong done, AtomicLong failed, AtomicLong reconnects) {
        try (LeanHttpsClient client = new LeanHttpsClient(ssl, target.uri().getHost(), target.uri().getPort())) {
            String head = client.head(target.ids() == null ? "GET" : "POST", target.uri().getRawPath(), target.ids() != null);
            int i = offset;
            while (System.nanoTime() < end) {
                byte[] body = target.ids() == null ? null : ("{\"idNumber\":\""
                        + target.ids().get(Math.floorMod(i++, target.ids().size())) + "\"}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                long start = System.nanoTime();
                try {
                    int status = client.send(head, body);
                    recorder.recordValue((System.nanoTime() - start) / 1000);
                    (status == 200 ? done : failed).incrementAndGet();
                } catch (IOException e) {
                    failed.incrementAndGet();
                }
            }
            reconnects.addAndGet(Math.max(0, client.connections() - 1));
        }
    }

    private static void jdkClient(SSLContext ssl, Target target, int offset, long end, Recorder recorder,
            AtomicLong done, AtomicLong failed) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl).build();
        int i = offset;
        while (System.nanoTime() < end) {
            HttpRequest request;
            if (target.ids() == null) {
                request = HttpRequest.newBuilder(target.uri()).GET().build();
            } else {
                String id = target.ids().get(Math.floorMod(i++, target.ids().size()));
                request = HttpRequest.newBuilder(target.uri()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"idNumber\":\"" + id + "\"}")).build();
            }
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                recorder.recordValue((System.nanoTime() - start) / 1000);
                (response.statusCode() == 200 ? done : failed).incrementAndGet();
            } catch (IOException | InterruptedException e) {
                failed.incrementAndGet();
            }
        }
    }

    private static List<String> ids(int persons) {
        IdNumbers check = IdNumbers.withShippedAreas();
        List<String> ids = new ArrayList<>();
        CountyGenerator.generate(new CountySpec(431128, persons, DefectPlan.DEFAULT, CountySpec.DEFAULT_AS_OF), row -> {
            if (row instanceof CountyRow.Person p && p.cancelledAt() == null && check.check(p.idNumber()).isValid()) {
                ids.add(p.idNumber());
            }
        });
        java.util.Collections.shuffle(ids, new java.util.Random(7));
        return ids;
    }

    private static KeyPair p256() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String pem(Object csr) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(csr);
        }
        return out.toString();
    }

    private static SSLContext ssl(KeyPair key, X509Certificate certificate, X509Certificate server) throws Exception {
        java.security.cert.CertificateFactory jdk = java.security.cert.CertificateFactory.getInstance("X.509");
        X509Certificate own = (X509Certificate) jdk.generateCertificate(new java.io.ByteArrayInputStream(certificate.getEncoded()));
        X509Certificate trusted = (X509Certificate) jdk.generateCertificate(new java.io.ByteArrayInputStream(server.getEncoded()));
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("member", key.getPrivate(), "x".toCharArray(), new X509Certificate[] {own});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity, "x".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway", trusted);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ssl;
    }
}
