package org.popgate.adapters.feed;

import java.util.Optional;

/**
 * Decides between what the database holds and what a feed says about one data item, by the documented
 * precedence of sources ({@link DataItem#precedence()}). Never silently: whenever two different sources
 * disagree, the decision comes with a {@link Conflict} for the population office, whichever side won.
 */
public final class Precedence {

    private Precedence() {}

    /** The outcome: the claim that stands, and the conflict to list when sources disagreed. */
    public record Resolution(Claim winner, Optional<Conflict> conflict) {

        /** Whether the incoming claim replaces the current one. */
        public boolean replaces(Claim current) {
            return winner != current;
        }
    }

    /**
     * @param current what the database holds (may be {@code null}: then the incoming claim stands, no conflict)
     * @param incoming what the feed says
     */
    public static Resolution resolve(String subjectHash, Claim current, Claim incoming) {
        if (current != null && current.item() != incoming.item()) {
            throw new IllegalArgumentException("claims about different data items");
        }
        if (current == null || current.value().equals(incoming.value())) {
            return new Resolution(current == null ? incoming : current, Optional.empty());
        }
        if (current.source() == incoming.source()) {
            // the same department correcting itself: an update, not a disagreement between sources
            return new Resolution(incoming, Optional.empty());
        }
        DataItem item = incoming.item();
        boolean incomingWins = item.rank(incoming.source()) < item.rank(current.source());
        Claim winner = incomingWins ? incoming : current;
        Claim loser = incomingWins ? current : incoming;
        String rule = "precedence:" + winner.source().code() + ">" + loser.source().code();
        return new Resolution(winner, Optional.of(new Conflict(subjectHash, item, winner, loser, rule)));
    }
}
