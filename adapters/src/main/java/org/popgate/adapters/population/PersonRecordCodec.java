package org.popgate.adapters.population;

import org.popgate.crypto.idnumber.IdNumbers;
import org.popgate.crypto.lookup.LookupHasher;

/**
 * How person identifiers are written to and found in the database: the keyed lookup hash of the normalised
 * ID number beside the ID column, so that every query finds a person by hash and the ID and name columns
 * can be protected at rest without changing any query.
 */
public final class PersonRecordCodec {

    private final LookupHasher lookupHasher;

    public PersonRecordCodec(LookupHasher lookupHasher) {
        this.lookupHasher = lookupHasher;
    }

    /** The lookup hash of an ID number as typed (normalised first: spaces, full-width digits, lower-case x). */
    public byte[] lookupHash(String idNumber) {
        return lookupHasher.hash(IdNumbers.normalise(idNumber));
    }

    /** The stored form of an ID number for row {@code personId}. */
    public String protectIdNumber(long personId, String idNumber) {
        return idNumber;
    }

    /** The stored form of a name for row {@code personId}. */
    public String protectName(long personId, String name) {
        return name;
    }

    /** The ID number of row {@code personId} from its stored form. */
    public String revealIdNumber(long personId, String stored) {
        return stored;
    }

    /** The name of row {@code personId} from its stored form. */
    public String revealName(long personId, String stored) {
        return stored;
    }
}
