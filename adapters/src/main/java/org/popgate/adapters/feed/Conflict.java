package org.popgate.adapters.feed;

/**
 * Two departments disagree about one data item of one person; listed for the population office, who may
 * overrule the precedence. The person is named by lookup hash only.
 *
 * @param subjectHash the person's lookup hash (hex), never the ID number
 * @param rule why the winner won, as a stable phrase (e.g. {@code precedence:civilaffairs>police})
 */
public record Conflict(String subjectHash, DataItem item, Claim winner, Claim loser, String rule) {}
