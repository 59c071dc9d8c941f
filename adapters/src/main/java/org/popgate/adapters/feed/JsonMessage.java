package org.popgate.adapters.feed;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON message read by {@link JsonFeedReader}: a small tree of objects, lists and scalars (scalars
 * kept as their text). Lookups take dotted paths ({@code husband.idNumber}). {@code toString()} never
 * prints the content; {@link #original()} is the message as canonical JSON, for the rejects store.
 */
public final class JsonMessage {

    /** Marks a JSON {@code null}, so "present but null" and "absent" read the same: absent. */
    static final Object NULL = new Object();

    private final Map<String, Object> root;
    private final List<String> duplicateNames;

    JsonMessage(Map<String, Object> root, List<String> duplicateNames) {
        this.root = root;
        this.duplicateNames = List.copyOf(duplicateNames);
    }

    /** Names that occurred twice in one object (the message is ambiguous; parsers reject it). */
    public List<String> duplicateNames() {
        return duplicateNames;
    }

    /** Whether the path names an object or a value. */
    public boolean has(String path) {
        Object v = resolve(path);
        return v != null && v != NULL;
    }

    /**
     * The scalar at {@code path} as text; {@code null} when absent or null. An object or list where a
     * scalar is expected gives {@link #NOT_SCALAR}.
     */
    public String text(String path) {
        Object v = resolve(path);
        if (v == null || v == NULL) {
            return null;
        }
        if (v instanceof Scalar s) {
            return s.text();
        }
        return NOT_SCALAR;
    }

    /** Returned by {@link #text} for a structure where a scalar was expected; fails every field check. */
    public static final String NOT_SCALAR = "\u0000structure";

    private Object resolve(String path) {
        Object current = root;
        int start = 0;
        while (true) {
            int dot = path.indexOf('.', start);
            String name = dot < 0 ? path.substring(start) : path.substring(start, dot);
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(name);
            if (dot < 0 || current == null) {
                return current;
            }
            start = dot + 1;
        }
    }

    /** The message as compact JSON. */
    public String original() {
        StringBuilder sb = new StringBuilder(256);
        write(sb, root);
        return sb.toString();
    }

    @Override
    public String toString() {
        return "JsonMessage[" + root.size() + " fields]";
    }

    /** A scalar value: its text and whether it was a JSON string (else number or boolean). */
    record Scalar(String text, boolean string) {}

    static Map<String, Object> newObject() {
        return new LinkedHashMap<>();
    }

    private static void write(StringBuilder sb, Object v) {
        if (v == NULL) {
            sb.append("null");
        } else if (v instanceof Scalar s) {
            if (s.string()) {
                quote(sb, s.text());
            } else {
                sb.append(s.text());
            }
        } else if (v instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, (String) e.getKey());
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(sb, list.get(i));
            }
            sb.append(']');
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
