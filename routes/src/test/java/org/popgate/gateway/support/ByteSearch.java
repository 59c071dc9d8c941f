package org.popgate.gateway.support;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Finds which of many byte patterns occur in a large byte array, in one pass per pattern length. */
public final class ByteSearch {

    private ByteSearch() {}

    /** The patterns (compared by content) that occur somewhere in {@code haystack}. */
    public static Set<ByteBuffer> occurring(byte[] haystack, Collection<byte[]> needles) {
        Map<Integer, Set<ByteBuffer>> byLength = new HashMap<>();
        for (byte[] needle : needles) {
            byLength.computeIfAbsent(needle.length, n -> new HashSet<>()).add(ByteBuffer.wrap(needle));
        }
        Set<ByteBuffer> found = new HashSet<>();
        for (Map.Entry<Integer, Set<ByteBuffer>> group : byLength.entrySet()) {
            int length = group.getKey();
            Set<ByteBuffer> wanted = group.getValue();
            for (int i = 0; i + length <= haystack.length; i++) {
                ByteBuffer window = ByteBuffer.wrap(haystack, i, length).slice();
                if (wanted.contains(window)) {
                    found.add(ByteBuffer.wrap(haystack, i, length).slice());
                }
            }
        }
        return found;
    }
}
