package org.popgate.gateway.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A test's own PostgreSQL schema from the POPGATE_TEST_PG_* variables (.ci/run): the schema owner migrates,
 * the application role runs the gateway.
 */
public final class PostgresSchema {

    private PostgresSchema() {}

    public static String env(String name) {
        return System.getenv(name);
    }

    /** Drops {@code schema} so the test starts from the migrations. */
    public static void drop(String schema) throws SQLException {
        try (Connection c = DriverManager.getConnection(env("POPGATE_TEST_PG_URL"), env("POPGATE_TEST_PG_USER"),
                        env("POPGATE_TEST_PG_PASSWORD"));
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** Own directories, the datasource on {@code schema} as the application role, Flyway as the owner. */
    public static void register(DynamicPropertyRegistry registry, String schema) {
        TestDirectories.register(registry);
        String url = env("POPGATE_TEST_PG_URL");
        registry.add("spring.datasource.url", () -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        registry.add("spring.datasource.username", () -> env("POPGATE_TEST_PG_APP_USER"));
        registry.add("spring.datasource.password", () -> env("POPGATE_TEST_PG_APP_PASSWORD"));
        registry.add("spring.flyway.user", () -> env("POPGATE_TEST_PG_USER"));
        registry.add("spring.flyway.password", () -> env("POPGATE_TEST_PG_PASSWORD"));
        registry.add("spring.flyway.schemas", () -> schema);
        registry.add("spring.flyway.default-schema", () -> schema);
        registry.add("spring.flyway.placeholders.app_role", () -> env("POPGATE_TEST_PG_APP_USER"));
        registry.add("spring.flyway.placeholders.app_schema", () -> schema);
    }
}
