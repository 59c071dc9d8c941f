package org.popgate.audit.merkle;

import java.util.HexFormat;

/** A tree size with its root hash. */
public record TreeHead(long size, byte[] root) {

    public TreeHead {
        root = root.clone();
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeHead h && h.size == size && java.util.Arrays.equals(h.root, root);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size) * 31 + java.util.Arrays.hashCode(root);
    }

    @Override
    public String toString() {
        return size + ":" + HexFormat.of().formatHex(root);
    }
}
