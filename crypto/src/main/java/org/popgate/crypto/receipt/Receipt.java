package org.popgate.crypto.receipt;

import java.time.Instant;
import java.util.HexFormat;
import org.popgate.crypto.pack.Manifest;

/**
 * A recipient's acknowledgement that it opened and verified one exchange package: which exchange, who
 * sent it to whom, how many records with which SHA-256, and when. It holds no personal data.
 */
public record Receipt(String exchangeId, String sender, String recipient, long recordCount, String recordsSha256Hex,
        Instant receivedAt) {

    /** The receipt for a package whose manifest the recipient has verified. */
    public static Receipt of(Manifest manifest, Instant receivedAt) {
        return new Receipt(manifest.exchangeId(), manifest.sender(), manifest.recipient(), manifest.recordCount(),
                HexFormat.of().formatHex(manifest.recordsSha256()), receivedAt);
    }

    /** Whether this receipt acknowledges exactly the package described by {@code manifest}. */
    public boolean acknowledges(Manifest manifest) {
        return exchangeId.equals(manifest.exchangeId()) && sender.equals(manifest.sender())
                && recipient.equals(manifest.recipient()) && recordCount == manifest.recordCount()
                && recordsSha256Hex.equals(HexFormat.of().formatHex(manifest.recordsSha256()));
    }
}
