package org.popgate.gateway.backup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Backup → wipe → restore on a real PostgreSQL (pg_dump/pg_restore of the gateway's schema), with the
 * schema owner dumping and restoring and the application role running the gateway. Runs when the
 * POPGATE_TEST_PG_* variables are set.
 */
@EnabledIfEnvironmentVariable(named = "POPGATE_TEST_PG_URL", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackupPostgresIntegrationTests extends BackupRoundTrip {

    static final String SCHEMA = "gw_backup_it";

    static String env(String name) {
        return System.getenv(name);
    }

    static String url() {
        String url = env("POPGATE_TEST_PG_URL");
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
    }

    @BeforeAll
    @Override
    void backUpAGatewayWithData() throws Exception {
        wipeDatabase();
        super.backUpAGatewayWithData();
    }

    @Override
    List<String> databaseArgs() {
        return List.of("--spring.datasource.url=" + url(),
                "--spring.datasource.username=" + env("POPGATE_TEST_PG_APP_USER"),
                "--spring.datasource.password=" + env("POPGATE_TEST_PG_APP_PASSWORD"),
                "--spring.flyway.user=" + env("POPGATE_TEST_PG_USER"),
                "--spring.flyway.password=" + env("POPGATE_TEST_PG_PASSWORD"),
                "--spring.flyway.schemas=" + SCHEMA, "--spring.flyway.default-schema=" + SCHEMA,
                "--spring.flyway.placeholders.app_role=" + env("POPGATE_TEST_PG_APP_USER"),
                "--spring.flyway.placeholders.app_schema=" + SCHEMA);
    }

    @Override
    List<String> restoreDatabaseArgs() {
        return List.of("--db-url=" + url(), "--db-user=" + env("POPGATE_TEST_PG_USER"),
                "--db-password=" + env("POPGATE_TEST_PG_PASSWORD"));
    }

    @Override
    void wipeDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(env("POPGATE_TEST_PG_URL"), env("POPGATE_TEST_PG_USER"),
                env("POPGATE_TEST_PG_PASSWORD")); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Override
    String schema() {
        return SCHEMA;
    }

    @Override
    Connection liveDatabase(org.popgate.gateway.support.TestGateway gateway) throws Exception {
        return restoredDatabase();
    }

    @Override
    Connection restoredDatabase() throws Exception {
        return DriverManager.getConnection(url(), env("POPGATE_TEST_PG_USER"), env("POPGATE_TEST_PG_PASSWORD"));
    }
}
