package org.popgate.crypto.pack;

import java.nio.charset.Charset;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
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
            Map<String, Object> map = new Parser(json).object();
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
        if (map.get(key) instanceof Long n) {
            return n;
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

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            skip();
            expect('{');
            skip();
            if (peek() == '}') {
                i++;
            } else {
                while (true) {
                    skip();
                    String key = string();
                    skip();
                    expect(':');
                    skip();
                    Object value = peek() == '"' ? string() : number();
                    if (map.put(key, value) != null) {
                        throw bad("The manifest repeats field " + key);
                    }
                    skip();
                    if (peek() == ',') {
                        i++;
                        continue;
                    }
                    expect('}');
                    break;
                }
            }
            skip();
            if (i != s.length()) {
                throw bad("The manifest has trailing text");
            }
            return map;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case '"', '\\', '/' -> out.append(e);
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> throw bad("The manifest has a bad escape");
                    }
                } else {
                    out.append(c);
                }
            }
        }

        private Long number() {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (start == i) {
                throw bad("The manifest has a value that is neither text nor a number");
            }
            return Long.parseLong(s.substring(start, i));
        }

        private char peek() {
            return s.charAt(i);
        }

        private void expect(char c) {
            if (s.charAt(i++) != c) {
                throw bad("The manifest is not a JSON object");
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
