package org.popgate.audit.store;

import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.popgate.audit.PgFixtures;

/** A PostgreSQL test on a fresh audit schema of its own, dropped afterwards; runs when the PG test env is set. */
@EnabledIfEnvironmentVariable(named = "POPGATE_TEST_PG_URL", matches = ".+")
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
