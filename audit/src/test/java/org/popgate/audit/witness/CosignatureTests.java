package org.popgate.audit.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.popgate.audit.AuditFixtures;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.checkpoint.Checkpoint;

class CosignatureTests {

    private static final Instant T = Instant.parse("2026-05-01T10:00:00.700Z");

    @ParameterizedTest
    @EnumSource(AuditSuite.class)
    void aCosignatureVerifiesForItsCheckpointOnlyAndSurvivesItsEncoding(AuditSuite suite) {
        AuditFixtures.Keys witness = AuditFixtures.keys(suite);
        AuditFixtures.Keys other = AuditFixtures.keys(suite);
        Checkpoint cp = new Checkpoint("440305.popgate", 42, new byte[32], T);
        Cosignature c = Cosignature.sign(suite, "431128.popgate", witness.privateKey(), cp, T);

        Cosignature parsed = Cosignature.parse(c.encode());
        assertThat(parsed.witness()).isEqualTo("431128.popgate");
        assertThat(parsed.time()).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
        assertThat(parsed.verifies(suite, witness.publicKey(), cp)).isTrue();

        assertThat(parsed.verifies(suite, other.publicKey(), cp)).isFalse();
        assertThat(parsed.verifies(suite, witness.publicKey(), new Checkpoint("440305.popgate", 43, new byte[32], T))).isFalse();
        byte[] otherRoot = new byte[32];
        otherRoot[0] = 1;
        assertThat(parsed.verifies(suite, witness.publicKey(), new Checkpoint("440305.popgate", 42, otherRoot, T))).isFalse();
        // the witness name and time are signed too
        assertThat(new Cosignature("440305.popgate", parsed.time(), parsed.signature()).verifies(suite, witness.publicKey(), cp))
                .isFalse();
        assertThat(new Cosignature(parsed.witness(), parsed.time().plusSeconds(1), parsed.signature())
                .verifies(suite, witness.publicKey(), cp)).isFalse();
    }

    @Test
    void malformedCosignaturesAreRefusedWithTheCheckpointCode() {
        for (String bad : new String[] {"", "a b", "a notanumber AAAA", "a 1 !!!", "a b c d", "with space 1 AAAA"}) {
            assertThatThrownBy(() -> Cosignature.parse(bad)).hasMessageStartingWith("audit_checkpoint_invalid");
        }
    }
}
