package org.popgate.audit.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.popgate.audit.AuditFixtures;
import org.popgate.audit.AuditHarness;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.PgFixtures;

@EnabledIfEnvironmentVariable(named = "POPGATE_TEST_PG_URL", matches = ".+")
class PostgresAppendOnlyIntegrationTests {

    @TempDir
    Path witnessDir;

    private String schema;
    private DataSource ds;

    @BeforeEach
    void schema() {
        schema = PgFixtures.freshSchema();
        ds = PgFixtures.dataSource(schema);
        try (AuditHarness h = new AuditHarness(ds, AuditFixtures.keys(AuditSuite.INTL), witnessDir)) {
            h.fill(1, 20, 10);
        }
    }

    @AfterEach
    void drop() {
        PgFixtures.drop(schema);
    }

    @Test
    void triggerRejectsUpdateDeleteAndTruncateOfAuditRows() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String sql : new String[] {
                    "UPDATE audit_event SET actor_person = 'x' WHERE seq = 1",
                    "DELETE FROM audit_event WHERE seq = 19",
                    "TRUNCATE audit_event",
                    "DELETE FROM audit_subject",
                    "UPDATE audit_checkpoint SET tree_size = 1",
                    "TRUNCATE audit_checkpoint"}) {
                assertThatThrownBy(() -> s.execute(sql)).as(sql).hasMessageContaining("append-only");
            }
        }
    }
}
