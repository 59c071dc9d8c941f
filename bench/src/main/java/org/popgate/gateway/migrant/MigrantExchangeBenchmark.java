package org.popgate.gateway.migrant;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.popgate.adapters.migrant.MessageType;
import org.popgate.adapters.synthetic.CountyGenerator;
import org.popgate.adapters.synthetic.CountyRow;
import org.popgate.adapters.synthetic.CountySpec;
import org.popgate.adapters.synthetic.DefectPlan;
import org.popgate.audit.event.Actor;
import org.popgate.gateway.PopgateApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Visit records per second end to end through the gateway — the destination office's sender, the transport, the
 * origin office's receiver applying each record in its database transaction — signed and encrypted (the gateway's
 * only mode) against the same records unsigned and unencrypted, in the same run, on persistent Artemis and on
 * Kafka (an embedded KRaft broker). Records travel in packages of {@code batch} (the short-window batch).
 *
 * <p>Arguments: {@code [records per run (20000)] [batch (100)] [sender threads (2)]}.
 */
public final class MigrantExchangeBenchmark {

    static final String ORIGIN = "431128.migrant-office";
    static final String DESTINATION = "440305.migrant-office";

    private MigrantExchangeBenchmark() {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
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
        for (String transport : List.of("ARTEMIS", "KAFKA")) {
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
                    "--logging.level.root=warn",
                    // The demo's simulated departments would drop feed files into this gateway and compete for the CPU.
                    "--popgate.feeds.simulators.enabled=false"));
            arguments.addAll(extra);
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PopgateApplication.class)
                    .run(arguments.toArray(String[]::new))) {
                MigrantExchange exchange = context.getBean(MigrantExchange.class);
                MigrantReceiver receiver = context.getBean(MigrantReceiver.class);
                MigrantStore store = context.getBean(MigrantStore.class);
                context.getBean(OfficeKeys.class).hosted(ORIGIN).orElseThrow();
                context.getBean(OfficeKeys.class).hosted(DESTINATION).orElseThrow();
                run(exchange, receiver, store, ids, Math.max(batch, records / 4), batch, threads, MigrantPackages.SECURE);
                run(exchange, receiver, store, ids, Math.max(batch, records / 4), batch, threads, MigrantPackages.PLAIN);
                double plain = run(exchange, receiver, store, ids, records, batch, threads, MigrantPackages.PLAIN);
                double secure = run(exchange, receiver, store, ids, records, batch, threads, MigrantPackages.SECURE);
                lines.add(String.format("| %s | %,d | %d | %,.0f | %,.0f | %.2f |", transport.toLowerCase(), records, batch,
                        plain, secure, secure / plain));
            } finally {
                if (kafka != null) {
                    kafka.destroy();
                }
            }
        }
        System.out.println("| transport | records | per package | plain records/s | signed+encrypted records/s | ratio |");
        System.out.println("|---|---|---|---|---|---|");
        lines.forEach(System.out::println);
    }

    /** Sends {@code records} visit records in packages of {@code batch}; returns records/s until all are applied. */
    private static double run(MigrantExchange exchange, MigrantReceiver receiver, MigrantStore store, List<String> ids,
            int records, int batch, int threads, MigrantPackages.Codec codec) throws Exception {
        exchange.useCodec(codec);
        receiver.useCodec(codec);
        long before = store.tally(ORIGIN);
        Actor actor = Actor.person("bench", "OFFICE_USER", DESTINATION);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> sent = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            sent.add(pool.submit(() -> {
                for (int i = thread * batch; i < records; i += threads * batch) {
                    List<MigrantMessage> messages = new ArrayList<>();
                    for (int j = i; j < Math.min(records, i + batch); j++) {
                        messages.add(new MigrantMessage(UUID.randomUUID().toString(), MigrantMessage.Kind.RECORD,
                                MessageType.VISIT_RECORD, DESTINATION, ORIGIN, null, ids.get(j % ids.size()), "431128",
                                Map.of("service", "THREE_CHECKS", "visitDate", "2025-09-26", "pregnancyCheck", "NORMAL",
                                        "iudCheck", "NORMAL", "reproductiveHealthCheck", "NORMAL"), Instant.now()));
                    }
                    exchange.sendAll(DESTINATION, messages, actor, () -> {});
                }
                return null;
            }));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        pool.shutdown();
        long deadline = System.nanoTime() + 900_000_000_000L;
        while (store.tally(ORIGIN) < before + records) {
            if (System.nanoTime() > deadline || !store.deadLetters("OPEN").isEmpty()) {
                throw new IllegalStateException("records not applied: tally " + (store.tally(ORIGIN) - before) + " of "
                        + records + ", dead letters " + store.deadLetters("OPEN").stream().map(MigrantStore.DeadLetter::reason).toList());
            }
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: %,d records in %.1f s = %,.0f records/s%n", codec == MigrantPackages.SECURE ? "secure" : "plain",
                records, seconds, records / seconds);
        return records / seconds;
    }
}
