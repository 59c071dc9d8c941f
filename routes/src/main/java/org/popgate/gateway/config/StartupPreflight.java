package org.popgate.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Checks, once the configuration is complete but before any bean starts, what bad configuration would otherwise turn into a wall of stack trace
 * from H2, Artemis or the connection pool: a data or keys directory that cannot be written, and an external
 * database that cannot be reached. Fails with one sentence naming the problem ({@link PreflightFailureAnalyzer}).
 */
public class StartupPreflight implements ApplicationListener<ApplicationPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        check(event.getApplicationContext().getEnvironment());
    }

    static void check(ConfigurableEnvironment environment) {
        Path dataDir = Path.of(environment.getProperty("popgate.data-dir", "./data"));
        Path keysDir = Path.of(environment.getProperty("popgate.keys.dir", "./keys"));
        requireWritable(dataDir, "data directory", "popgate.data-dir");
        requireWritable(keysDir, "keys directory", "popgate.keys.dir");
        requireWritable(Path.of(environment.getProperty("popgate.audit.witness-dir", "./witness")),
                "audit witness directory", "popgate.audit.witness-dir");
        String url = environment.getProperty("spring.datasource.url", "");
        if (url.isBlank()) {
            throw new PreflightException("No database is configured: spring.datasource.url is empty.",
                    "With the postgres profile set POPGATE_DB_URL, POPGATE_DB_USER, POPGATE_DB_PASSWORD and the schema "
                            + "owner's POPGATE_DB_OWNER_USER, POPGATE_DB_OWNER_PASSWORD.");
        }
        if (url.startsWith("jdbc:postgresql:")) {
            requireReachable(url, environment.getProperty("spring.datasource.username"),
                    environment.getProperty("spring.datasource.password"));
        }
    }

    static void requireWritable(Path dir, String what, String property) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new PreflightException("The " + what + " " + dir.toAbsolutePath().normalize()
                    + " cannot be written (" + e.getClass().getSimpleName() + ").",
                    "Create it with write permission for the gateway's user, or choose another with --" + property + "=<path>.");
        }
    }

    static void requireReachable(String url, String user, String password) {
        DriverManager.setLoginTimeout(10);
        try (Connection ignored = DriverManager.getConnection(url, user, password)) {
            // reachable and the credentials work
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String reason = state.startsWith("08") ? "cannot be reached"
                    : state.startsWith("28") ? "refuses the gateway's credentials"
                    : "refuses the connection (SQL state " + state + ")";
            throw new PreflightException("The PostgreSQL database at " + withoutCredentials(url) + " " + reason + ".",
                    "Check that PostgreSQL is running there and that spring.datasource.url, username and password "
                            + "(POPGATE_DB_URL, POPGATE_DB_USER, POPGATE_DB_PASSWORD) are right.");
        }
    }

    private static String withoutCredentials(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
