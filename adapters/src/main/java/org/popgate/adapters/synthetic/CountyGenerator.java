package org.popgate.adapters.synthetic;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.popgate.crypto.idnumber.AreaCodes;
import org.popgate.crypto.idnumber.IdNumbers;

/**
 * Generates a synthetic county shaped like 新田县: 19 townships with villages, households, marriages
 * consistent with ages, children and births, fertility details of married women of childbearing age,
 * out- and in-migrants, and a planned number of deliberately defective records.
 *
 * <p>Streaming: rows go to the consumer as each household is made, so memory stays flat whatever the
 * county's size. Deterministic: one {@link SplittableRandom} drawn in a fixed order, no hash-ordered
 * collections, no clock.
 */
public final class CountyGenerator {

    static final String[] TOWNSHIPS = {
        "龙泉镇", "骥村镇", "新圩镇", "金陵镇", "石羊镇", "枧头镇", "新隆镇", "陶岭镇", "大坪塘乡", "知市坪乡",
        "高山乡", "三井乡", "莲花乡", "茂家乡", "门楼下瑶族乡", "冷水井乡", "毛里乡", "金盆圩乡", "石门乡"
    };
    private static final String[] SURNAMES = {
        "李", "王", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高",
        "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
        "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "欧阳"
    };
    private static final String[] MALE_GIVEN = {
        "伟", "强", "军", "勇", "杰", "涛", "明", "超", "华", "平", "刚", "辉", "建", "国", "峰", "磊", "鹏", "斌",
        "波", "俊", "文", "志", "浩", "宇", "轩", "晨", "凯", "龙", "海", "东", "兵", "亮", "健", "春", "生", "荣"
    };
    private static final String[] FEMALE_GIVEN = {
        "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "英", "玲", "燕", "红", "梅", "琳", "婷", "雪", "慧",
        "萍", "兰", "丹", "玉", "桂", "凤", "洁", "倩", "颖", "欣", "怡", "琴", "莉", "珍", "蓉", "月", "香", "菊"
    };
    private static final String[] VILLAGE_SUFFIX = {"家村", "坪村", "冲村", "湾村", "塘村", "岭村", "源村", "田村"};
    /** Counties in-migrants come from (neighbours in Yongzhou and Chenzhou). */
    private static final String[] IN_MIGRANT_ORIGINS = {"431127", "431126", "431124", "431102", "431103", "431021", "431024"};
    /** Counties out-migrants go to (the usual destinations in Guangdong and Zhejiang). */
    private static final String[] OUT_MIGRANT_DESTINATIONS = {"440304", "440305", "440306", "440307", "441900", "440106", "330106"};
    private static final LocalDate EPOCH = LocalDate.of(1900, 1, 1);

    private final CountySpec spec;
    private final Consumer<CountyRow> sink;
    private final SplittableRandom random;
    private final LocalDate asOf;
    private final MessageDigest digest;
    private final int[] sequenceCounters;
    private final Map<DefectKind, Integer> planned = new EnumMap<>(DefectKind.class);
    private final Map<DefectKind, Integer> placed = new EnumMap<>(DefectKind.class);
    private final Map<String, Long> rowCounts = new java.util.TreeMap<>();

    private long nextPersonId = 1;
    private long nextHouseholdId = 1;
    private long nextMarriageId = 1;
    private long birthCertificates;
    private int personsEmitted;
    private int marriedWomenOfChildbearingAge;

    private CountyGenerator(CountySpec spec, Consumer<CountyRow> sink) {
        this.spec = spec;
        this.sink = sink;
        this.random = new SplittableRandom(spec.seed());
        this.asOf = spec.asOf();
        this.sequenceCounters = new int[(int) (asOf.toEpochDay() - EPOCH.toEpochDay() + 1) * 2];
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
        for (DefectKind kind : DefectKind.values()) {
            planned.put(kind, spec.defects().count(kind, spec.persons()));
            placed.put(kind, 0);
        }
    }

    /** Generates the county described by {@code spec}, handing every row to {@code sink} in order. */
    public static GenerationReport generate(CountySpec spec, Consumer<CountyRow> sink) {
        return new CountyGenerator(spec, sink).run();
    }

    private GenerationReport run() {
        for (AreaCodes.Area area : AreaCodes.shipped().all()) {
            emit(new CountyRow.Area(area.code(), area.name(), levelOf(area.code()), area.parentCode(), area.historic()));
        }
        List<String> villages = new ArrayList<>();
        for (int t = 0; t < TOWNSHIPS.length; t++) {
            String township = CountySpec.COUNTY_CODE + (t < 8 ? 100 + t : 200 + t - 8);
            emit(new CountyRow.Area(township, TOWNSHIPS[t], "TOWNSHIP", CountySpec.COUNTY_CODE, false));
            int villageCount = 12 + random.nextInt(17);
            for (int v = 1; v <= villageCount; v++) {
                String village = township + String.format("%03d", v);
                String name = pick(SURNAMES) + pick(VILLAGE_SUFFIX);
                emit(new CountyRow.Area(village, name, "VILLAGE", township, false));
                villages.add(village);
            }
        }
        int[] targets = villageTargets(villages.size());
        for (int v = 0; v < villages.size(); v++) {
            int remaining = targets[v];
            int householdInVillage = 0;
            while (remaining > 0) {
                remaining -= household(villages.get(v), ++householdInVillage, remaining);
            }
        }
        for (DefectKind kind : DefectKind.values()) {
            if (!placed.get(kind).equals(planned.get(kind))) {
                throw new IllegalStateException("defect plan could not be placed in a county this small: " + kind);
            }
        }
        return new GenerationReport(spec, Map.copyOf(rowCounts), Map.copyOf(placed), marriedWomenOfChildbearingAge,
                HexFormat.of().formatHex(digest.digest()));
    }

    private int[] villageTargets(int villages) {
        double[] weights = new double[villages];
        double total = 0;
        for (int i = 0; i < villages; i++) {
            weights[i] = 0.4 + random.nextDouble() * 1.6;
            total += weights[i];
        }
        int[] targets = new int[villages];
        int assigned = 0;
        for (int i = 0; i < villages; i++) {
            targets[i] = (int) (spec.persons() * weights[i] / total);
            assigned += targets[i];
        }
        for (int i = 0; assigned < spec.persons(); i = (i + 1) % villages) {
            targets[i]++;
            assigned++;
        }
        return targets;
    }

    /** Makes one household of at most {@code cap} persons and returns how many person rows it emitted. */
    private int household(String village, int numberInVillage, int cap) {
        long householdId = nextHouseholdId++;
        String householdType = random.nextDouble() < 0.85 ? "AGRICULTURAL" : "NON_AGRICULTURAL";
        boolean inMigrant = cap >= 2 && random.nextDouble() < 0.03;
        String registration = inMigrant ? pick(IN_MIGRANT_ORIGINS) : village;
        emit(new CountyRow.Household(householdId, village + String.format("%04d", numberInVillage), village, householdType));
        Family family = new Family(householdId, householdType, village, registration, inMigrant);

        double roll = random.nextDouble();
        if (cap == 1 || roll < 0.06) {
            single(family);
        } else if (roll < 0.16) {
            elderlyCouple(family);
        } else if (roll < 0.22) {
            singleMother(family, cap);
        } else {
            nuclear(family, cap);
        }
        if (due(DefectKind.DUPLICATE_PERSON) && family.members.size() < cap) {
            Draft original = family.members.get(0);
            Draft copy = family.add(original.gender, original.birth, "OTHER", original.marital);
            copy.idNumber = original.idNumber;
            copy.name = original.name;
            copy.duplicate = true;
            placed.merge(DefectKind.DUPLICATE_PERSON, 1, Integer::sum);
        }
        family.emitAll();
        return family.members.size();
    }

    private void single(Family f) {
        if (random.nextDouble() < 0.6) {
            int age = 18 + random.nextInt(18);
            f.add(randomGender(), birthForAge(age), "HEAD", "UNMARRIED");
        } else {
            int age = 65 + random.nextInt(28);
            f.add(randomGender(), birthForAge(age), "HEAD", "WIDOWED");
        }
    }

    private void elderlyCouple(Family f) {
        int husbandAge = 60 + random.nextInt(29);
        int wifeAge = Math.max(56, husbandAge - random.nextInt(5));
        Draft husband = f.add(Gender.M, birthForAge(husbandAge), "HEAD", "MARRIED");
        Draft wife = f.add(Gender.F, birthForAge(wifeAge), "SPOUSE", "MARRIED");
        f.marry(husband, wife, wife.birth.plusYears(20 + random.nextInt(6)).plusDays(random.nextInt(365)));
    }

    private void singleMother(Family f, int cap) {
        int age = 28 + random.nextInt(25);
        Draft mother = f.add(Gender.F, birthForAge(age), "HEAD", random.nextBoolean() ? "DIVORCED" : "WIDOWED");
        int children = Math.min(cap - 1, 1 + random.nextInt(2));
        f.children(mother, null, mother.birth.plusYears(21), children);
    }

    private void nuclear(Family f, int cap) {
        int wifeAge = random.nextDouble() < 0.80 ? 20 + random.nextInt(30) : 50 + random.nextInt(16);
        int husbandAge = wifeAge + random.nextInt(6);
        Draft husband = f.add(Gender.M, birthForAge(husbandAge), "HEAD", "MARRIED");
        Draft wife = f.add(Gender.F, birthForAge(wifeAge), "SPOUSE", "MARRIED");
        int ageAtMarriage = 20 + random.nextInt(Math.max(1, Math.min(8, wifeAge - 19)));
        LocalDate married = minDate(wife.birth.plusYears(ageAtMarriage).plusDays(random.nextInt(365)), asOf.minusDays(1));
        boolean childbearingAge = wifeAge >= 15 && wifeAge <= 49;
        if (childbearingAge && due(DefectKind.MISSING_SPOUSE)) {
            placed.merge(DefectKind.MISSING_SPOUSE, 1, Integer::sum);
        } else {
            f.marry(husband, wife, married);
        }
        int room = cap - 2;
        boolean grandparents = room >= 1 && random.nextDouble() < 0.25;
        int grandparentCount = grandparents ? Math.min(room, 1 + random.nextInt(2)) : 0;
        double c = random.nextDouble();
        int wanted = c < 0.10 ? 0 : c < 0.45 ? 1 : c < 0.90 ? 2 : 3;
        f.children(wife, husband, married, Math.min(wanted, room - grandparentCount));
        if (grandparentCount > 0) {
            int age = Math.min(95, husbandAge + 24 + random.nextInt(9));
            if (grandparentCount == 2) {
                Draft grandfather = f.add(Gender.M, birthForAge(age), "PARENT", "MARRIED");
                Draft grandmother = f.add(Gender.F, birthForAge(Math.max(45, age - random.nextInt(4))), "PARENT", "MARRIED");
                f.marry(grandfather, grandmother, grandmother.birth.plusYears(21));
            } else {
                f.add(randomGender(), birthForAge(age), "PARENT", "WIDOWED");
            }
        }
        if (childbearingAge) {
            f.fertility(wife);
        }
    }

    // ---------------------------------------------------------------- helpers

    private enum Gender { M, F }

    /** A person being assembled before its row is emitted. */
    private static final class Draft {
        final long id;
        final Gender gender;
        final LocalDate birth;
        final String relation;
        final String marital;
        String idNumber;
        String name;
        String management = "RESIDENT";
        LocalDate managementChanged;
        String cancelReason;
        LocalDate cancelledAt;
        Long motherId;
        Long fatherId;
        boolean duplicate;
        String residence;
        CountyRow.Migrant migrant;
        final List<Draft> children = new ArrayList<>();

        Draft(long id, Gender gender, LocalDate birth, String relation, String marital) {
            this.id = id;
            this.gender = gender;
            this.birth = birth;
            this.relation = relation;
            this.marital = marital;
        }
    }

    /** The members of one household and the rows that relate them. */
    private final class Family {
        final long householdId;
        final String householdType;
        final String village;
        final String registration;
        final boolean inMigrant;
        final String surname;
        final List<Draft> members = new ArrayList<>();
        final List<CountyRow> relations = new ArrayList<>();

        Family(long householdId, String householdType, String village, String registration, boolean inMigrant) {
            this.householdId = householdId;
            this.householdType = householdType;
            this.village = village;
            this.registration = registration;
            this.inMigrant = inMigrant;
            this.surname = pick(SURNAMES);
        }

        Draft add(Gender gender, LocalDate birth, String relation, String marital) {
            Draft d = new Draft(nextPersonId++, gender, birth, relation, marital);
            d.name = ("SPOUSE".equals(relation) || "PARENT".equals(relation) && gender == Gender.F ? pick(SURNAMES) : surname)
                    + givenName(gender);
            d.idNumber = idNumber(registration.substring(0, 6), birth, gender);
            d.residence = village;
            d.managementChanged = birth;
            if (inMigrant) {
                LocalDate since = randomDateBetween(maxDate(birth, asOf.minusYears(6)), asOf.minusDays(1));
                d.management = "IN_MIGRANT";
                d.managementChanged = since;
                d.migrant = new CountyRow.Migrant(d.id, "IN", registration, village, since, random.nextDouble() < 0.9);
            } else {
                int age = ageOf(birth);
                if (age >= 18 && age <= 45 && random.nextDouble() < 0.10) {
                    String destination = pick(OUT_MIGRANT_DESTINATIONS);
                    LocalDate since = randomDateBetween(birth.plusYears(17), asOf.minusDays(1));
                    d.management = "OUT_MIGRANT";
                    d.managementChanged = since;
                    d.residence = destination;
                    d.migrant = new CountyRow.Migrant(d.id, "OUT", village, destination, since, random.nextDouble() < 0.85);
                } else if (age >= 75 && random.nextDouble() < 0.04) {
                    d.cancelReason = "DEATH";
                    d.cancelledAt = randomDateBetween(asOf.minusYears(2), asOf.minusDays(1));
                    d.managementChanged = d.cancelledAt;
                }
            }
            members.add(d);
            return d;
        }

        void marry(Draft husband, Draft wife, LocalDate date) {
            relations.add(new CountyRow.Marriage(nextMarriageId++, husband.id, wife.id, date, "MARRIED", null));
        }

        void children(Draft mother, Draft father, LocalDate notBefore, int count) {
            LocalDate earliest = maxDate(notBefore.plusMonths(10), mother.birth.plusYears(20));
            LocalDate latest = minDate(mother.birth.plusYears(40), asOf.minusDays(1));
            LocalDate next = earliest;
            for (int i = 0; i < count && !next.isAfter(latest); i++) {
                LocalDate birth = randomDateBetween(next, minDate(next.plusYears(3), latest));
                if (ageOf(birth) > 25) {
                    next = birth.plusYears(1);
                    continue; // grown children have households of their own
                }
                Draft child = add(randomGender(), birth, "CHILD", ageOf(birth) >= 22 && random.nextDouble() < 0.3 ? "MARRIED" : "UNMARRIED");
                child.motherId = mother.id;
                child.fatherId = father == null ? null : father.id;
                mother.children.add(child);
                String certificate = birth.getYear() >= 1996 ? String.format("Q43%09d", ++birthCertificates) : null;
                relations.add(new CountyRow.Birth(child.id, mother.id, child.fatherId, certificate, mother.children.size()));
                next = birth.plusYears(1).plusMonths(random.nextInt(24));
            }
        }

        void fertility(Draft woman) {
            marriedWomenOfChildbearingAge++;
            int sons = 0;
            int daughters = 0;
            Draft youngest = null;
            for (Draft child : woman.children) {
                if (child.gender == Gender.M) {
                    sons++;
                } else {
                    daughters++;
                }
                youngest = child;
            }
            int children = sons + daughters;
            String method;
            double m = random.nextDouble();
            if (children == 0) {
                method = m < 0.7 ? "NONE" : "CONDOM";
            } else {
                method = m < 0.45 ? "IUD" : m < 0.70 && children >= 2 ? "STERILIZATION" : m < 0.85 ? "CONDOM" : m < 0.90 ? "PILL" : "NONE";
            }
            LocalDate since = "NONE".equals(method) ? null
                    : youngest == null ? randomDateBetween(maxDate(woman.birth.plusYears(20), asOf.minusYears(5)), asOf.minusDays(1))
                    : minDate(youngest.birth.plusDays(180 + random.nextInt(540)), asOf.minusDays(1));
            boolean outOfPolicy = children >= 3;
            BigDecimal assessed = outOfPolicy ? BigDecimal.valueOf(10_000 + random.nextInt(30_000)) : BigDecimal.ZERO;
            BigDecimal collected = outOfPolicy ? assessed.multiply(BigDecimal.valueOf(random.nextInt(101))).movePointLeft(2) : BigDecimal.ZERO;
            relations.add(new CountyRow.Fertility(woman.id, sons, daughters, youngest == null ? null : youngest.birth,
                    youngest == null ? null : youngest.gender.name(), outOfPolicy ? "OUT_OF_POLICY" : "IN_POLICY", method,
                    since, outOfPolicy ? children - 2 : 0, assessed.setScale(2), collected.setScale(2)));
        }

        void emitAll() {
            for (Draft d : members) {
                String idNumber = d.idNumber;
                LocalDate managementChanged = d.managementChanged;
                if (!d.duplicate && due(DefectKind.BAD_CHECK_CHARACTER)) {
                    char check = idNumber.charAt(17);
                    idNumber = idNumber.substring(0, 17) + (check == '0' ? '1' : '0');
                    placed.merge(DefectKind.BAD_CHECK_CHARACTER, 1, Integer::sum);
                } else if (!d.duplicate && due(DefectKind.IMPOSSIBLE_DATE)) {
                    managementChanged = d.birth.minusDays(1 + random.nextInt(3650));
                    placed.merge(DefectKind.IMPOSSIBLE_DATE, 1, Integer::sum);
                }
                emit(new CountyRow.Person(d.id, idNumber, d.name, d.gender.name(), d.birth, householdId, d.relation,
                        householdType, registration, d.residence, d.management, managementChanged, d.marital,
                        d.cancelReason, d.cancelledAt, d.motherId, d.fatherId));
                personsEmitted++;
            }
            for (Draft d : members) {
                if (d.migrant != null) {
                    emit(d.migrant);
                }
            }
            relations.forEach(CountyGenerator.this::emit);
        }
    }

    /**
     * Whether a defect of {@code kind} is due at the current position: defects are spread evenly over the
     * first 98% of the county so that every planned one is placed.
     */
    private boolean due(DefectKind kind) {
        int plan = planned.get(kind);
        int done = placed.get(kind);
        if (done >= plan) {
            return false;
        }
        long target = (long) done * (long) (spec.persons() * 0.98) / plan + kind.ordinal();
        return personsEmitted >= target;
    }

    private String idNumber(String area, LocalDate birth, Gender gender) {
        int day = (int) (birth.toEpochDay() - EPOCH.toEpochDay());
        int slot = day * 2 + (gender == Gender.M ? 1 : 0);
        int n = sequenceCounters[slot]++;
        int sequence = ((day * 7919) % 250) * 2 + 2 * n + (gender == Gender.M ? 1 : 0);
        if (sequence > 999) {
            throw new IllegalStateException("more than 250 births of one gender on one day");
        }
        return IdNumbers.compose(area, birth, sequence);
    }

    private String givenName(Gender gender) {
        String[] pool = gender == Gender.M ? MALE_GIVEN : FEMALE_GIVEN;
        return random.nextDouble() < 0.7 ? pick(pool) + pick(pool) : pick(pool);
    }

    private Gender randomGender() {
        return random.nextDouble() < 0.512 ? Gender.M : Gender.F;
    }

    private LocalDate birthForAge(int age) {
        LocalDate latest = asOf.minusYears(age).minusDays(1);
        return latest.minusDays(random.nextInt(365));
    }

    private int ageOf(LocalDate birth) {
        return java.time.Period.between(birth, asOf).getYears();
    }

    private LocalDate randomDateBetween(LocalDate from, LocalDate to) {
        if (!to.isAfter(from)) {
            return from;
        }
        return from.plusDays(random.nextLong(to.toEpochDay() - from.toEpochDay() + 1));
    }

    private static LocalDate minDate(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static LocalDate maxDate(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String levelOf(String code) {
        if (code.endsWith("0000")) {
            return "PROVINCE";
        }
        return code.endsWith("00") ? "CITY" : "COUNTY";
    }

    private void emit(CountyRow row) {
        digest.update(row.canonical().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
        rowCounts.merge(row.getClass().getSimpleName(), 1L, Long::sum);
        sink.accept(row);
    }
}
