package org.popgate.adapters.feed;

/** How a file or batch applies when some of its records are rejected. Never half of either. */
public enum ApplyPolicy {
    /** Any rejected record rejects the whole file; nothing of it is applied. */
    ATOMIC,
    /** The accepted records apply; the rejected ones are kept with their reasons. */
    PARTIAL
}
