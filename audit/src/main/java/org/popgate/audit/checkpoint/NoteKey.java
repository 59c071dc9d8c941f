package org.popgate.audit.checkpoint;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import org.popgate.audit.AuditSuite;

/**
 * Signed-note key ids (C2SP signed-note). INTL uses signature type 0x02 (ECDSA as in
 * transparency-dev/witness): key id = SHA-256(DER SubjectPublicKeyInfo)[:4], signature = ASN.1 DER
 * ECDSA P-256 over SHA-256 of the note text. GM has no assigned type, so it uses 0xff followed by the
 * identifier {@code popgate.org/sm2-sm3}: key id = SHA-256(key name || 0x0A || 0xff ||
 * "popgate.org/sm2-sm3" || DER SPKI)[:4], signature = ASN.1 DER SM3withSM2 (user id
 * "1234567812345678") over the note text.
 */
final class NoteKey {

    static final byte[] GM_IDENTIFIER = "popgate.org/sm2-sm3".getBytes(StandardCharsets.US_ASCII);

    private NoteKey() {}

    static int keyId(AuditSuite suite, String keyName, PublicKey key) {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        if (suite == AuditSuite.INTL) {
            in.writeBytes(key.getEncoded());
        } else {
            in.writeBytes(keyName.getBytes(StandardCharsets.UTF_8));
            in.write('\n');
            in.write(0xff);
            in.writeBytes(GM_IDENTIFIER);
            in.writeBytes(key.getEncoded());
        }
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(in.toByteArray())).getInt();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
