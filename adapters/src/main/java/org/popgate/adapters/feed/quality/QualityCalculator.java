package org.popgate.adapters.feed.quality;

import java.time.LocalDate;
import java.time.Period;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.popgate.crypto.idnumber.Gender;
import org.popgate.crypto.idnumber.IdCheck;
import org.popgate.crypto.idnumber.IdNumbers;

/**
 * Computes the seed's quality figures per village and township from a stream of {@link PersonFact}s (one
 * pass; memory: one counter set per village plus the set of lookup hashes seen, for duplicates).
 *
 * <ul>
 *   <li>complete: every main data item present (篇10), cancellation reason and time together, and for a
 *       married woman of childbearing age her marital status and fertility items;
 *   <li>accurate: a valid ID number whose birth date and sex digit agree with the record, known area codes;
 *   <li>logic errors (each counts): management attribute changed before birth, cancelled before birth,
 *       married woman of childbearing age without a spouse record, child born before the mother was 15;
 *   <li>duplicate: a record whose lookup hash an earlier record already had (重卡), counted where it occurs;
 *   <li>ID error: the ID number fails GB 11643 validation.
 * </ul>
 */
public final class QualityCalculator {

    private final IdNumbers ids;
    private final Predicate<String> knownArea;
    private final Map<String, long[]> villages = new TreeMap<>();
    private final Set<String> hashes = new HashSet<>();

    /**
     * @param ids ID validation (shipped area codes, the report date)
     * @param knownArea whether a registration or residence code is known (GB/T 2260 and the county's villages)
     */
    public QualityCalculator(IdNumbers ids, Predicate<String> knownArea) {
        this.ids = ids;
        this.knownArea = knownArea;
    }

    public void accept(PersonFact p) {
        long[] c = villages.computeIfAbsent(p.village(), v -> new long[7]);
        c[0]++;
        if (complete(p)) {
            c[1]++;
        }
        boolean idValid = false;
        boolean consistent = false;
        Gender gender = "M".equals(p.gender()) ? Gender.MALE : "F".equals(p.gender()) ? Gender.FEMALE : null;
        IdCheck check = ids.check(p.idNumber());
        if (check instanceof IdCheck.Valid v) {
            idValid = true;
            consistent = v.id().birthDate().equals(p.birthDate()) && (gender == null || v.id().gender() == gender);
        } else {
            c[6]++;
        }
        if (idValid && consistent && known(p.registrationArea()) && known(p.residenceArea())) {
            c[2]++;
        }
        c[3] += logicErrors(p);
        if (p.marriedWomanOfChildbearingAge()) {
            c[4]++;
        }
        if (p.lookupHash() != null && !hashes.add(p.lookupHash())) {
            c[5]++;
        }
    }

    private boolean known(String code) {
        return code != null && knownArea.test(code);
    }

    static boolean complete(PersonFact p) {
        boolean base = present(p.name()) && present(p.gender()) && p.birthDate() != null && present(p.householdType())
                && present(p.registrationArea()) && present(p.residenceArea()) && present(p.managementAttribute())
                && p.managementChangedAt() != null && present(p.idNumber())
                && (present(p.cancelReason()) == (p.cancelledAt() != null));
        if (!base) {
            return false;
        }
        return !p.marriedWomanOfChildbearingAge() || (present(p.maritalStatus()) && p.hasFertilityRecord());
    }

    static int logicErrors(PersonFact p) {
        int errors = 0;
        LocalDate birth = p.birthDate();
        if (birth != null && p.managementChangedAt() != null && p.managementChangedAt().isBefore(birth)) {
            errors++;
        }
        if (birth != null && p.cancelledAt() != null && p.cancelledAt().isBefore(birth)) {
            errors++;
        }
        if (p.marriedWomanOfChildbearingAge() && !p.hasSpouseRecord()) {
            errors++;
        }
        if (birth != null && p.motherBirthDate() != null
                && (birth.isBefore(p.motherBirthDate()) || Period.between(p.motherBirthDate(), birth).getYears() < 15)) {
            errors++;
        }
        return errors;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /** Figures per village, by village code. */
    public Map<String, QualityFigures> byVillage() {
        Map<String, QualityFigures> out = new TreeMap<>();
        villages.forEach((v, c) -> out.put(v, new QualityFigures(v, c[0], c[1], c[2], c[3], c[4], c[5], c[6])));
        return out;
    }

    /** Figures per township (the first 9 digits of the village code), summed from its villages. */
    public Map<String, QualityFigures> byTownship() {
        Map<String, QualityFigures> out = new TreeMap<>();
        byVillage().forEach((v, f) -> {
            String township = v.length() >= 9 ? v.substring(0, 9) : v;
            out.merge(township, new QualityFigures(township, 0, 0, 0, 0, 0, 0, 0).plus(f, township),
                    (a, b) -> a.plus(b, township));
        });
        return out;
    }

    /** The whole stream's figures. */
    public QualityFigures total(String area) {
        QualityFigures sum = new QualityFigures(area, 0, 0, 0, 0, 0, 0, 0);
        for (QualityFigures f : byVillage().values()) {
            sum = sum.plus(f, area);
        }
        return sum;
    }
}
