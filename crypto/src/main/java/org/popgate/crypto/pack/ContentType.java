package org.popgate.crypto.pack;

import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;

/** How the records of a package are laid out: one JSON document per line, or one CSV row per line. */
public enum ContentType {
    /** JSON Lines (https://jsonlines.org), one record per line. */
    JSON_LINES("application/jsonl"),
    /** CSV rows (RFC 4180 without embedded line breaks), the header row, if any, counts as a record. */
    CSV("text/csv");

    private final String mediaType;

    ContentType(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The media type written into the manifest. */
    public String mediaType() {
        return mediaType;
    }

    static ContentType ofMediaType(String mediaType) {
        for (ContentType type : values()) {
            if (type.mediaType.equals(mediaType)) {
                return type;
            }
        }
        throw new CryptoException(CryptoErrorCode.BAD_MANIFEST, "The manifest names an unknown content type");
    }
}
