package org.popgate.adapters.feed.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.synthetic.CountyFacts;
import org.popgate.adapters.synthetic.CountyGenerator;
import org.popgate.adapters.synthetic.CountyRow;
import org.popgate.adapters.synthetic.CountySpec;
import org.popgate.adapters.synthetic.DefectKind;
import org.popgate.adapters.synthetic.DefectPlan;
import org.popgate.crypto.idnumber.AreaCodes;
import org.popgate.crypto.idnumber.IdNumbers;

class QualityCalculatorTests {

    static final DefectPlan PLAN = new DefectPlan(20, 15, 25, 10);
    static final int PERSONS = 30_000;

    static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void figuresOfTheSyntheticCountyEqualIndependentCountsAndItsDeliberateDefects() {
        CountySpec spec = new CountySpec(11, PERSONS, PLAN, CountySpec.DEFAULT_AS_OF);
        List<CountyRow> rows = new ArrayList<>();
        Set<String> localAreas = new HashSet<>();
        IdNumbers ids = new IdNumbers(AreaCodes.shipped()::isKnown, spec.asOf());
        List<PersonFact> facts = new ArrayList<>();
        CountyFacts toFacts = new CountyFacts(spec.asOf(), QualityCalculatorTests::hash, facts::add);
        CountyGenerator.generate(spec, row -> {
            rows.add(row);
            toFacts.accept(row);
            if (row instanceof CountyRow.Area a) {
                localAreas.add(a.code());
            }
        });
        toFacts.finish();
        QualityCalculator calculator = new QualityCalculator(ids,
                code -> localAreas.contains(code) || AreaCodes.shipped().isKnown(code));
        facts.forEach(calculator::accept);

        // Independent count: straight over the rows, whole-county maps, no PersonFact.
        Map<Long, String> villageOfHousehold = new HashMap<>();
        Map<Long, CountyRow.Person> byId = new HashMap<>();
        Set<Long> married = new HashSet<>();
        Set<Long> withFertility = new HashSet<>();
        for (CountyRow row : rows) {
            if (row instanceof CountyRow.Household h) {
                villageOfHousehold.put(h.id(), h.villageCode());
            } else if (row instanceof CountyRow.Person p) {
                byId.put(p.id(), p);
            } else if (row instanceof CountyRow.Marriage m) {
                married.add(m.husbandId());
                married.add(m.wifeId());
            } else if (row instanceof CountyRow.Fertility f) {
                withFertility.add(f.womanId());
            }
        }
        Map<String, long[]> expected = new TreeMap<>();
        Set<String> seenIds = new HashSet<>();
        long idErrors = 0;
        long duplicates = 0;
        long impossibleDates = 0;
        long womenWithoutSpouse = 0;
        for (CountyRow row : rows) {
            if (!(row instanceof CountyRow.Person p)) {
                continue;
            }
            long[] c = expected.computeIfAbsent(villageOfHousehold.get(p.householdId()), v -> new long[7]);
            int age = Period.between(p.birthDate(), spec.asOf()).getYears();
            boolean mwcba = p.gender().equals("F") && p.maritalStatus().equals("MARRIED") && p.cancelledAt() == null
                    && age >= 15 && age <= 49;
            boolean validId = ids.check(p.idNumber()).isValid();
            c[0]++;
            if (!mwcba || withFertility.contains(p.id())) {
                c[1]++; // the generator fills every main item; only fertility items can be missing
            }
            if (validId) {
                c[2]++;
            } else {
                c[6]++;
                idErrors++;
            }
            int logic = 0;
            if (p.managementChangedAt().isBefore(p.birthDate())) {
                logic++;
                impossibleDates++;
            }
            if (mwcba && !married.contains(p.id())) {
                logic++;
                womenWithoutSpouse++;
            }
            CountyRow.Person mother = p.motherId() == null ? null : byId.get(p.motherId());
            if (mother != null && Period.between(mother.birthDate(), p.birthDate()).getYears() < 15) {
                logic++;
            }
            c[3] += logic;
            if (mwcba) {
                c[4]++;
            }
            if (!seenIds.add(p.idNumber())) {
                c[5]++;
                duplicates++;
            }
        }

        Map<String, QualityFigures> villages = calculator.byVillage();
        assertThat(villages.keySet()).isEqualTo(expected.keySet());
        expected.forEach((v, c) -> assertThat(villages.get(v))
                .isEqualTo(new QualityFigures(v, c[0], c[1], c[2], c[3], c[4], c[5], c[6])));
        QualityFigures total = calculator.total("431128");
        assertThat(total.persons()).isEqualTo(PERSONS);
        assertThat(total.idErrors()).isEqualTo(idErrors).isEqualTo(PLAN.count(DefectKind.BAD_CHECK_CHARACTER, PERSONS));
        assertThat(total.duplicates()).isEqualTo(duplicates).isEqualTo(PLAN.count(DefectKind.DUPLICATE_PERSON, PERSONS));
        assertThat(impossibleDates).isEqualTo(PLAN.count(DefectKind.IMPOSSIBLE_DATE, PERSONS));
        assertThat(womenWithoutSpouse).isGreaterThanOrEqualTo(PLAN.count(DefectKind.MISSING_SPOUSE, PERSONS));
        assertThat(total.logicErrorRate())
                .isEqualTo((double) total.logicErrors() / (total.marriedWomenOfChildbearingAge() * 10));
        QualityFigures township = calculator.byTownship().get("431128100");
        long townshipPersons = villages.values().stream().filter(f -> f.area().startsWith("431128100")).mapToLong(QualityFigures::persons).sum();
        assertThat(township.persons()).isEqualTo(townshipPersons);
    }

    @Test
    void logicErrorRateFollowsTheSeedsDefinition() {
        QualityFigures f = new QualityFigures("v", 1000, 990, 980, 30, 150, 2, 3);
        assertThat(f.logicErrorRate()).isEqualTo(30.0 / 1500);
        assertThat(f.needsRecheck()).isFalse();
        assertThat(new QualityFigures("v", 1000, 900, 980, 0, 0, 0, 0).needsRecheck()).isTrue();
    }

    @Test
    void reconciliationFlagsVillagesOverFivePerMilleAndListsWhoIsMissingWhere() {
        Reconciliation r = new Reconciliation();
        for (int i = 0; i < 1000; i++) {
            r.population("431128100001", "a" + i);
            if (i != 7) {
                r.police("431128100001", "a" + i); // 1‰ difference: within the threshold
            }
            r.population("431128100002", "b" + i);
            if (i >= 10) {
                r.police("431128100002", "b" + i); // 10 missing: 10.1‰
            }
        }
        r.police("431128100002", "police-only");
        Reconciliation.Report report = r.report();
        assertThat(report.villages().get("431128100001").flagged()).isFalse();
        assertThat(report.villages().get("431128100002").flagged()).isTrue();
        assertThat(report.villages().get("431128100002").differencePerMille()).isEqualTo(9 * 1000.0 / 991);
        assertThat(report.townships().get("431128100").population()).isEqualTo(2000);
        assertThat(report.onlyInPopulation()).hasSize(11).contains(new Reconciliation.Missing("a7", "431128100001"));
        assertThat(report.onlyInPolice()).containsExactly(new Reconciliation.Missing("police-only", "431128100002"));
    }
}
