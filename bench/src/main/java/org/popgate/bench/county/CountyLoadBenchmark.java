package org.popgate.bench.county;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.popgate.adapters.population.CountyLoader;
import org.popgate.adapters.population.PersonRecordCodec;
import org.popgate.adapters.synthetic.CountyGenerator;
import org.popgate.adapters.synthetic.CountySpec;
import org.popgate.adapters.synthetic.GenerationReport;
import org.popgate.bench.support.PeakHeap;
import org.popgate.crypto.column.ColumnCipher;
import org.popgate.crypto.lookup.LookupHasher;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Generates and loads the full synthetic county into H2 and (when POPGATE_BENCH_PG_URL is set) PostgreSQL,
 * through the gateway's own loader, and reports rows/s, persons/s and peak heap. The baseline measured in
 * the same run is the generator alone (no database), so the ratio shows what the database adds.
 *
 * <p>Run: {@code ./mvnw -q -Pbench -pl bench -am verify -DskipTests
 * -Dbench.main=org.popgate.bench.county.CountyLoadBenchmark} (see docs/BENCHMARKS.md).
 */
public final class CountyLoadBenchmark {

    public static void main(String[] args) throws Exception {
        int persons = args.length > 0 ? Integer.parseInt(args[0]) : CountySpec.XINTIAN_PERSONS;
        CountySpec spec = new CountySpec(431128, persons, org.popgate.adapters.synthetic.DefectPlan.DEFAULT,
                CountySpec.DEFAULT_AS_OF);
        PersonRecordCodec codec = new PersonRecordCodec(new LookupHasher(new SecretKeySpec(new byte[32], "HmacSHA256")),
                new ColumnCipher(version -> new SecretKeySpec(new byte[32], "AES"), 1));

        // Warm-up and baseline: the generator alone, rows thrown away.
        CountyGenerator.generate(new CountySpec(1, Math.min(persons, 50_000), spec.defects(), spec.asOf()), r -> {});
        Result baseline = measure("generate only (baseline)", () -> CountyGenerator.generate(spec, r -> {}));

        Path dir = Files.createTempDirectory("popgate-bench-county");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("popgate") + ";WRITE_DELAY=0");
        h2.setUser("popgate");
        h2.setPassword("");
        migrate(h2, "h2");
        Result h2Result = measure("H2 file (embedded default)",
                () -> new CountyLoader(h2, codec, 5000).loadIfAbsent(spec).report());

        Result pgResult = null;
        String pgUrl = System.getenv("POPGATE_BENCH_PG_URL");
        if (pgUrl != null && !pgUrl.isBlank()) {
            try (Connection c = DriverManager.getConnection(pgUrl, System.getenv("POPGATE_BENCH_PG_USER"),
                    System.getenv("POPGATE_BENCH_PG_PASSWORD")); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS bench_county CASCADE");
            }
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(pgUrl);
            pg.setUser(System.getenv("POPGATE_BENCH_PG_USER"));
            pg.setPassword(System.getenv("POPGATE_BENCH_PG_PASSWORD"));
            pg.setCurrentSchema("bench_county");
            pg.setReWriteBatchedInserts(true);
            migrate(pg, "postgresql");
            pgResult = measure("PostgreSQL", () -> new CountyLoader(pg, codec, 5000).loadIfAbsent(spec).report());
        }

        System.out.printf(Locale.ROOT, "%n| target | persons | rows | seconds | rows/s | persons/s | peak heap MB | time vs generate-only |%n");
        System.out.printf("|---|---|---|---|---|---|---|---|%n");
        for (Result r : new Result[] {baseline, h2Result, pgResult}) {
            if (r != null) {
                System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %.1f | %,.0f | %,.0f | %.0f | %.1f× |%n", r.name,
                        persons, r.rows, r.seconds, r.rows / r.seconds, persons / r.seconds, r.peakHeapMb,
                        r.seconds / baseline.seconds);
            }
        }
        System.out.printf(Locale.ROOT, "max heap: %d MB%n", Runtime.getRuntime().maxMemory() >> 20);
    }

    private static void migrate(javax.sql.DataSource ds, String vendor) throws SQLException {
        Flyway.configure().dataSource(ds)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                .placeholders(java.util.Map.of("app_role", "CURRENT_USER", "app_schema", "bench_county"))
                .schemas("postgresql".equals(vendor) ? new String[] {"bench_county"} : new String[0])
                .load().migrate();
    }

    private record Result(String name, long rows, double seconds, double peakHeapMb) {}

    private interface Run {
        GenerationReport run() throws Exception;
    }

    private static Result measure(String name, Run run) throws Exception {
        PeakHeap.reset();
        long start = System.nanoTime();
        GenerationReport report = run.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        long rows = report.rowCounts().values().stream().mapToLong(Long::longValue).sum();
        return new Result(name, rows, seconds, PeakHeap.megabytes());
    }
}
