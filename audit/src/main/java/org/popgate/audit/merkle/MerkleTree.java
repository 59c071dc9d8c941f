package org.popgate.audit.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.popgate.audit.AuditSuite;

/**
 * An append-only RFC 9162 tree held in memory as the hashes of every complete, aligned subtree
 * (level k holds the roots of the subtrees of 2^k leaves): about 64 bytes per leaf. Appending is
 * amortised O(1); roots of any earlier size and both proof kinds cost O(log² n) lookups, no
 * rehashing of leaves. Thread-safe.
 */
public final class MerkleTree {

    private final AuditSuite suite;
    private final MessageDigest md;
    private final List<HashArray> levels = new ArrayList<>();

    public MerkleTree(AuditSuite suite) {
        this.suite = suite;
        this.md = suite.newDigest();
        levels.add(new HashArray(md.getDigestLength()));
    }

    public AuditSuite suite() {
        return suite;
    }

    public synchronized long size() {
        return levels.get(0).size();
    }

    /** Appends the leaf with these entry bytes; returns its index. */
    public synchronized long appendEntry(byte[] entry) {
        return appendLeafHash(Merkle.leafHash(md, entry));
    }

    /** Appends an already computed leaf hash; returns its index. */
    public synchronized long appendLeafHash(byte[] leafHash) {
        long index = levels.get(0).size();
        levels.get(0).add(leafHash);
        long n = index + 1;
        int level = 0;
        while ((n & 1) == 0) {
            HashArray below = levels.get(level);
            if (levels.size() == level + 1) {
                levels.add(new HashArray(md.getDigestLength()));
            }
            long s = below.size();
            byte[] parent = Merkle.nodeHash(md, below.get(s - 2), below.get(s - 1));
            levels.get(level + 1).add(parent);
            n >>= 1;
            level++;
        }
        return index;
    }

    /** Size and root read together. */
    public synchronized TreeHead head() {
        return new TreeHead(size(), root());
    }

    public synchronized byte[] leafHash(long index) {
        return levels.get(0).get(index);
    }

    public synchronized byte[] root() {
        return root(size());
    }

    /** The root the tree had when it held {@code treeSize} leaves. */
    public synchronized byte[] root(long treeSize) {
        checkSize(treeSize);
        return treeSize == 0 ? Merkle.emptyRoot(suite) : subtree(0, treeSize);
    }

    /** RFC 9162 §2.1.3.1 PATH(leafIndex, D[0:treeSize]), leaf side first. */
    public synchronized List<byte[]> inclusionProof(long leafIndex, long treeSize) {
        checkSize(treeSize);
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("leaf index outside the tree");
        }
        List<byte[]> out = new ArrayList<>();
        path(leafIndex, 0, treeSize, out);
        return out;
    }

    /** RFC 9162 §2.1.4.1 PROOF(first, D[0:second]). */
    public synchronized List<byte[]> consistencyProof(long first, long second) {
        checkSize(second);
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("first size outside the tree");
        }
        List<byte[]> out = new ArrayList<>();
        if (first > 0 && first < second) {
            subproof(first, 0, second, true, out);
        }
        return out;
    }

    private void path(long m, long start, long n, List<byte[]> out) {
        if (n <= 1) {
            return;
        }
        long k = Merkle.split(n);
        if (m < k) {
            path(m, start, k, out);
            out.add(subtree(start + k, n - k));
        } else {
            path(m - k, start + k, n - k, out);
            out.add(subtree(start, k));
        }
    }

    private void subproof(long m, long start, long n, boolean whole, List<byte[]> out) {
        if (m == n) {
            if (!whole) {
                out.add(subtree(start, n));
            }
            return;
        }
        long k = Merkle.split(n);
        if (m <= k) {
            subproof(m, start, k, whole, out);
            out.add(subtree(start + k, n - k));
        } else {
            subproof(m - k, start + k, n - k, false, out);
            out.add(subtree(start, k));
        }
    }

    /** MTH(D[start:start+n]) from cached complete subtrees. */
    private byte[] subtree(long start, long n) {
        if (Long.bitCount(n) == 1 && start % n == 0) {
            int level = Long.numberOfTrailingZeros(n);
            return levels.get(level).get(start >>> level);
        }
        long k = Merkle.split(n);
        return Merkle.nodeHash(md, subtree(start, k), subtree(start + k, n - k));
    }

    private void checkSize(long treeSize) {
        if (treeSize < 0 || treeSize > size()) {
            throw new IllegalArgumentException("tree size " + treeSize + " outside 0.." + size());
        }
    }
}
