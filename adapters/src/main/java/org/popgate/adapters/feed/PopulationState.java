package org.popgate.adapters.feed;

import java.util.Optional;
import org.popgate.crypto.idnumber.IdNumber;

/**
 * What the population database already holds, as far as validation needs it. The gateway implements it
 * over the database (by lookup hash); tests and simulators over the synthetic county.
 */
public interface PopulationState {

    /** The person's current state, or empty when the database does not know the ID number. */
    Optional<PersonState> person(IdNumber id);

    /** Whether a marriage between the two is in force. */
    boolean marriedTo(IdNumber husband, IdNumber wife);

    /** A person's state: whether the record is cancelled (died, moved away) and whether they are married. */
    record PersonState(boolean cancelled, boolean married) {}

    /** A database that knows nobody (first load, tests). */
    PopulationState EMPTY = new PopulationState() {
        @Override
        public Optional<PersonState> person(IdNumber id) {
            return Optional.empty();
        }

        @Override
        public boolean marriedTo(IdNumber husband, IdNumber wife) {
            return false;
        }
    };
}
