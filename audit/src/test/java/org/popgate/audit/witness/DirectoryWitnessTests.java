package org.popgate.audit.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.popgate.audit.AuditFixtures;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.checkpoint.Checkpoint;
import org.popgate.audit.merkle.MerkleTree;

class DirectoryWitnessTests {

    private static final AuditFixtures.Keys KEYS = AuditFixtures.keys(AuditSuite.INTL);
    private static final Instant T = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void acceptsGrowingConsistentCheckpointsAndKeepsThemAcrossInstances() {
        MerkleTree tree = tree(100, 0);
        DirectoryWitness w = new DirectoryWitness(dir, KEYS.verifier());
        w.submit(note(tree, 10, 0), tree::consistencyProof);
        w.submit(note(tree, 60, 1), tree::consistencyProof);
        w.submit(note(tree, 60, 2), tree::consistencyProof);
        w.submit(note(tree, 100, 3), tree::consistencyProof);
        DirectoryWitness again = new DirectoryWitness(dir, KEYS.verifier());
        assertThat(KEYS.verifier().verify(again.latest().orElseThrow()).size()).isEqualTo(100);
    }

    @Test
    void rejectsRollbackForkAndUnprovenGrowth() {
        MerkleTree tree = tree(100, 0);
        MerkleTree fork = tree(100, 1);
        DirectoryWitness w = new DirectoryWitness(dir, KEYS.verifier());
        w.submit(note(tree, 50, 0), tree::consistencyProof);
        assertThatThrownBy(() -> w.submit(note(tree, 40, 1), tree::consistencyProof))
                .hasMessageStartingWith("audit_witness_inconsistent");
        assertThatThrownBy(() -> w.submit(note(fork, 50, 1), fork::consistencyProof))
                .hasMessageStartingWith("audit_witness_inconsistent");
        assertThatThrownBy(() -> w.submit(note(fork, 90, 1), fork::consistencyProof))
                .hasMessageStartingWith("audit_witness_inconsistent");
        assertThatThrownBy(() -> w.submit(note(tree, 90, 1), (a, b) -> java.util.List.of()))
                .hasMessageStartingWith("audit_witness_inconsistent");
        AuditFixtures.Keys other = AuditFixtures.keys(AuditSuite.INTL);
        String forged = other.signer().sign(new Checkpoint(AuditFixtures.ORIGIN, 90, tree.root(90), T)).note();
        assertThatThrownBy(() -> w.submit(forged, tree::consistencyProof)).hasMessageStartingWith("audit_signature_invalid");
        assertThat(KEYS.verifier().verify(w.latest().orElseThrow()).size()).isEqualTo(50);
    }

    @Test
    void recordsARestoreEpochAndThenFollowsTheRestoredLog() {
        MerkleTree lost = tree(100, 0);
        MerkleTree restored = tree(61, 7);
        DirectoryWitness w = new DirectoryWitness(dir, KEYS.verifier());
        w.submit(note(lost, 100, 0), lost::consistencyProof);
        String abandoned = w.latest().orElseThrow();
        String epoch = note(restored, 61, 5);
        assertThatThrownBy(() -> w.submit(epoch, restored::consistencyProof))
                .hasMessageStartingWith("audit_witness_inconsistent");

        w.recordEpoch(epoch, abandoned);

        assertThat(w.latest()).contains(epoch);
        restored.appendEntry(new byte[] {42});
        w.submit(note(restored, 62, 6), restored::consistencyProof);
        DirectoryWitness again = new DirectoryWitness(dir, KEYS.verifier());
        assertThat(KEYS.verifier().verify(again.latest().orElseThrow()).size()).isEqualTo(62);
        assertThat(again.epochs()).containsExactly(new Witness.Epoch(abandoned, epoch));
    }

    @Test
    void refusesAnEpochThatDoesNotStartFromTheWitnessedCheckpointOrIsForged() {
        MerkleTree lost = tree(100, 0);
        DirectoryWitness w = new DirectoryWitness(dir, KEYS.verifier());
        String epoch = note(tree(40, 3), 40, 5);
        assertThatThrownBy(() -> w.recordEpoch(epoch, note(lost, 100, 0)))
                .hasMessageStartingWith("audit_witness_inconsistent");
        w.submit(note(lost, 100, 0), lost::consistencyProof);
        assertThatThrownBy(() -> w.recordEpoch(epoch, note(lost, 90, 0)))
                .hasMessageStartingWith("audit_witness_inconsistent");
        AuditFixtures.Keys other = AuditFixtures.keys(AuditSuite.INTL);
        String forged = other.signer().sign(new Checkpoint(AuditFixtures.ORIGIN, 40, lost.root(40), T)).note();
        assertThatThrownBy(() -> w.recordEpoch(forged, w.latest().orElseThrow()))
                .hasMessageStartingWith("audit_signature_invalid");
        assertThat(KEYS.verifier().verify(w.latest().orElseThrow()).size()).isEqualTo(100);
        assertThat(w.epochs()).isEmpty();
    }

    private static MerkleTree tree(int n, int variant) {
        MerkleTree t = new MerkleTree(AuditSuite.INTL);
        for (int i = 0; i < n; i++) {
            t.appendEntry(new byte[] {(byte) i, (byte) (i >= 30 ? variant : 0)});
        }
        return t;
    }

    private static String note(MerkleTree t, long size, int secs) {
        return KEYS.signer().sign(new Checkpoint(AuditFixtures.ORIGIN, size, t.root(size), T.plusSeconds(secs))).note();
    }
}
