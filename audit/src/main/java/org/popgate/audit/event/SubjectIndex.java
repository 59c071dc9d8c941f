package org.popgate.audit.event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.AbstractList;
import java.util.List;
import org.popgate.audit.AuditSuite;

/**
 * The keyed hashes of every person one event concerns, in order. Stored beside the log (one row per
 * hash); the event itself records only {@link #size()} and {@link #digest()}:
 * {@code H("popgate-audit-subject-index/v1" || uint64 count || hash_1 || ... || hash_n)} with the
 * suite's hash.
 */
public final class SubjectIndex {

    private static final byte[] DOMAIN = "popgate-audit-subject-index/v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] packed;
    private final AuditSuite suite;
    private final Digest digest;

    private SubjectIndex(byte[] packed, AuditSuite suite) {
        this.packed = packed;
        this.suite = suite;
        int n = packed.length / SubjectHash.LENGTH;
        if (n == 0) {
            this.digest = null;
        } else {
            MessageDigest md = start(suite, n);
            md.update(packed);
            this.digest = new Digest(md.digest());
        }
    }

    public static SubjectIndex empty() {
        return new SubjectIndex(new byte[0], AuditSuite.INTL);
    }

    public static SubjectIndex of(AuditSuite suite, List<SubjectHash> hashes) {
        byte[] packed = new byte[hashes.size() * SubjectHash.LENGTH];
        for (int i = 0; i < hashes.size(); i++) {
            System.arraycopy(hashes.get(i).value(), 0, packed, i * SubjectHash.LENGTH, SubjectHash.LENGTH);
        }
        return new SubjectIndex(packed, suite);
    }

    /** A digest primed for an index of {@code count} hashes; feed the hashes in order, then {@code digest()}. */
    public static MessageDigest start(AuditSuite suite, long count) {
        MessageDigest md = suite.newDigest();
        md.update(DOMAIN);
        md.update(ByteBuffer.allocate(8).putLong(count).array());
        return md;
    }

    /** The suite whose hash computed {@link #digest()}. */
    public AuditSuite suite() {
        return suite;
    }

    public int size() {
        return packed.length / SubjectHash.LENGTH;
    }

    /** Null when the index is empty. */
    public Digest digest() {
        return digest;
    }

    public byte[] hashBytes(int i) {
        byte[] out = new byte[SubjectHash.LENGTH];
        System.arraycopy(packed, i * SubjectHash.LENGTH, out, 0, SubjectHash.LENGTH);
        return out;
    }

    public List<SubjectHash> hashes() {
        return new AbstractList<>() {
            @Override
            public SubjectHash get(int i) {
                return new SubjectHash(hashBytes(i));
            }

            @Override
            public int size() {
                return SubjectIndex.this.size();
            }
        };
    }
}
