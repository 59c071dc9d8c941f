package org.popgate.crypto.pack;

import java.nio.charset.Charset;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.popgate.crypto.json.FlatJson;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;

/**
 * The manifest's JSON form: one flat object with a fixed key order. Hand-written because the
 * manifest is flat and tiny and the crypto module should not pull a JSON stack into every
 * recipient's tool; the parser accepts exactly strings and non-negative integers.
 */
final class ManifestJson {

    private ManifestJson() {}

    static String write(Manifest m) {
        StringBuilder json = new StringBuilder(512).append('{');
        field(json, "format", Manifest.FORMAT).append(',');
        field(json, "exchangeId", m.exchangeId()).append(',');
        field(json, "approvalId", m.approvalId()).append(',');
        field(json, "sender", m.sender()).append(',');
        field(json, "recipient", m.recipient()).append(',');
        field(json, "purpose", m.purpose()).append(',');
        field(json, "legalBasis", m.legalBasis()).append(',');
        field(json, "createdAt", m.createdAt().toString()).append(',');
        field(json, "contentType", m.contentType().mediaType()).append(',');
        field(json, "encoding", m.encoding().name()).append(',');
        json.append("\"recordCount\":").append(m.recordCount()).append(',');
        field(json, "schemaVersion", m.schemaVersion()).append(',');
        json.append("\"pseudonymKeyVersion\":").append(m.pseudonymKeyVersion()).append(',');
        field(json, "recordsSha256", m.recordsSha256Hex()).append(',');
        field(json, "envelopeSha256", HexFormat.of().formatHex(m.envelopeSha256()));
        return json.append('}').toString();
    }

    static Manifest read(String json) {
        try {
            Map<String, Object> map = FlatJson.parse(json);
            if (!Manifest.FORMAT.equals(map.get("format"))) {
                throw bad("The manifest format is not " + Manifest.FORMAT);
            }
            return new Manifest(str(map, "exchangeId"), str(map, "approvalId"), str(map, "sender"), str(map, "recipient"),
                    str(map, "purpose"), str(map, "legalBasis"), Instant.parse(str(map, "createdAt")),
                    ContentType.ofMediaType(str(map, "contentType")), Charset.forName(str(map, "encoding")),
                    num(map, "recordCount"), str(map, "schemaVersion"), Math.toIntExact(num(map, "pseudonymKeyVersion")),
                    HexFormat.of().parseHex(str(map, "recordsSha256")), HexFormat.of().parseHex(str(map, "envelopeSha256")));
        } catch (CryptoException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CryptoException(CryptoErrorCode.BAD_MANIFEST, "The manifest cannot be read", e);
        }
    }

    private static String str(Map<String, Object> map, String key) {
        if (map.get(key) instanceof String s) {
            return s;
        }
        throw bad("The manifest lacks text field " + key);
    }

    private static long num(Map<String, Object> map, String key) {
        if (map.get(key) instanceof java.math.BigDecimal n) {
            return n.longValueExact();
        }
        throw bad("The manifest lacks number field " + key);
    }

    private static CryptoException bad(String message) {
        return new CryptoException(CryptoErrorCode.BAD_MANIFEST, message);
    }

    private static StringBuilder field(StringBuilder json, String key, String value) {
        json.append('"').append(key).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
