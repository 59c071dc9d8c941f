package org.popgate.audit.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.popgate.audit.AuditFixtures;
import org.popgate.audit.AuditHarness;
import org.popgate.audit.AuditSuite;

@EnabledIfEnvironmentVariable(named = "POPGATE_TEST_PG_URL", matches = ".+")
class PostgresAppendOnlyIntegrationTests extends PostgresSchemaTest {

    @TempDir
    Path witnessDir;

    @BeforeEach
    void fill() {
        try (AuditHarness h = new AuditHarness(ds, AuditFixtures.keys(AuditSuite.INTL), witnessDir)) {
            h.fill(1, 20, 10);
        }
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
