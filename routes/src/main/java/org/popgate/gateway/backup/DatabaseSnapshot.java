package org.popgate.gateway.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;
import org.popgate.gateway.backup.BackupException.Failure;

/**
 * One database, backed up and restored with its own tools, so every table — whichever feature added it —
 * is covered without popgate knowing it: H2's online {@code BACKUP TO} (a transactionally consistent copy
 * of the database file) and PostgreSQL's {@code pg_dump -Fc} (one repeatable-read snapshot of the schema)
 * with {@code pg_restore --single-transaction}.
 */
sealed interface DatabaseSnapshot permits DatabaseSnapshot.H2, DatabaseSnapshot.Postgres {

    /** {@code h2} or {@code postgresql}, as written in the manifest. */
    String kind();

    /** The archive entry holding the dump. */
    default String entryName() {
        return "database/" + kind() + (this instanceof H2 ? ".zip" : ".pgdump");
    }

    /** Streams a consistent dump of the live database to {@code out}; {@code scratch} may hold a temporary file. */
    void dump(DataSource live, OutputStream out, Path scratch) throws IOException;

    /** Whether the restore target holds no tables at all. */
    boolean isEmpty();

    /** Restores a dump into the (empty) target. */
    void restore(InputStream dump) throws IOException;

    /** Removes what a failed restore left in the target (which was empty before). */
    void wipe();

    /** A JDBC connection to the target (after restore). */
    Connection connect() throws SQLException;

    /** The schema whose tables make up the database (for row counts and digests). */
    String schema();

    /** The snapshot for a JDBC URL: {@code jdbc:h2:file:...} or {@code jdbc:postgresql://...}. */
    static DatabaseSnapshot of(String url, String user, String password, Path pgBinDir) {
        if (url.startsWith("jdbc:h2:file:")) {
            String rest = url.substring("jdbc:h2:file:".length());
            int semi = rest.indexOf(';');
            return new H2(Path.of(semi < 0 ? rest : rest.substring(0, semi)), url, user, password);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return new Postgres(url, user, password, pgBinDir);
        }
        throw new BackupException(Failure.NOT_CONFIGURED, "backups support H2 file databases and PostgreSQL only");
    }

    /**
     * An H2 file database {@code <dir>/<name>.mv.db}. Restore unpacks the backup into {@code <dir>}, which
     * must hold no database yet.
     */
    record H2(Path base, String url, String user, String password) implements DatabaseSnapshot {

        @Override
        public String kind() {
            return "h2";
        }

        @Override
        public String schema() {
            return "PUBLIC";
        }

        @Override
        public void dump(DataSource live, OutputStream out, Path scratch) throws IOException {
            Files.createDirectories(scratch);
            Path file = Files.createTempFile(scratch, "h2-backup-", ".zip");
            Files.delete(file);
            try {
                try (Connection c = live.getConnection(); PreparedStatement s = c.prepareStatement("BACKUP TO ?")) {
                    s.setString(1, file.toString());
                    s.execute();
                } catch (SQLException e) {
                    throw new BackupException(Failure.SNAPSHOT_FAILED, "H2 BACKUP failed: " + e.getErrorCode(), e);
                }
                try (InputStream in = Files.newInputStream(file)) {
                    in.transferTo(out);
                }
            } finally {
                Files.deleteIfExists(file);
            }
        }

        private Path dir() {
            return base.toAbsolutePath().getParent();
        }

        @Override
        public boolean isEmpty() {
            Path dir = dir();
            if (!Files.isDirectory(dir)) {
                return true;
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.noneMatch(p -> p.getFileName().toString().startsWith(base.getFileName().toString() + "."));
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void restore(InputStream dump) throws IOException {
            Path dir = dir();
            Files.createDirectories(dir);
            ZipInputStream zip = new ZipInputStream(dump);
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = Path.of(entry.getName()).getFileName().toString();
                if (entry.isDirectory() || !name.startsWith(base.getFileName().toString() + ".")) {
                    throw new BackupException(Failure.RESTORE_FAILED, "unexpected file in the H2 backup");
                }
                try (OutputStream out = Files.newOutputStream(dir.resolve(name))) {
                    zip.transferTo(out);
                }
            }
        }

        @Override
        public void wipe() {
            Path dir = dir();
            if (!Files.isDirectory(dir)) {
                return;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(p -> p.getFileName().toString().startsWith(base.getFileName() + ".")).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new BackupException(Failure.RESTORE_FAILED, "cannot clean up the restore target", e);
            }
        }

        @Override
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }

    /** A PostgreSQL schema ({@code currentSchema} in the URL, else {@code public}). */
    record Postgres(String url, String user, String password, Path binDir) implements DatabaseSnapshot {

        @Override
        public String kind() {
            return "postgresql";
        }

        @Override
        public String schema() {
            for (String param : query().split("&")) {
                if (param.startsWith("currentSchema=")) {
                    return param.substring("currentSchema=".length());
                }
            }
            return "public";
        }

        private String query() {
            int q = url.indexOf('?');
            return q < 0 ? "" : url.substring(q + 1);
        }

        private URI uri() {
            String plain = url.substring("jdbc:".length());
            int q = plain.indexOf('?');
            return URI.create(q < 0 ? plain : plain.substring(0, q));
        }

        private List<String> connection() {
            URI u = uri();
            return List.of("--host=" + (u.getHost() == null ? "localhost" : u.getHost()),
                    "--port=" + (u.getPort() < 0 ? 5432 : u.getPort()), "--username=" + user,
                    "--dbname=" + u.getPath().substring(1), "--no-password");
        }

        @Override
        public void dump(DataSource live, OutputStream out, Path scratch) throws IOException {
            List<String> command = new ArrayList<>(List.of(binDir.resolve("pg_dump").toString(), "--format=custom",
                    "--schema=" + schema()));
            command.addAll(connection());
            run(command, null, out);
        }

        @Override
        public boolean isEmpty() {
            try (Connection c = connect();
                    PreparedStatement s = c.prepareStatement(
                            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?")) {
                s.setString(1, schema());
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1) == 0;
                }
            } catch (SQLException e) {
                throw new BackupException(Failure.RESTORE_FAILED, "cannot inspect the target database", e);
            }
        }

        @Override
        public void restore(InputStream dump) throws IOException {
            if (!"public".equals(schema())) {
                // pg_restore creates the (empty) schema itself.
                execute("DROP SCHEMA IF EXISTS " + quoted(schema()));
            }
            List<String> command = new ArrayList<>(List.of(binDir.resolve("pg_restore").toString(), "--exit-on-error",
                    "--single-transaction"));
            command.addAll(connection());
            run(command, dump, OutputStream.nullOutputStream());
        }

        @Override
        public void wipe() {
            if (!"public".equals(schema())) {
                execute("DROP SCHEMA IF EXISTS " + quoted(schema()) + " CASCADE");
            }
        }

        private void execute(String sql) {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new BackupException(Failure.RESTORE_FAILED, "cannot prepare the target schema", e);
            }
        }

        private static Thread daemon(Runnable work) {
            Thread t = new Thread(work, "popgate-pg-tool");
            t.setDaemon(true);
            t.start();
            return t;
        }

        /** The tool's first error line, cut short: connection and permission errors, never row values. */
        private static String firstError(String stderr) {
            return stderr.lines().filter(l -> l.contains("error:")).findFirst()
                    .map(l -> l.replaceAll("\\(.*", "").strip())
                    .map(l -> l.length() > 160 ? l.substring(0, 160) : l).orElse("see the tool's output");
        }

        private static String quoted(String identifier) {
            return "\"" + identifier.replace("\"", "\"\"") + "\"";
        }

        @Override
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        /** Runs a PostgreSQL client tool, feeding {@code in} and copying its output to {@code out}; fails on a non-zero exit. */
        private void run(List<String> command, InputStream in, OutputStream out) throws IOException {
            ProcessBuilder builder = new ProcessBuilder(command);
            Map<String, String> env = builder.environment();
            env.put("PGPASSWORD", password == null ? "" : password);
            Process process = builder.start();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            Thread errorReader = daemon(() -> {
                try (InputStream e = process.getErrorStream()) {
                    byte[] head = e.readNBytes(4096);
                    errors.write(head, 0, head.length);
                    e.transferTo(OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // the exit status tells
                }
            });
            Thread feeder = null;
            if (in != null) {
                feeder = daemon(() -> {
                    try (OutputStream stdin = process.getOutputStream()) {
                        in.transferTo(stdin);
                    } catch (IOException ignored) {
                        // the tool exited early: its exit status tells why
                    }
                });
            } else {
                process.getOutputStream().close();
            }
            try (InputStream stdout = process.getInputStream()) {
                stdout.transferTo(out);
            }
            try {
                int status = process.waitFor();
                if (feeder != null) {
                    feeder.join();
                }
                errorReader.join();
                if (status != 0) {
                    Failure failure = in == null ? Failure.SNAPSHOT_FAILED : Failure.RESTORE_FAILED;
                    throw new BackupException(failure, Path.of(command.get(0)).getFileName() + " exited with " + status
                            + ": " + firstError(errors.toString(java.nio.charset.StandardCharsets.UTF_8)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroy();
                throw new IOException("interrupted", e);
            }
        }
    }
}
