package org.popgate.crypto.json;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a flat JSON object — strings, numbers, booleans and nulls, no nesting — into an ordered map:
 * {@link String}, {@link BigDecimal}, {@link Boolean} or {@code null}. Manifests and package records are
 * flat by design, so nesting is refused rather than flattened, and no JSON library is needed.
 * Errors are {@link IllegalArgumentException}s whose messages never quote the input.
 */
public final class FlatJson {

    private final String s;
    private int i;

    private FlatJson(String s) {
        this.s = s;
    }

    /** The object's fields in order; JSON {@code null} values are present with a {@code null} value. */
    public static Map<String, Object> parse(String json) {
        return new FlatJson(json).object();
    }

    private Map<String, Object> object() {
        Map<String, Object> fields = new LinkedHashMap<>();
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
                if (fields.containsKey(key)) {
                    throw new IllegalArgumentException("a field appears twice");
                }
                fields.put(key, value());
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
            throw new IllegalArgumentException("text after the record");
        }
        return fields;
    }

    private Object value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '{' || c == '[') {
            throw new IllegalArgumentException("the record is not flat");
        }
        int start = i;
        while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        String literal = s.substring(start, i);
        if (literal.equals("null")) {
            return null;
        }
        if (literal.equals("true") || literal.equals("false")) {
            return Boolean.valueOf(literal);
        }
        if (literal.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            return new BigDecimal(literal);
        }
        throw new IllegalArgumentException("a value is not JSON");
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw new IllegalArgumentException("unterminated string");
            }
            char c = s.charAt(i++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= s.length()) {
                throw new IllegalArgumentException("unterminated escape");
            }
            char e = s.charAt(i++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length()) {
                        throw new IllegalArgumentException("short unicode escape");
                    }
                    try {
                        out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    } catch (NumberFormatException notHex) {
                        throw new IllegalArgumentException("bad unicode escape");
                    }
                    i += 4;
                }
                default -> throw new IllegalArgumentException("unknown escape");
            }
        }
    }

    private void skip() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private char peek() {
        if (i >= s.length()) {
            throw new IllegalArgumentException("the record ends early");
        }
        return s.charAt(i);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("expected '" + c + "'");
        }
        i++;
    }
}
