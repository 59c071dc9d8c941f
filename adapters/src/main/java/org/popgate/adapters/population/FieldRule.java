package org.popgate.adapters.population;

import org.popgate.crypto.pseudonym.Generalise;

/**
 * How one field leaves the gateway: as it is, pseudonymised for the recipient (ID numbers: FF1 marked
 * pseudonym; other identifiers: keyed token), generalised to a level, or not at all.
 */
public sealed interface FieldRule {

    /** Released unchanged. */
    record AsIs() implements FieldRule {}

    /** Replaced by the recipient's pseudonym (reversible only with the gateway's keys). */
    record Pseudonymised() implements FieldRule {}

    /** A birth date released only to the given precision. */
    record GeneralisedDate(Generalise.BirthDate precision) implements FieldRule {}

    /** An area code released only to the given level. */
    record GeneralisedArea(Generalise.Area level) implements FieldRule {}

    FieldRule AS_IS = new AsIs();
    FieldRule PSEUDONYMISED = new Pseudonymised();
}
