package org.popgate.audit.store;

import java.util.List;

/** Where an appended batch landed, and the leaves other writers added before it (in order). */
public record AppendResult(long firstSeq, List<byte[]> foreignLeaves) {}
