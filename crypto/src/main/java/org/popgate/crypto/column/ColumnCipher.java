package org.popgate.crypto.column;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;
import org.popgate.crypto.keys.GatewayKeyStore;

/**
 * Protection at rest for sensitive database columns (ID number, name, health and contraception
 * fields): AES-256-GCM through the JDK provider, with the table, column and row key bound in as
 * associated data, so a value copied to another row or column no longer decrypts.
 *
 * <p>Wiring (population adapter): {@code ColumnCipher cipher = ColumnCipher.from(keyStore);} then
 * {@code byte[] stored = cipher.encryptString("person", "name", personId, name)} on write (a
 * {@code VARBINARY}/{@code BYTEA} column) and {@code cipher.decryptString("person", "name", personId,
 * stored)} on read. The row key must be stable and not itself secret (the surrogate primary key, not
 * the ID number); look rows up by ID through {@code LookupHasher} beside the encrypted column.
 *
 * <p>Format, version 1: {@code 0x01 | key version (4 bytes, big-endian) | nonce (12) | ciphertext |
 * tag (16)}: 33 bytes of overhead. The header is part of the associated data. New values use the
 * newest key version; values under older versions still decrypt ({@link #keyVersionOf} finds those
 * a re-encryption job must rewrite after rotation). Nonces are random: rotate the key well before
 * 2³² values per version.
 *
 * <p>Thread-safe: one JDK {@code Cipher} per thread.
 */
public final class ColumnCipher {

    /** Key-store purpose of the column keys ({@code column.v<n>}). */
    public static final String PURPOSE = "column";

    private static final byte FORMAT = 1;
    private static final int HEADER = 1 + 4 + 12;
    private static final int TAG_BYTES = 16;

    private final IntFunction<SecretKey> keys;
    private final int currentVersion;
    private final Map<Integer, SecretKey> cache = new ConcurrentHashMap<>();
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(ColumnCipher::newCipher);
    private final ThreadLocal<SecureRandom> randoms = ThreadLocal.withInitial(SecureRandom::new);

    /** Encrypts with {@code keys.apply(currentVersion)}, decrypts with whichever version a value names. */
    public ColumnCipher(IntFunction<SecretKey> keys, int currentVersion) {
        this.keys = keys;
        this.currentVersion = currentVersion;
    }

    /** A cipher on the key store's {@code column} keys, writing with the newest version. */
    public static ColumnCipher from(GatewayKeyStore store) {
        return new ColumnCipher(version -> store.secretKey(PURPOSE, version), store.currentVersion(PURPOSE));
    }

    /** The key version new values are encrypted with. */
    public int currentVersion() {
        return currentVersion;
    }

    /** Encrypts {@code plaintext} for {@code table}.{@code column} of the row {@code rowKey}. */
    public byte[] encrypt(String table, String column, String rowKey, byte[] plaintext) {
        byte[] out = new byte[HEADER + plaintext.length + TAG_BYTES];
        ByteBuffer header = ByteBuffer.wrap(out, 0, HEADER);
        header.put(FORMAT).putInt(currentVersion);
        byte[] nonce = new byte[12];
        randoms.get().nextBytes(nonce);
        header.put(nonce);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, key(currentVersion), new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(out, 0, HEADER);
            cipher.updateAAD(context(table, column, rowKey));
            cipher.doFinal(plaintext, 0, plaintext.length, out, HEADER);
            return out;
        } catch (GeneralSecurityException e) {
            throw new CryptoException(CryptoErrorCode.KEY_UNAVAILABLE, "Column encryption failed for " + table + "." + column, e);
        }
    }

    /** Decrypts a value written by {@link #encrypt} for the same table, column and row. */
    public byte[] decrypt(String table, String column, String rowKey, byte[] stored) {
        int version = keyVersionOf(stored);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key(version), new GCMParameterSpec(TAG_BYTES * 8, stored, 5, 12));
            cipher.updateAAD(stored, 0, HEADER);
            cipher.updateAAD(context(table, column, rowKey));
            return cipher.doFinal(stored, HEADER, stored.length - HEADER);
        } catch (AEADBadTagException e) {
            throw new CryptoException(CryptoErrorCode.TAMPERED_CONTENT,
                    "A value of " + table + "." + column + " fails authentication (altered, or moved from another row)");
        } catch (GeneralSecurityException e) {
            throw new CryptoException(CryptoErrorCode.KEY_UNAVAILABLE, "Column decryption failed for " + table + "." + column, e);
        }
    }

    /** {@link #encrypt} of a string's UTF-8 bytes. */
    public byte[] encryptString(String table, String column, String rowKey, String plaintext) {
        return encrypt(table, column, rowKey, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #decrypt} to a string. */
    public String decryptString(String table, String column, String rowKey, byte[] stored) {
        return new String(decrypt(table, column, rowKey, stored), StandardCharsets.UTF_8);
    }

    /** The key version a stored value was encrypted with. */
    public static int keyVersionOf(byte[] stored) {
        if (stored == null || stored.length < HEADER + TAG_BYTES || stored[0] != FORMAT) {
            throw new CryptoException(CryptoErrorCode.TAMPERED_CONTENT, "The value is not in column-cipher format 1");
        }
        return ByteBuffer.wrap(stored, 1, 4).getInt();
    }

    private SecretKey key(int version) {
        return cache.computeIfAbsent(version, keys::apply);
    }

    /** Length-prefixed, so ("a", "bc") and ("ab", "c") bind differently. */
    private static byte[] context(String table, String column, String rowKey) {
        byte[] t = table.getBytes(StandardCharsets.UTF_8);
        byte[] c = column.getBytes(StandardCharsets.UTF_8);
        byte[] r = rowKey.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(12 + t.length + c.length + r.length)
                .putInt(t.length).put(t).putInt(c.length).put(c).putInt(r.length).put(r).array();
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new CryptoException(CryptoErrorCode.KEY_UNAVAILABLE, "AES-GCM is unavailable in the JDK", e);
        }
    }
}
