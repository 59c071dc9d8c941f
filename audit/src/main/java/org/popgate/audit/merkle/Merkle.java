package org.popgate.audit.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.popgate.audit.AuditSuite;

/**
 * RFC 9162 Merkle tree hashing and proof verification (§2.1.3.2 inclusion, §2.1.4.2 consistency),
 * with the suite's hash: SHA-256 (INTL) or SM3 (GM).
 */
public final class Merkle {

    private Merkle() {}

    /** {@code HASH(0x00 || entry)}. */
    public static byte[] leafHash(MessageDigest md, byte[] entry) {
        md.reset();
        md.update((byte) 0);
        md.update(entry);
        return md.digest();
    }

    public static byte[] leafHash(AuditSuite suite, byte[] entry) {
        return leafHash(suite.newDigest(), entry);
    }

    /** {@code HASH(0x01 || left || right)}. */
    public static byte[] nodeHash(MessageDigest md, byte[] left, byte[] right) {
        md.reset();
        md.update((byte) 1);
        md.update(left);
        md.update(right);
        return md.digest();
    }

    /** The root of the empty tree, {@code HASH()}. */
    public static byte[] emptyRoot(AuditSuite suite) {
        return suite.newDigest().digest();
    }

    /** RFC 9162 §2.1.3.2, including the final {@code sn == 0} check. */
    public static boolean verifyInclusion(AuditSuite suite, long leafIndex, long treeSize, byte[] leafHash,
            List<byte[]> proof, byte[] root) {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            return false;
        }
        MessageDigest md = suite.newDigest();
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(md, p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(md, r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * RFC 9162 §2.1.4.2. Equal sizes need an empty proof and equal roots; an empty first tree is
     * consistent with any tree (and needs an empty proof).
     */
    public static boolean verifyConsistency(AuditSuite suite, long first, long second, byte[] firstRoot,
            byte[] secondRoot, List<byte[]> proof) {
        if (first < 0 || first > second) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
        }
        if (first == 0) {
            return proof.isEmpty();
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof.size() + 1);
        if (Long.bitCount(first) == 1) {
            path.add(firstRoot);
        }
        path.addAll(proof);
        MessageDigest md = suite.newDigest();
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (int i = 1; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(md, c, fr);
                sr = nodeHash(md, c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(md, sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
    }

    /** The largest power of two strictly smaller than {@code n} (n ≥ 2). */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }
}
