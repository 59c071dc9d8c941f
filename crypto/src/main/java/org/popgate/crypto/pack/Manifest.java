package org.popgate.crypto.pack;

import java.nio.charset.Charset;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The signed description of an exchange package: who sends what to whom under which approval, and
 * the count and SHA-256 of the records so the reader can check it received exactly those.
 *
 * <p>It travels as a signed attribute of the SignedData (see {@link PackageWriter}), so it is covered
 * by the sender's signature and available to any CMS tool ({@code openssl cms -cmsout -print}).
 *
 * @param recordsSha256 SHA-256 over the record bytes exactly as packed (each record followed by '\n')
 * @param envelopeSha256 SHA-256 over the AuthEnvelopedData header bytes (content type, recipient infos,
 *     content algorithm): binds the unencrypted envelope, e.g. the list of recipients, to the signature
 */
public record Manifest(
        String exchangeId,
        String approvalId,
        String sender,
        String recipient,
        String purpose,
        String legalBasis,
        Instant createdAt,
        ContentType contentType,
        Charset encoding,
        long recordCount,
        String schemaVersion,
        int pseudonymKeyVersion,
        byte[] recordsSha256,
        byte[] envelopeSha256) {

    /** Identifies the manifest layout; a reader refuses layouts it does not know. */
    public static final String FORMAT = "popgate-manifest/1";

    public Manifest {
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(recordsSha256, "recordsSha256");
        Objects.requireNonNull(envelopeSha256, "envelopeSha256");
        recordsSha256 = recordsSha256.clone();
        envelopeSha256 = envelopeSha256.clone();
    }

    static Manifest of(ManifestHeader h, long recordCount, byte[] recordsSha256, byte[] envelopeSha256) {
        return new Manifest(h.exchangeId(), h.approvalId(), h.sender(), h.recipient(), h.purpose(), h.legalBasis(),
                h.createdAt(), h.contentType(), h.encoding(), recordCount, h.schemaVersion(), h.pseudonymKeyVersion(),
                recordsSha256, envelopeSha256);
    }

    @Override
    public byte[] recordsSha256() {
        return recordsSha256.clone();
    }

    @Override
    public byte[] envelopeSha256() {
        return envelopeSha256.clone();
    }

    /** The records' SHA-256 as lower-case hex. */
    public String recordsSha256Hex() {
        return HexFormat.of().formatHex(recordsSha256);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest m && ManifestJson.write(this).equals(ManifestJson.write(m));
    }

    @Override
    public int hashCode() {
        return ManifestJson.write(this).hashCode();
    }

    @Override
    public String toString() {
        // Manifests hold no personal data (ids, member names, counts, digests), so they may be logged.
        return ManifestJson.write(this);
    }
}
