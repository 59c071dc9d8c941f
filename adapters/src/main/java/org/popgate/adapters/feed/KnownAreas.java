package org.popgate.adapters.feed;

import java.util.Collection;
import java.util.Set;
import org.popgate.crypto.idnumber.AreaCodes;

/** Which area codes exist: GB/T 2260 counties (shipped table) and the townships and villages of the database. */
@FunctionalInterface
public interface KnownAreas {

    boolean isKnown(String code);

    /** The shipped GB/T 2260 table for 6-digit codes plus the given township (9) and village (12) codes. */
    static KnownAreas shippedPlus(Collection<String> townshipsAndVillages) {
        Set<String> local = Set.copyOf(townshipsAndVillages);
        AreaCodes shipped = AreaCodes.shipped();
        return code -> code.length() == 6 ? shipped.isKnown(code) : local.contains(code);
    }
}
