package org.popgate.tools.department;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one record of a package — a flat JSON object of strings, numbers, booleans and nulls — into an
 * ordered map of text values. Records are flat by design (the catalogue minimises them to named fields),
 * so nesting is refused rather than flattened.
 */
final class FlatJson {

    private final String s;
    private int i;

    private FlatJson(String s) {
        this.s = s;
    }

    /** The record's fields in order; {@code null} values stay {@code null}. */
    static Map<String, String> parse(String record) {
        return new FlatJson(record).object();
    }

    private Map<String, String> object() {
        Map<String, String> fields = new LinkedHashMap<>();
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

    private String value() {
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
        if (literal.equals("true") || literal.equals("false") || literal.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            return literal;
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
                    out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
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
