package org.popgate.audit.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.popgate.audit.AuditSuite;

class MerkleTreeTests {

    private static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f"};

    /** RFC 9162 §2.1 written out literally: recompute everything from the leaves. */
    static final class Naive {
        final List<byte[]> leaves;
        final MessageDigest md;

        Naive(AuditSuite suite, List<byte[]> leaves) {
            this.leaves = leaves;
            this.md = suite.newDigest();
        }

        byte[] mth(int from, int to) {
            int n = to - from;
            if (n == 0) {
                md.reset();
                return md.digest();
            }
            if (n == 1) {
                return Merkle.leafHash(md, leaves.get(from));
            }
            int k = Integer.highestOneBit(n - 1);
            return Merkle.nodeHash(md, mth(from, from + k), mth(from + k, to));
        }

        List<byte[]> path(int m, int from, int to) {
            int n = to - from;
            List<byte[]> out = new ArrayList<>();
            if (n <= 1) {
                return out;
            }
            int k = Integer.highestOneBit(n - 1);
            if (m < k) {
                out.addAll(path(m, from, from + k));
                out.add(mth(from + k, to));
            } else {
                out.addAll(path(m - k, from + k, to));
                out.add(mth(from, from + k));
            }
            return out;
        }

        List<byte[]> subproof(int m, int from, int to, boolean b) {
            int n = to - from;
            List<byte[]> out = new ArrayList<>();
            if (m == n) {
                if (!b) {
                    out.add(mth(from, to));
                }
                return out;
            }
            int k = Integer.highestOneBit(n - 1);
            if (m <= k) {
                out.addAll(subproof(m, from, from + k, b));
                out.add(mth(from + k, to));
            } else {
                out.addAll(subproof(m - k, from + k, to, false));
                out.add(mth(from, from + k));
            }
            return out;
        }
    }

    @Test
    void matchesRfc9162TestVectors() {
        MerkleTree tree = new MerkleTree(AuditSuite.INTL);
        for (String leaf : LEAVES) {
            tree.appendEntry(HexFormat.of().parseHex(leaf));
        }
        assertThat(hex(tree.root(0))).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(hex(tree.root(1))).startsWith("6e340b9c");
        assertThat(hex(tree.root(7))).startsWith("ddb89be4");
        assertThat(hex(tree.root(8))).startsWith("5dc9da79");
    }

    @Test
    void rootsAndProofsMatchNaiveImplementationOnRandomTrees() {
        for (AuditSuite suite : AuditSuite.values()) {
            Random r = new Random(42 + suite.ordinal());
            for (int trial = 0; trial < (suite == AuditSuite.INTL ? 6 : 2); trial++) {
                int n = trial == 0 ? 3000 : 1 + r.nextInt(1500);
                List<byte[]> leaves = new ArrayList<>();
                MerkleTree tree = new MerkleTree(suite);
                for (int i = 0; i < n; i++) {
                    byte[] leaf = new byte[r.nextInt(40)];
                    r.nextBytes(leaf);
                    leaves.add(leaf);
                    tree.appendEntry(leaf);
                }
                Naive naive = new Naive(suite, leaves);
                for (int check = 0; check < 40; check++) {
                    int size = 1 + r.nextInt(n);
                    byte[] root = naive.mth(0, size);
                    assertThat(tree.root(size)).isEqualTo(root);

                    int m = r.nextInt(size);
                    List<byte[]> incl = tree.inclusionProof(m, size);
                    assertThat(incl).usingElementComparator(MerkleTreeTests::compare).isEqualTo(naive.path(m, 0, size));
                    assertThat(Merkle.verifyInclusion(suite, m, size, tree.leafHash(m), incl, root)).isTrue();

                    int first = 1 + r.nextInt(size);
                    List<byte[]> cons = tree.consistencyProof(first, size);
                    List<byte[]> expected = first == size ? List.of() : naive.subproof(first, 0, size, true);
                    assertThat(cons).usingElementComparator(MerkleTreeTests::compare).isEqualTo(expected);
                    assertThat(Merkle.verifyConsistency(suite, first, size, naive.mth(0, first), root, cons)).isTrue();
                }
            }
        }
    }

    @Test
    void everyInclusionAndConsistencyProofVerifiesOnSmallTrees() {
        MerkleTree tree = new MerkleTree(AuditSuite.INTL);
        for (int n = 1; n <= 70; n++) {
            tree.appendEntry(new byte[] {(byte) n});
            for (int m = 0; m < n; m++) {
                assertThat(Merkle.verifyInclusion(AuditSuite.INTL, m, n, tree.leafHash(m), tree.inclusionProof(m, n),
                        tree.root(n))).isTrue();
            }
            for (int first = 1; first <= n; first++) {
                assertThat(Merkle.verifyConsistency(AuditSuite.INTL, first, n, tree.root(first), tree.root(n),
                        tree.consistencyProof(first, n))).isTrue();
            }
        }
    }

    @Test
    void rejectsAlteredProofsWrongIndicesAndExtraHashes() {
        MerkleTree tree = new MerkleTree(AuditSuite.INTL);
        for (int i = 0; i < 100; i++) {
            tree.appendEntry(new byte[] {(byte) i});
        }
        List<byte[]> proof = tree.inclusionProof(37, 100);
        byte[] root = tree.root(100);
        byte[] leaf = tree.leafHash(37);
        assertThat(Merkle.verifyInclusion(AuditSuite.INTL, 38, 100, leaf, proof, root)).isFalse();
        assertThat(Merkle.verifyInclusion(AuditSuite.INTL, 37, 200, leaf, proof, root)).isFalse();
        assertThat(Merkle.verifyInclusion(AuditSuite.INTL, 37, 100, leaf, proof, tree.root(99))).isFalse();
        assertThat(Merkle.verifyInclusion(AuditSuite.INTL, 100, 100, leaf, proof, root)).isFalse();
        List<byte[]> longer = new ArrayList<>(proof);
        longer.add(root);
        assertThat(Merkle.verifyInclusion(AuditSuite.INTL, 37, 100, leaf, longer, root)).isFalse();
        for (int i = 0; i < proof.size(); i++) {
            List<byte[]> bad = new ArrayList<>(proof);
            byte[] h = bad.get(i).clone();
            h[0] ^= 1;
            bad.set(i, h);
            assertThat(Merkle.verifyInclusion(AuditSuite.INTL, 37, 100, leaf, bad, root)).isFalse();
        }
        List<byte[]> cons = tree.consistencyProof(40, 100);
        assertThat(Merkle.verifyConsistency(AuditSuite.INTL, 40, 100, tree.root(40), root, cons)).isTrue();
        assertThat(Merkle.verifyConsistency(AuditSuite.INTL, 41, 100, tree.root(41), root, cons)).isFalse();
        assertThat(Merkle.verifyConsistency(AuditSuite.INTL, 40, 100, tree.root(39), root, cons)).isFalse();
        assertThat(Merkle.verifyConsistency(AuditSuite.INTL, 40, 100, tree.root(40), root, List.of())).isFalse();
        assertThat(Merkle.verifyConsistency(AuditSuite.INTL, 100, 40, root, tree.root(40), cons)).isFalse();
        List<byte[]> extra = new ArrayList<>(cons);
        extra.add(root);
        assertThat(Merkle.verifyConsistency(AuditSuite.INTL, 40, 100, tree.root(40), root, extra)).isFalse();
    }

    @Test
    void gmSuiteHashesWithSm3() {
        MerkleTree sm3 = new MerkleTree(AuditSuite.GM);
        MerkleTree sha = new MerkleTree(AuditSuite.INTL);
        sm3.appendEntry(new byte[0]);
        sha.appendEntry(new byte[0]);
        assertThat(sm3.root()).hasSize(32).isNotEqualTo(sha.root());
    }

    private static int compare(byte[] a, byte[] b) {
        return java.util.Arrays.compare(a, b);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
