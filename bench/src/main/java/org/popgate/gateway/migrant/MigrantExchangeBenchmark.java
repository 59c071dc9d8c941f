package org.popgate.gateway.migrant;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import org.popgate.adapters.synthetic.CountyGenerator;
import org.popgate.adapters.synthetic.CountyRow;
import org.popgate.adapters.synthetic.CountySpec;
import org.popgate.adapters.synthetic.DefectPlan;
import org.popgate.bench.support.MemberTls;
import org.popgate.gateway.PopgateApplication;
import org.popgate.gateway.tls.TlsListener;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Visit records per second end to end through the gateway as an office system reaches it — bulk uploads to
 * {@code POST /api/v1/migrant/offices/{office}/visits/bulk} over HTTP (Basic authentication as the destination
 * office's OFFICE_USER), the sender packing each upload's visits into packages of at most {@code per package}, the
 * transport, the origin office's receiver applying each package in its database transaction — signed and encrypted
 * (the gateway's only mode) against the same records unsigned and unencrypted, in the same run, on persistent
 * Artemis and on Kafka (an embedded KRaft broker, 4 partitions).
 *
 * <p>After a warm-up of each kind ({@code -Dbench.warmup} records each, by default as many as a measured run: the
 * first measured round used to run while the JIT was still compiling), plain and secure runs alternate, twice each;
 * the table gives each kind's mean.
 *
 * <p>Arguments: {@code [records per run (20000)] [records per package (250)] [concurrent clients (8)]
 * [visits per upload (1000)] [database: h2 (the embedded default) | postgres] [authentication: password |
 * certificate]}. With {@code postgres} the gateway
 * runs on PostgreSQL as in production, from the {@code POPGATE_TEST_PG_*} variables (the schema owner migrates a
 * fresh schema per transport, the application role runs the gateway), exactly as routes' PostgreSQL integration
 * tests configure it. With {@code password} (the default) the uploads authenticate as the destination office's
 * OFFICE_USER (HTTP Basic, one Argon2 check per upload); with {@code certificate} as the office's own case system
 * over mutual TLS (a TLS certificate enrolled for {@code 440305.migrant-office}, the way member systems authenticate).
 * {@code -Dbench.transports=ARTEMIS} (or {@code KAFKA}) measures one transport only.
 */
public final class MigrantExchangeBenchmark {

    static final String ORIGIN = "431128.migrant-office";
    static final String DESTINATION = "440305.migrant-office";
    static final String USER = "destination-office-user";

    private MigrantExchangeBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int perPackage = args.length > 1 ? Integer.parseInt(args[1]) : 250;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int upload = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        boolean postgres = args.length > 4 && args[4].equalsIgnoreCase("postgres");
        boolean certificate = args.length > 5 && args[5].equalsIgnoreCase("certificate");
        List<String> ids = new ArrayList<>();
        org.popgate.crypto.idnumber.IdNumbers valid = org.popgate.crypto.idnumber.IdNumbers.withShippedAreas();
        CountyGenerator.generate(new CountySpec(431128, 3000, DefectPlan.DEFAULT, CountySpec.DEFAULT_AS_OF), row -> {
            // Only persons the origin will find: registered, not cancelled, with a valid ID number (the county holds
            // deliberately defective records too, and one unknown person sends its whole package to the dead letters).
            if (row instanceof CountyRow.Person p && p.cancelReason() == null && valid.check(p.idNumber()).isValid()
                    && p.registrationArea().startsWith("431128")) {
                ids.add(p.idNumber());
            }
        });
        List<String> lines = new ArrayList<>();
        for (String transport : System.getProperty("bench.transports", "ARTEMIS,KAFKA").split(",")) {
            EmbeddedKafkaKraftBroker kafka = null;
            List<String> extra = new ArrayList<>();
            if (transport.equals("KAFKA")) {
                kafka = new EmbeddedKafkaKraftBroker(1, 4, "popgate.migrant.431128", "popgate.migrant.440305");
                kafka.afterPropertiesSet();
                extra.addAll(List.of("--popgate.migrant.transport=KAFKA",
                        "--popgate.migrant.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                        "--popgate.migrant.kafka.network-key=" + Base64.getEncoder().encodeToString(new byte[32])));
            }
            Path base = Files.createTempDirectory("popgate-bench-migrant-");
            List<String> arguments = new ArrayList<>(List.of("--popgate.data-dir=" + base.resolve("data"),
                    "--popgate.keys.dir=" + base.resolve("keys"), "--popgate.audit.witness-dir=" + base.resolve("witness"),
                    "--popgate.demo.persons=3000", "--popgate.demo.batch-size=500", "--server.port=0",
                    "--popgate.migrant.max-package-records=" + perPackage,
                    "--logging.level.root=warn",
                    // The demo's simulated departments would drop feed files into this gateway and compete for the CPU.
                    "--popgate.feeds.simulators.enabled=false"));
            arguments.addAll(extra);
            String schema = "bench_migrant_" + transport.toLowerCase();
            if (postgres) {
                arguments.addAll(postgres(schema));
            }
            if (certificate) {
                arguments.addAll(List.of("--popgate.tls.enabled=true", "--popgate.tls.port=0"));
            }
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PopgateApplication.class)
                    .run(arguments.toArray(String[]::new))) {
                MigrantExchange exchange = context.getBean(MigrantExchange.class);
                MigrantReceiver receiver = context.getBean(MigrantReceiver.class);
                MigrantStore store = context.getBean(MigrantStore.class);
                context.getBean(OfficeKeys.class).hosted(ORIGIN).orElseThrow();
                context.getBean(OfficeKeys.class).hosted(DESTINATION).orElseThrow();
                String path = "/api/v1/migrant/offices/" + DESTINATION + "/visits/bulk";
                Client client = certificate
                        ? new Client(URI.create("https://localhost:" + context.getBean(TlsListener.class).port() + path),
                                null, MemberTls.enrol(context, DESTINATION))
                        : Client.basic(URI.create("http://localhost:" + context.getEnvironment().getProperty("local.server.port")
                                + path), password(base.resolve("keys")));
                int warm = Integer.getInteger("bench.warmup", records);
                run(client, exchange, receiver, store, ids, warm, upload, clients, MigrantPackages.SECURE);
                run(client, exchange, receiver, store, ids, warm, upload, clients, MigrantPackages.PLAIN);
                // Interleaved, twice each, so neither kind gains from running later (a warmer JIT, fuller caches).
                double plain = 0;
                double secure = 0;
                for (int round = 0; round < 2; round++) {
                    plain += run(client, exchange, receiver, store, ids, records, upload, clients, MigrantPackages.PLAIN) / 2;
                    secure += run(client, exchange, receiver, store, ids, records, upload, clients, MigrantPackages.SECURE) / 2;
                }
                lines.add(String.format("| %s | %s | %s | %,d | %,d | %d | %d | %,.0f | %,.0f | %.2f |",
                        postgres ? "PostgreSQL" : "H2", transport.toLowerCase(), certificate ? "TLS certificate" : "password", records, upload, perPackage, clients, plain, secure, secure / plain));
            } finally {
                if (kafka != null) {
                    kafka.destroy();
                }
                if (postgres) {
                    dropSchema(schema);
                }
                // ≈ 1.5 GB of database, journal and spool per transport: the shared /tmp fills up otherwise.
                org.springframework.util.FileSystemUtils.deleteRecursively(base);
            }
        }
        System.out.println("| database | transport | uploads authenticated by | records | visits per upload | per package"
                + " | clients | plain records/s | signed+encrypted records/s | ratio |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        lines.forEach(System.out::println);
    }

    /**
     * The gateway's PostgreSQL settings on a fresh {@code schema}: the datasource as the application role, Flyway as
     * the schema owner (as routes' PostgreSQL integration tests and production configure it).
     */
    private static List<String> postgres(String schema) throws java.sql.SQLException {
        dropSchema(schema);
        String url = env("POPGATE_TEST_PG_URL");
        return List.of("--spring.profiles.active=postgres",
                "--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.datasource.username=" + env("POPGATE_TEST_PG_APP_USER"),
                "--spring.datasource.password=" + env("POPGATE_TEST_PG_APP_PASSWORD"),
                "--spring.flyway.user=" + env("POPGATE_TEST_PG_USER"),
                "--spring.flyway.password=" + env("POPGATE_TEST_PG_PASSWORD"),
                "--spring.flyway.schemas=" + schema, "--spring.flyway.default-schema=" + schema,
                "--spring.flyway.placeholders.app_role=" + env("POPGATE_TEST_PG_APP_USER"),
                "--spring.flyway.placeholders.app_schema=" + schema);
    }

    private static void dropSchema(String schema) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(env("POPGATE_TEST_PG_URL"),
                        env("POPGATE_TEST_PG_USER"), env("POPGATE_TEST_PG_PASSWORD"));
                java.sql.Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: source the PostgreSQL environment first");
        }
        return value;
    }

    /** The destination office user's initial password, from the file the gateway wrote on first start. */
    private static String password(Path keys) throws java.io.IOException {
        return Files.readAllLines(keys.resolve("initial-accounts.txt")).stream()
                .filter(l -> l.startsWith(USER + "\t")).map(l -> l.substring(l.lastIndexOf('\t') + 1))
                .findFirst().orElseThrow();
    }

    /**
     * Uploads as the office system does: HTTP/1.1 keep-alive, one JSON body per upload, authenticated either by Basic
     * {@code authorization} or by the TLS client certificate of {@code ssl}.
     */
    record Client(URI uri, String authorization, SSLContext ssl) {
        static Client basic(URI uri, String password) {
            return new Client(uri, "Basic " + Base64.getEncoder().encodeToString((USER + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)), null);
        }

        HttpClient http() {
            HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
            return (ssl == null ? builder : builder.sslContext(ssl)).build();
        }

        /** Uploads {@code ids[from, to)} as visits; fails unless every visit was sent. */
        void upload(HttpClient http, List<String> ids, int from, int to) throws Exception {
            StringBuilder json = new StringBuilder(220 * (to - from) + 16).append("{\"visits\":[");
            for (int j = from; j < to; j++) {
                json.append(j == from ? "" : ",").append("{\"idNumber\":\"").append(ids.get(j % ids.size()))
                        .append("\",\"registrationArea\":\"431128\",\"service\":\"THREE_CHECKS\",\"fields\":"
                                + "{\"visitDate\":\"2025-09-26\",\"pregnancyCheck\":\"NORMAL\",\"iudCheck\":\"NORMAL\","
                                + "\"reproductiveHealthCheck\":\"NORMAL\"}}");
            }
            json.append("]}");
            HttpRequest.Builder request = HttpRequest.newBuilder(uri);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json.toString()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 || !response.body().startsWith("{\"sent\":" + (to - from) + ",")) {
                throw new IllegalStateException("upload refused: HTTP " + response.statusCode() + " "
                        + response.body().substring(0, Math.min(200, response.body().length())));
            }
        }
    }

    /** Uploads {@code records} visits from {@code clients} threads; returns records/s until all are applied. */
    private static double run(Client client, MigrantExchange exchange, MigrantReceiver receiver, MigrantStore store,
            List<String> ids, int records, int upload, int clients, MigrantPackages.Codec codec) throws Exception {
        exchange.useCodec(codec);
        receiver.useCodec(codec);
        long before = store.tally(ORIGIN);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> sent = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            int thread = t;
            sent.add(pool.submit(() -> {
                HttpClient http = client.http();
                for (int i = thread * upload; i < records; i += clients * upload) {
                    client.upload(http, ids, i, Math.min(records, i + upload));
                }
                return null;
            }));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        pool.shutdown();
        double uploaded = (System.nanoTime() - start) / 1e9;
        long deadline = System.nanoTime() + 900_000_000_000L;
        while (store.tally(ORIGIN) < before + records) {
            if (System.nanoTime() > deadline || !store.deadLetters("OPEN").isEmpty()) {
                throw new IllegalStateException("records not applied: tally " + (store.tally(ORIGIN) - before) + " of "
                        + records + ", dead letters " + store.deadLetters("OPEN").stream().map(MigrantStore.DeadLetter::reason).toList());
            }
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: %,d records uploaded in %.1f s, applied in %.1f s = %,.0f records/s%n",
                codec == MigrantPackages.SECURE ? "secure" : "plain", records, uploaded, seconds, records / seconds);
        return records / seconds;
    }
}
