package org.popgate.audit.store;

import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.popgate.audit.PgFixtures;

/**
 * A PostgreSQL test on a fresh audit schema of its own, dropped afterwards. Each subclass carries
 * {@code @EnabledIfEnvironmentVariable(named = "POPGATE_TEST_PG_URL", ...)} itself: JUnit does not inherit it.
 */
abstract class PostgresSchemaTest {

    String schema;
    DataSource ds;

    @BeforeEach
    void createSchema() {
        schema = PgFixtures.freshSchema();
        ds = PgFixtures.dataSource(schema);
    }

    @AfterEach
    void dropSchema() {
        PgFixtures.drop(schema);
    }
}
