package org.popgate.audit.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;

/**
 * Seals each row: {@code HMAC-SHA256(row-seal key, "popgate-audit-row/v1" || uint64 seq || leaf hash)}.
 * The key is the gateway's (not the database's), so rows inserted or rewritten directly in the
 * database are detected by the start-up check even after the last checkpoint. Thread-safe.
 */
public final class RowSealer {

    private static final byte[] DOMAIN = "popgate-audit-row/v1".getBytes(StandardCharsets.US_ASCII);

    private final Mac prototype;
    private final ThreadLocal<PerThread> macs = ThreadLocal.withInitial(() -> new PerThread(copy()));

    public RowSealer(SecretKey key) {
        try {
            prototype = Mac.getInstance("HmacSHA256");
            prototype.init(key);
        } catch (GeneralSecurityException e) {
            throw new AuditException(AuditErrorCode.KEY_UNSUPPORTED, "row-seal key unusable for HmacSHA256", e);
        }
    }

    public byte[] seal(long seq, byte[] leafHash) {
        PerThread t = macs.get();
        for (int i = 7; i >= 0; i--) {
            t.seq[i] = (byte) seq;
            seq >>>= 8;
        }
        t.mac.update(DOMAIN);
        t.mac.update(t.seq);
        t.mac.update(leafHash);
        return t.mac.doFinal();
    }

    /** A thread's MAC and its big-endian sequence-number buffer (a full verification seals a million rows). */
    private record PerThread(Mac mac, byte[] seq) {
        PerThread(Mac mac) {
            this(mac, new byte[8]);
        }
    }

    private Mac copy() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 provider does not support clone", e);
        }
    }

    public boolean verify(long seq, byte[] leafHash, byte[] seal) {
        return seal != null && MessageDigest.isEqual(seal(seq, leafHash), seal);
    }
}
