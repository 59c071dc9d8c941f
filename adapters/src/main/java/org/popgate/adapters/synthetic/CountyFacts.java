package org.popgate.adapters.synthetic;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.popgate.adapters.feed.quality.PersonFact;
import org.popgate.crypto.idnumber.IdNumbers;

/**
 * Turns the generator's row stream into {@link PersonFact}s for the quality figures, one household at a
 * time (a household's rows are contiguous, so memory stays flat). Call {@link #finish()} after the last row.
 */
public final class CountyFacts implements Consumer<CountyRow> {

    private final LocalDate asOf;
    private final Function<String, String> lookupHash;
    private final Consumer<PersonFact> sink;
    private final List<CountyRow.Person> persons = new ArrayList<>();
    private final Set<Long> spouses = new HashSet<>();
    private final Set<Long> fertility = new HashSet<>();
    private String village;

    /**
     * @param lookupHash the keyed hash of a normalised ID number (the gateway's {@code LookupHasher})
     */
    public CountyFacts(LocalDate asOf, Function<String, String> lookupHash, Consumer<PersonFact> sink) {
        this.asOf = asOf;
        this.lookupHash = lookupHash;
        this.sink = sink;
    }

    @Override
    public void accept(CountyRow row) {
        if (row instanceof CountyRow.Household h) {
            flush();
            village = h.villageCode();
        } else if (row instanceof CountyRow.Person p) {
            persons.add(p);
        } else if (row instanceof CountyRow.Marriage m) {
            spouses.add(m.husbandId());
            spouses.add(m.wifeId());
        } else if (row instanceof CountyRow.Fertility f) {
            fertility.add(f.womanId());
        }
    }

    /** Emits the last household. */
    public void finish() {
        flush();
    }

    /** A married woman aged 15–49 on {@code asOf} whose record is not cancelled. */
    static boolean marriedWomanOfChildbearingAge(CountyRow.Person p, LocalDate asOf) {
        if (!"F".equals(p.gender()) || !"MARRIED".equals(p.maritalStatus()) || p.cancelledAt() != null) {
            return false;
        }
        int age = Period.between(p.birthDate(), asOf).getYears();
        return age >= 15 && age <= 49;
    }

    private void flush() {
        if (persons.isEmpty()) {
            return;
        }
        Map<Long, LocalDate> births = new HashMap<>();
        for (CountyRow.Person p : persons) {
            births.put(p.id(), p.birthDate());
        }
        for (CountyRow.Person p : persons) {
            sink.accept(new PersonFact(village, lookupHash.apply(IdNumbers.normalise(p.idNumber())), p.idNumber(),
                    p.name(), p.gender(), p.birthDate(), p.householdType(), p.registrationArea(), p.residenceArea(),
                    p.managementAttribute(), p.managementChangedAt(), p.cancelReason(), p.cancelledAt(),
                    p.maritalStatus(), marriedWomanOfChildbearingAge(p, asOf), spouses.contains(p.id()),
                    fertility.contains(p.id()), p.motherId() == null ? null : births.get(p.motherId())));
        }
        persons.clear();
        spouses.clear();
        fertility.clear();
    }
}
