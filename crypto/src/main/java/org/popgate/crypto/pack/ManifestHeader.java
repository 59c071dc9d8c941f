package org.popgate.crypto.pack;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;

/**
 * What the caller says about a package before writing it; the writer adds the record count and
 * digest it measures while streaming, giving the {@link Manifest}.
 *
 * @param pseudonymKeyVersion version of the pseudonym keys used for the records, 0 when not pseudonymised
 */
public record ManifestHeader(
        String exchangeId,
        String approvalId,
        String sender,
        String recipient,
        String purpose,
        String legalBasis,
        Instant createdAt,
        ContentType contentType,
        Charset encoding,
        String schemaVersion,
        int pseudonymKeyVersion) {

    public ManifestHeader {
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(approvalId, "approvalId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(legalBasis, "legalBasis");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        if (!encoding.equals(StandardCharsets.UTF_8) && !encoding.name().equals("GB18030")) {
            // Both keep byte 0x0A out of multi-byte characters, so records split safely on '\n'.
            throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "Records must be UTF-8 or GB18030");
        }
        if (contentType == ContentType.JSON_LINES && !encoding.equals(StandardCharsets.UTF_8)) {
            throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "JSON Lines are UTF-8 by definition");
        }
        if (pseudonymKeyVersion < 0) {
            throw new CryptoException(CryptoErrorCode.INVALID_INPUT, "Pseudonym key version must not be negative");
        }
    }

    /** A JSON Lines header, the common case. */
    public static ManifestHeader jsonLines(String exchangeId, String approvalId, String sender, String recipient,
            String purpose, String legalBasis, Instant createdAt, String schemaVersion, int pseudonymKeyVersion) {
        return new ManifestHeader(exchangeId, approvalId, sender, recipient, purpose, legalBasis, createdAt,
                ContentType.JSON_LINES, StandardCharsets.UTF_8, schemaVersion, pseudonymKeyVersion);
    }
}
