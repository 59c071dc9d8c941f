package org.popgate.adapters.population;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One record line built straight into UTF-8 bytes, reused from record to record: what the package writer takes
 * ({@code RecordSink.add(bytes(), 0, length())}) without an intermediate {@code String} and its encoding. The bytes
 * are exactly {@code toString().getBytes(UTF_8)} (an unpaired surrogate becomes {@code '?'}, as there).
 */
public final class Utf8Line {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes = new byte[256];
    private int length;

    /** The buffer; the line is {@code [0, length())}. Valid until the next change. */
    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /** Empties the line for the next record (keeps the buffer). */
    public Utf8Line clear() {
        length = 0;
        return this;
    }

    /** Appends one ASCII character. */
    public Utf8Line append(char ascii) {
        ensure(1);
        bytes[length++] = (byte) ascii;
        return this;
    }

    /** Appends {@code text} as it is (no quoting or escaping). */
    public Utf8Line append(String text) {
        ensure(text.length() * 3);
        for (int i = 0; i < text.length(); i++) {
            i = put(text, i, false);
        }
        return this;
    }

    /** Appends {@code value} as a JSON string: quoted, {@code "} and {@code \} escaped, control characters as {@code \}u00XX. */
    public Utf8Line appendJsonString(String value) {
        ensure(value.length() * 6 + 2);
        bytes[length++] = '"';
        for (int i = 0; i < value.length(); i++) {
            i = put(value, i, true);
        }
        bytes[length++] = '"';
        return this;
    }

    /** Encodes the character at {@code i}; returns the index of its last char (a surrogate pair takes two). */
    private int put(String text, int i, boolean json) {
        char c = text.charAt(i);
        if (c < 0x80) {
            if (json && (c == '"' || c == '\\')) {
                bytes[length++] = '\\';
                bytes[length++] = (byte) c;
            } else if (json && c < 0x20) {
                bytes[length++] = '\\';
                bytes[length++] = 'u';
                bytes[length++] = '0';
                bytes[length++] = '0';
                bytes[length++] = HEX[c >> 4];
                bytes[length++] = HEX[c & 0xf];
            } else {
                bytes[length++] = (byte) c;
            }
        } else if (c < 0x800) {
            bytes[length++] = (byte) (0xc0 | c >> 6);
            bytes[length++] = (byte) (0x80 | c & 0x3f);
        } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
            int cp = Character.toCodePoint(c, text.charAt(i + 1));
            bytes[length++] = (byte) (0xf0 | cp >> 18);
            bytes[length++] = (byte) (0x80 | cp >> 12 & 0x3f);
            bytes[length++] = (byte) (0x80 | cp >> 6 & 0x3f);
            bytes[length++] = (byte) (0x80 | cp & 0x3f);
            return i + 1;
        } else if (Character.isSurrogate(c)) {
            bytes[length++] = '?';
        } else {
            bytes[length++] = (byte) (0xe0 | c >> 12);
            bytes[length++] = (byte) (0x80 | c >> 6 & 0x3f);
            bytes[length++] = (byte) (0x80 | c & 0x3f);
        }
        return i;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    /** The line as a String (decoded from the bytes). */
    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
