package org.popgate.adapters.feed;

import java.util.List;

/**
 * A data item two departments can disagree about, with the documented precedence of sources for it
 * (docs/decisions/feeds.md): the first source in {@link #precedence()} wins.
 */
public enum DataItem {
    /** Whether and when a person died: the cremation record (from the medical death certificate) before the police cancellation. */
    DEATH(List.of(Counterpart.CIVIL_AFFAIRS, Counterpart.POLICE, Counterpart.HEALTH)),
    /** Household registration place and residence: the household register is the legal record. */
    RESIDENCE(List.of(Counterpart.POLICE, Counterpart.EDUCATION, Counterpart.HEALTH, Counterpart.CIVIL_AFFAIRS)),
    /** Name and ID number: set by the police register; other departments copy them. */
    NAME(List.of(Counterpart.POLICE, Counterpart.CIVIL_AFFAIRS, Counterpart.EDUCATION, Counterpart.HEALTH)),
    /** Marital status: civil affairs registers marriages and divorces. */
    MARITAL_STATUS(List.of(Counterpart.CIVIL_AFFAIRS, Counterpart.POLICE)),
    /** Birth date and gender: encoded in the police-issued ID number; the birth certificate is the fallback. */
    BIRTH_DATE_AND_GENDER(List.of(Counterpart.POLICE, Counterpart.HEALTH, Counterpart.EDUCATION, Counterpart.CIVIL_AFFAIRS));

    private final List<Counterpart> precedence;

    DataItem(List<Counterpart> precedence) {
        this.precedence = precedence;
    }

    /** Sources from strongest to weakest; a source not listed ranks below all listed ones. */
    public List<Counterpart> precedence() {
        return precedence;
    }

    int rank(Counterpart source) {
        int i = precedence.indexOf(source);
        return i < 0 ? precedence.size() : i;
    }
}
