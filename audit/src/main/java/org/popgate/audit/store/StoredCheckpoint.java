package org.popgate.audit.store;

import java.time.Instant;

/** A signed checkpoint as stored: the note text is authoritative, the other columns are copies. */
public record StoredCheckpoint(long id, long treeSize, byte[] rootHash, Instant signedAt, String note,
        byte[] timestampToken) {}
