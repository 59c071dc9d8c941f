package org.popgate.bench.backup;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;
import org.popgate.audit.event.Actor;
import org.popgate.bench.support.PeakHeap;
import org.popgate.gateway.PopgateApplication;
import org.popgate.gateway.backup.BackupCommand;
import org.popgate.gateway.backup.BackupKeys;
import org.popgate.gateway.backup.BackupService;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Backup and restore of the full county (408,085 persons) through the gateway itself — the REST API's
 * {@code BackupService} and the offline {@code restore} command — on H2 and (when POPGATE_BENCH_PG_URL is
 * set) PostgreSQL. Baselines in the same run: the database's own tool alone ({@code BACKUP TO} and an
 * unzip for H2, {@code pg_dump -Fc} to a file and {@code pg_restore} for PostgreSQL), so the ratios show
 * what the CMS envelope, the two verifying reads and the audit verification add.
 *
 * <p>Run: {@code ./mvnw -q -Pbench -pl bench verify -Dbench.main=org.popgate.bench.backup.BackupBenchmark
 * [-Dbench.args=<persons>]} (see docs/BENCHMARKS.md).
 */
public final class BackupBenchmark {

    private static final String PG_SCHEMA = "bench_backup";

    public static void main(String[] args) throws Exception {
        int persons = args.length > 0 ? Integer.parseInt(args[0]) : 408_085;
        List<String> rows = new ArrayList<>();
        // second argument: h2, pg or both (default both when POPGATE_BENCH_PG_URL is set)
        String which = args.length > 1 ? args[1] : "both";
        if (!which.equals("pg")) {
            rows.add(run("H2 file", persons, null));
        }
        String pg = System.getenv("POPGATE_BENCH_PG_URL");
        if (pg != null && !pg.isEmpty() && !which.equals("h2")) {
            rows.add(run("PostgreSQL 15", persons, pg));
        }
        System.out.println();
        System.out.println("| database | persons | tool dump s | popgate backup s | backup ratio | backup MB | tool restore s "
                + "| popgate restore s | restore ratio | peak heap MB |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.exit(0);
    }

    private static String run(String label, int persons, String pgUrl) throws Exception {
        Path base = Files.createTempDirectory("popgate-backup-bench-");
        Path offline = base.resolve("offline");
        char[] password = "bench-password".toCharArray();
        Path recipient = BackupKeys.generateOffline(offline, "backup-recipient", password);
        Path passwordFile = Files.writeString(offline.resolve("password"), "bench-password");
        String url = pgUrl == null ? null : pgUrl + (pgUrl.contains("?") ? "&" : "?") + "currentSchema=" + PG_SCHEMA;
        if (url != null) {
            dropSchema(pgUrl);
        }
        List<String> appArgs = new ArrayList<>(List.of("--popgate.data-dir=" + base.resolve("data"),
                "--popgate.keys.dir=" + base.resolve("keys"), "--popgate.audit.witness-dir=" + base.resolve("witness"),
                "--popgate.demo.persons=" + persons, "--server.port=0", "--popgate.backup.dir=" + base.resolve("backups"),
                "--popgate.backup.recipient-certificate=" + recipient, "--logging.level.root=warn"));
        if (url != null) {
            appArgs.addAll(List.of("--spring.datasource.url=" + url,
                    "--spring.datasource.username=" + env("POPGATE_BENCH_PG_APP_USER"),
                    "--spring.datasource.password=" + env("POPGATE_BENCH_PG_APP_PASSWORD"),
                    "--spring.flyway.user=" + env("POPGATE_BENCH_PG_USER"),
                    "--spring.flyway.password=" + env("POPGATE_BENCH_PG_PASSWORD"),
                    "--spring.flyway.schemas=" + PG_SCHEMA, "--spring.flyway.default-schema=" + PG_SCHEMA,
                    "--spring.flyway.placeholders.app_role=" + env("POPGATE_BENCH_PG_APP_USER"),
                    "--spring.flyway.placeholders.app_schema=" + PG_SCHEMA));
        }
        double toolDump;
        double backup;
        long backupBytes;
        Path toolFile = base.resolve(url == null ? "tool.zip" : "tool.pgdump");
        Path backupFile;
        try (ConfigurableApplicationContext gateway = new SpringApplicationBuilder(PopgateApplication.class)
                .run(appArgs.toArray(String[]::new))) {
            System.out.println(label + ": county loaded, measuring");
            long t0 = System.nanoTime();
            if (url == null) {
                try (Connection c = gateway.getBean(DataSource.class).getConnection();
                        PreparedStatement s = c.prepareStatement("BACKUP TO ?")) {
                    s.setString(1, toolFile.toString());
                    s.execute();
                }
            } else {
                tool(List.of(pgBin("pg_dump"), "--format=custom", "--schema=" + PG_SCHEMA, "--file=" + toolFile,
                        "--dbname=" + libpq(pgUrl)), null);
            }
            toolDump = seconds(t0);
            PeakHeap.reset();
            t0 = System.nanoTime();
            BackupService.BackupFile f = gateway.getBean(BackupService.class)
                    .takeBackup(Actor.person("bench", "SYSADMIN", null));
            backup = seconds(t0);
            backupBytes = f.size();
            backupFile = f.file();
        }
        // Restore baselines into a fresh target, then popgate's restore into another fresh one.
        double toolRestore;
        long t0 = System.nanoTime();
        if (url == null) {
            Path dir = Files.createDirectories(base.resolve("tool-restore/db"));
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(toolFile))) {
                ZipEntry e;
                while ((e = zip.getNextEntry()) != null) {
                    try (OutputStream out = Files.newOutputStream(dir.resolve(Path.of(e.getName()).getFileName()))) {
                        zip.transferTo(out);
                    }
                }
            }
        } else {
            dropSchema(pgUrl);
            tool(List.of(pgBin("pg_restore"), "--exit-on-error", "--single-transaction", "--dbname=" + libpq(pgUrl)),
                    toolFile);
            dropSchema(pgUrl);
        }
        toolRestore = seconds(t0);
        List<String> restore = new ArrayList<>(List.of("restore", "--backup=" + backupFile,
                "--recipient-key=" + offline.resolve("backup-recipient.p12"), "--password-file=" + passwordFile,
                "--keys-dir=" + base.resolve("keys"), "--data-dir=" + base.resolve("restored"),
                "--witness-dir=" + base.resolve("witness"), "--operator=bench"));
        if (url != null) {
            restore.addAll(List.of("--db-url=" + url, "--db-user=" + env("POPGATE_BENCH_PG_USER"),
                    "--db-password=" + env("POPGATE_BENCH_PG_PASSWORD")));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        t0 = System.nanoTime();
        int status = BackupCommand.run(restore.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
        double restoreSeconds = seconds(t0);
        System.out.println(label + ": " + out.toString(StandardCharsets.UTF_8).strip());
        if (status != 0) {
            throw new IllegalStateException("restore failed");
        }
        String row = String.format("| %s | %,d | %.1f | %.1f | %.2f× | %.0f | %.1f | %.1f | %.2f× | %.0f |", label, persons,
                toolDump, backup, backup / toolDump, backupBytes / 1e6, toolRestore, restoreSeconds,
                restoreSeconds / toolRestore, PeakHeap.megabytes());
        System.out.println(row);
        if (url != null) {
            dropSchema(pgUrl);
        }
        deleteTree(base);
        return row;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "" : v;
    }

    private static String pgBin(String tool) {
        return Path.of(System.getenv().getOrDefault("POPGATE_BENCH_PG_BIN", "/usr/lib/postgresql/15/bin"), tool).toString();
    }

    /** A libpq connection string for the JDBC URL (owner credentials through PGPASSWORD). */
    private static String libpq(String jdbcUrl) {
        String plain = jdbcUrl.substring("jdbc:".length());
        int q = plain.indexOf('?');
        java.net.URI u = java.net.URI.create(q < 0 ? plain : plain.substring(0, q));
        return "host=" + u.getHost() + " port=" + (u.getPort() < 0 ? 5432 : u.getPort()) + " dbname="
                + u.getPath().substring(1) + " user=" + env("POPGATE_BENCH_PG_USER");
    }

    private static void tool(List<String> command, Path stdin) throws Exception {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        b.environment().put("PGPASSWORD", env("POPGATE_BENCH_PG_PASSWORD"));
        if (stdin != null) {
            b.redirectInput(stdin.toFile());
        }
        int status = b.start().waitFor();
        if (status != 0) {
            throw new IllegalStateException(command.get(0) + " exited with " + status);
        }
    }

    private static void dropSchema(String pgUrl) throws Exception {
        try (Connection c = DriverManager.getConnection(pgUrl, env("POPGATE_BENCH_PG_USER"), env("POPGATE_BENCH_PG_PASSWORD"));
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + PG_SCHEMA + " CASCADE");
        }
    }

    private static void deleteTree(Path root) throws Exception {
        try (var all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

}
