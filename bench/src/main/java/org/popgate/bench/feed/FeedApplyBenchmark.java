package org.popgate.bench.feed;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.popgate.adapters.feed.Counterpart;
import org.popgate.adapters.feed.FeedLimits;
import org.popgate.adapters.feedstore.Delivery;
import org.popgate.adapters.feedstore.DeliveryOutcome;
import org.popgate.adapters.feedstore.FeedDeliveries;
import org.popgate.adapters.feedstore.PopulationQuality;
import org.popgate.adapters.police.PoliceChangeFileParser;
import org.popgate.adapters.population.CountyLoader;
import org.popgate.adapters.population.PersonRecordCodec;
import org.popgate.adapters.synthetic.CountyRegister;
import org.popgate.adapters.synthetic.CountySpec;
import org.popgate.adapters.synthetic.DefectPlan;
import org.popgate.adapters.synthetic.DepartmentSimulator;
import org.popgate.crypto.column.ColumnCipher;
import org.popgate.crypto.lookup.LookupHasher;

/**
 * A police change file of 100,000 records validated and applied to the population database (H2 file, the
 * embedded default) through the gateway's own delivery code (parse, validate against the database, apply with
 * idempotency keys and precedence, rejects kept), against loading the same rows with plain batched JDBC into a
 * table without any validation, both in the same run on the same database.
 *
 * <p>Run: {@code java -cp <bench classpath> org.popgate.bench.feed.FeedApplyBenchmark [records] [county persons]}.
 */
public final class FeedApplyBenchmark {

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int persons = args.length > 1 ? Integer.parseInt(args[1]) : 150_000;
        CountySpec spec = new CountySpec(431128, persons, DefectPlan.DEFAULT, CountySpec.DEFAULT_AS_OF);
        PersonRecordCodec codec = new PersonRecordCodec(new LookupHasher(new SecretKeySpec(new byte[32], "HmacSHA256")),
                new ColumnCipher(version -> new SecretKeySpec(new byte[32], "AES"), 1));
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + Files.createTempDirectory("popgate-bench-feed").resolve("popgate") + ";WRITE_DELAY=0");
        h2.setUser("popgate");
        h2.setPassword("");
        Flyway.configure().dataSource(h2).locations("classpath:db/migration/common", "classpath:db/migration/h2")
                .load().migrate();
        new CountyLoader(h2, codec, 5000).loadIfAbsent(spec);

        DepartmentSimulator simulator = new DepartmentSimulator(CountyRegister.of(spec));
        Charset gb = Charset.forName("GB18030");
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        simulator.police(new DepartmentSimulator.Options(7, records, 0.02, null, gb), file);
        byte[] bytes = file.toByteArray();
        PopulationQuality quality = new PopulationQuality(h2, codec, Clock.systemUTC());
        FeedDeliveries deliveries = new FeedDeliveries(h2, codec,
                new ColumnCipher(version -> new SecretKeySpec(new byte[32], "AES"), 1), quality::areas, Clock.systemUTC());

        // Baseline first: the same rows, decoded and split, batched into a plain table; no checks, no encryption.
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bench_police_row (change_no VARCHAR(64), change_type VARCHAR(16), change_date VARCHAR(16),"
                    + " event_date VARCHAR(16), id_number VARCHAR(32), name VARCHAR(64), gender VARCHAR(4), birth_date VARCHAR(16),"
                    + " area_code VARCHAR(12), other_area VARCHAR(12), mother_id VARCHAR(32), father_id VARCHAR(32),"
                    + " new_name VARCHAR(64), certificate_no VARCHAR(32))");
        }
        long t0 = System.nanoTime();
        long plainRows = plainLoad(h2, bytes, gb);
        double plainSeconds = (System.nanoTime() - t0) / 1e9;

        long t1 = System.nanoTime();
        DeliveryOutcome outcome = deliveries.receive(new Delivery("431128.police/bench-1", Counterpart.POLICE,
                "431128.police", "bench", true, simulator.feedDate().plusDays(1)),
                new PoliceChangeFileParser(FeedLimits.DEFAULT, simulator.feedDate().plusDays(1))::parse,
                new ByteArrayInputStream(bytes), null);
        double applySeconds = (System.nanoTime() - t1) / 1e9;

        System.out.printf(Locale.ROOT, "%nfile: %,d records, %.1f MB GB18030; county %,d persons; H2 file%n", records,
                bytes.length / 1e6, persons);
        System.out.printf(Locale.ROOT, "validated+applied: %s, applied %,d, rejected %,d, skipped %,d, conflicts %,d%n",
                outcome.status(), outcome.applied(), outcome.rejected(), outcome.skipped(), outcome.conflicts());
        System.out.printf("| step | records | seconds | records/s | ratio |%n|---|---:|---:|---:|---:|%n");
        System.out.printf(Locale.ROOT, "| plain batched JDBC, no validation (baseline) | %,d | %.2f | %,.0f | 1.00 |%n",
                plainRows, plainSeconds, plainRows / plainSeconds);
        System.out.printf(Locale.ROOT, "| parse + validate + apply (gateway) | %,d | %.2f | %,.0f | %.2f |%n", records,
                applySeconds, records / applySeconds, (records / applySeconds) / (plainRows / plainSeconds));
    }

    private static long plainLoad(JdbcDataSource ds, byte[] bytes, Charset charset) throws Exception {
        long rows = 0;
        try (Connection c = ds.getConnection(); BufferedReader in = new BufferedReader(
                new InputStreamReader(new ByteArrayInputStream(bytes), charset))) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_police_row VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("#") || line.startsWith("change_no")) {
                        continue;
                    }
                    String[] f = line.split(",", -1);
                    for (int i = 0; i < 14; i++) {
                        ps.setString(i + 1, i < f.length ? f[i] : null);
                    }
                    ps.addBatch();
                    if (++rows % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return rows;
    }
}
