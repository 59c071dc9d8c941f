package org.popgate.audit.event;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;

/**
 * Turns a subject identifier (e.g. an ID number) into its {@link SubjectHash}: HMAC-SHA256 under the
 * gateway-wide, stable subject-hash key over the trimmed, upper-cased identifier (so a trailing
 * {@code x} check character hashes like {@code X}). Thread-safe.
 */
public final class SubjectHasher {

    private final Mac prototype;

    public SubjectHasher(SecretKey key) {
        try {
            prototype = Mac.getInstance("HmacSHA256");
            prototype.init(key);
        } catch (GeneralSecurityException e) {
            throw new AuditException(AuditErrorCode.KEY_UNSUPPORTED, "subject-hash key unusable for HmacSHA256", e);
        }
    }

    public SubjectHash hash(String subjectId) {
        String normalised = subjectId.strip().toUpperCase(Locale.ROOT);
        if (normalised.isEmpty()) {
            throw new AuditException(AuditErrorCode.INVALID_FIELD, "subject identifier is empty");
        }
        return new SubjectHash(mac().doFinal(normalised.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac mac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 provider does not support clone", e);
        }
    }
}
