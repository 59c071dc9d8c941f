package org.popgate.adapters.synthetic;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.popgate.adapters.feed.KnownAreas;
import org.popgate.adapters.feed.PopulationState;
import org.popgate.crypto.idnumber.AreaCodes;
import org.popgate.crypto.idnumber.IdNumber;

/**
 * The synthetic county held in memory as the department simulators and tests need it: the living persons
 * with valid IDs, the marriages in force, the county's area codes; and the same facts as the
 * {@link PopulationState} and {@link KnownAreas} a validator reads. About 150 bytes per person.
 */
public final class CountyRegister implements PopulationState {

    /** One person of the register. */
    public record Resident(String idNumber, String name, String gender, LocalDate birthDate, String village,
            boolean married, boolean cancelled) {
        @Override
        public String toString() {
            return "Resident[village=" + village + "]";
        }

        int age(LocalDate on) {
            return Period.between(birthDate, on).getYears();
        }
    }

    private final CountySpec spec;
    private final List<Resident> residents = new ArrayList<>();
    private final Map<String, Resident> byId = new HashMap<>();
    private final Set<String> marriages = new HashSet<>();
    private final List<String[]> couples = new ArrayList<>();
    private final List<String> villages = new ArrayList<>();
    private final Set<String> localAreas = new HashSet<>();

    private CountyRegister(CountySpec spec) {
        this.spec = spec;
    }

    /** Generates the county and keeps what the simulators need. */
    public static CountyRegister of(CountySpec spec) {
        CountyRegister r = new CountyRegister(spec);
        Map<Long, String> villageOf = new HashMap<>();
        Map<Long, CountyRow.Person> persons = new HashMap<>();
        List<CountyRow.Marriage> marriageRows = new ArrayList<>();
        CountyGenerator.generate(spec, row -> {
            if (row instanceof CountyRow.Area a && !a.level().equals("PROVINCE") && a.code().length() > 6) {
                r.localAreas.add(a.code());
                if (a.level().equals("VILLAGE")) {
                    r.villages.add(a.code());
                }
            } else if (row instanceof CountyRow.Household h) {
                villageOf.put(h.id(), h.villageCode());
            } else if (row instanceof CountyRow.Person p) {
                persons.put(p.id(), p);
            } else if (row instanceof CountyRow.Marriage m) {
                marriageRows.add(m);
            }
        });
        org.popgate.crypto.idnumber.IdNumbers ids = new org.popgate.crypto.idnumber.IdNumbers(
                AreaCodes.shipped()::isKnown, spec.asOf());
        for (CountyRow.Person p : persons.values().stream().sorted((a, b) -> Long.compare(a.id(), b.id())).toList()) {
            if (!ids.check(p.idNumber()).isValid() || r.byId.containsKey(p.idNumber())) {
                continue; // the deliberate defects stay in the county, not in the simulators' register
            }
            Resident res = new Resident(p.idNumber(), p.name(), p.gender(), p.birthDate(),
                    villageOf.get(p.householdId()), "MARRIED".equals(p.maritalStatus()), p.cancelledAt() != null);
            r.residents.add(res);
            r.byId.put(p.idNumber(), res);
        }
        for (CountyRow.Marriage m : marriageRows) {
            CountyRow.Person h = persons.get(m.husbandId());
            CountyRow.Person w = persons.get(m.wifeId());
            if (r.byId.containsKey(h.idNumber()) && r.byId.containsKey(w.idNumber())) {
                r.marriages.add(h.idNumber() + "+" + w.idNumber());
                r.couples.add(new String[] {h.idNumber(), w.idNumber()});
            }
        }
        return r;
    }

    public CountySpec spec() {
        return spec;
    }

    /** Valid, unique persons in generation order. */
    public List<Resident> residents() {
        return residents;
    }

    /** Marriages in force as (husband ID, wife ID). */
    public List<String[]> couples() {
        return couples;
    }

    public List<String> villages() {
        return villages;
    }

    public boolean knowsId(String idNumber) {
        return byId.containsKey(idNumber);
    }

    /** GB/T 2260 codes plus this county's townships and villages. */
    public KnownAreas knownAreas() {
        return KnownAreas.shippedPlus(localAreas);
    }

    @Override
    public Optional<PersonState> person(IdNumber id) {
        Resident r = byId.get(id.value());
        return r == null ? Optional.empty() : Optional.of(new PersonState(r.cancelled(), r.married()));
    }

    @Override
    public boolean marriedTo(IdNumber husband, IdNumber wife) {
        return marriages.contains(husband.value() + "+" + wife.value());
    }
}
