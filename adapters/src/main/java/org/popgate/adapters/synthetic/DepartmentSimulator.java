package org.popgate.adapters.synthetic;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.popgate.adapters.education.RosterFileParser;
import org.popgate.adapters.police.PoliceChangeFileParser;
import org.popgate.crypto.idnumber.IdNumbers;

/**
 * Department simulators: realistic change feeds for the synthetic county from police (daily change file),
 * civil affairs and health (JSON Lines messages) and education (a school's roster), deterministic by seed,
 * with a share of deliberately defective records and, optionally, one file-level defect. Persons are drawn
 * from a {@link CountyRegister}, each at most once per feed, so a clean record validates against it.
 */
public final class DepartmentSimulator {

    private static final String[] SURNAMES = {"李", "王", "张", "刘", "陈", "杨", "黄", "赵", "欧阳", "周"};
    private static final String[] GIVEN = {"晓燕", "伟", "芳", "明", "静", "强", "丽", "军", "婷", "浩", "䶮"};
    private static final String[] NEIGHBOURS = {"431127", "431126", "431124", "431102", "431103", "431021"};
    private static final String[] VACCINES = {"HepB", "BCG", "IPV", "DTaP", "MMR", "JE"};

    private final CountyRegister register;
    private final LocalDate feedDate;

    /** Feeds dated the day after the county's {@code asOf}. */
    public DepartmentSimulator(CountyRegister register) {
        this.register = register;
        this.feedDate = register.spec().asOf().plusDays(1);
    }

    /** The date every simulated feed carries (validate with it as "today"). */
    public LocalDate feedDate() {
        return feedDate;
    }

    /** Options of one simulated feed. */
    public record Options(long seed, int records, double defectShare, FeedDefect fileDefect, Charset encoding) {
        public Options {
            if (defectShare < 0 || defectShare > 1 || records < 0) {
                throw new IllegalArgumentException("defect share is within [0, 1]");
            }
            if (fileDefect != null && !fileDefect.fileLevel()) {
                throw new IllegalArgumentException("a file defect is one of the file-level kinds");
            }
        }

        public static Options clean(long seed, int records) {
            return new Options(seed, records, 0, null, StandardCharsets.UTF_8);
        }
    }

    // ------------------------------------------------------------------ police

    /** A police daily change file (CSV, header, trailer) with births, deaths, moves, ID issuance and name changes. */
    public SimulatedFeed police(Options o, OutputStream out) {
        Run run = new Run(o);
        List<String> columns = PoliceChangeFileParser.COLUMNS;
        List<String[]> rows = new ArrayList<>();
        int[] order = run.permutation(register.residents().size());
        int next = 0;
        for (int i = 0; i < o.records(); i++) {
            Map<String, String> f = new LinkedHashMap<>();
            for (String c : columns) {
                f.put(c, "");
            }
            // Serials are unique per feed and seed, as a real register's are across days.
            f.put("change_no", String.format("C%06d%08d", o.seed() % 1_000_000, i + 1));
            f.put("change_date", feedDate.toString());
            f.put("event_date", feedDate.minusDays(1 + run.random.nextInt(20)).toString());
            CountyRegister.Resident r = null;
            while (next < order.length && r == null) {
                CountyRegister.Resident candidate = register.residents().get(order[next++]);
                r = candidate.cancelled() ? null : candidate;
            }
            double roll = run.random.nextDouble();
            if (r == null || roll < 0.15) {
                moveIn(run, f);
            } else if (r.age(feedDate) >= 70 && roll < 0.45) {
                person(f, r, "DEATH");
            } else if ("F".equals(r.gender()) && r.age(feedDate) >= 20 && r.age(feedDate) <= 40 && roll < 0.35) {
                birth(run, f, r);
            } else if (roll < 0.45) {
                person(f, r, "MOVE_OUT");
                f.put("other_area", run.pick(new String[] {"440304", "440306", "441900", "330106"}));
            } else if (roll < 0.75) {
                person(f, r, "ID_ISSUED");
            } else {
                person(f, r, "NAME_CHANGE");
                f.put("new_name", r.name().substring(0, 1) + run.pick(GIVEN));
            }
            run.spell(f, "id_number");
            FeedDefect d = run.recordDefect();
            if (d != null) {
                csvDefect(run, d, f, "birth_date".equals(logicField(f)) ? "birth_date" : "event_date");
            } else {
                run.cleanKey = f.get("change_no");
            }
            rows.add(d == FeedDefect.WRONG_COLUMNS ? dropLast(f) : f.values().toArray(String[]::new));
        }
        String header = "#popgate-feed police v1 encoding=" + o.encoding().name() + " date=" + feedDate
                + " sender=431128.police";
        writeCsv(run, header, PoliceChangeFileParser.columnLine(), rows, o, out);
        return run.result();
    }

    private static String logicField(Map<String, String> f) {
        String type = f.get("change_type");
        return "BIRTH".equals(type) || "MOVE_IN".equals(type) ? "birth_date" : "event_date";
    }

    private void person(Map<String, String> f, CountyRegister.Resident r, String type) {
        f.put("change_type", type);
        f.put("id_number", r.idNumber());
        f.put("name", r.name());
        f.put("area_code", r.village());
        LocalDate event = LocalDate.parse(f.get("event_date"));
        f.put("event_date", (event.isBefore(r.birthDate()) ? r.birthDate() : event).toString());
    }

    private void birth(Run run, Map<String, String> f, CountyRegister.Resident mother) {
        boolean male = run.random.nextBoolean();
        LocalDate born = feedDate.minusDays(2 + run.random.nextInt(60));
        f.put("change_type", "BIRTH");
        f.put("id_number", run.newId("431128", born, male));
        f.put("name", mother.name().substring(0, 1) + run.pick(GIVEN));
        f.put("gender", male ? "M" : "F");
        f.put("birth_date", born.toString());
        f.put("area_code", mother.village());
        f.put("mother_id", mother.idNumber());
        f.put("certificate_no", String.format("Q43%09d", run.random.nextInt(1_000_000_000)));
        f.put("event_date", born.toString());
    }

    private void moveIn(Run run, Map<String, String> f) {
        boolean male = run.random.nextBoolean();
        LocalDate born = LocalDate.of(1960, 1, 1).plusDays(run.random.nextInt(365 * 45));
        String origin = run.pick(NEIGHBOURS);
        f.put("change_type", "MOVE_IN");
        f.put("id_number", run.newId(origin, born, male));
        f.put("name", run.pick(SURNAMES) + run.pick(GIVEN));
        f.put("gender", male ? "M" : "F");
        f.put("birth_date", born.toString());
        f.put("area_code", register.villages().get(run.random.nextInt(register.villages().size())));
        f.put("other_area", origin);
    }

    private void csvDefect(Run run, FeedDefect d, Map<String, String> f, String logicField) {
        switch (d) {
            case BAD_ID_CHECK_CHARACTER -> {
                String id = IdNumbers.normalise(f.get("id_number"));
                String fixed = id.length() == 15 ? idOf18(id) : id;
                f.put("id_number", fixed.substring(0, 17) + (fixed.charAt(17) == '0' ? '1' : '0'));
            }
            case BAD_DATE -> f.put("change_date", "2025-02-30");
            case DUPLICATE_KEY -> f.put("change_no", run.cleanKey == null ? "C00000000" : run.cleanKey);
            case UNKNOWN_AREA -> f.put("area_code", "431128999999");
            case LOGIC_ERROR -> {
                LocalDate d0 = LocalDate.parse(f.get(logicField).isEmpty() ? feedDate.toString() : f.get(logicField));
                f.put(logicField, "birth_date".equals(logicField) ? d0.plusDays(1).toString() : "1900-01-01");
            }
            default -> { }
        }
    }

    private static String idOf18(String legacy) {
        String body = legacy.substring(0, 6) + "19" + legacy.substring(6);
        return body + IdNumbers.checkCharacter(body);
    }

    private static String[] dropLast(Map<String, String> f) {
        String[] all = f.values().toArray(String[]::new);
        return java.util.Arrays.copyOf(all, all.length - 1);
    }

    // ------------------------------------------------------------------ education

    /** One school's roster for one term: the county's children aged 6–12 of one township. */
    public SimulatedFeed educationRoster(Options o, String township, OutputStream out) {
        Run run = new Run(o);
        String school = township + "901";
        List<String[]> rows = new ArrayList<>();
        int n = 0;
        for (CountyRegister.Resident r : register.residents()) {
            int age = r.age(feedDate);
            if (n >= o.records() || r.cancelled() || age < 6 || age > 12 || !r.village().startsWith(township)) {
                continue;
            }
            Map<String, String> f = new LinkedHashMap<>();
            f.put("student_no", String.format("S%05d", ++n));
            f.put("id_number", r.idNumber());
            f.put("name", r.name());
            f.put("gender", r.gender());
            f.put("birth_date", r.birthDate().toString());
            f.put("grade", Integer.toString(Math.max(1, Math.min(6, age - 5))));
            f.put("area_code", r.village());
            LocalDate enrolled = LocalDate.of(r.birthDate().getYear() + 6, 9, 1);
            f.put("enrolled_on", (enrolled.isAfter(feedDate) ? enrolled.minusYears(1) : enrolled).toString());
            run.spell(f, "id_number");
            FeedDefect d = run.recordDefect();
            if (d == FeedDefect.DUPLICATE_KEY) {
                f.put("student_no", run.cleanKey == null ? "S00000" : run.cleanKey);
            } else if (d == FeedDefect.BAD_DATE) {
                f.put("enrolled_on", "2021-13-01");
            } else if (d == FeedDefect.LOGIC_ERROR) {
                f.put("birth_date", r.birthDate().plusDays(1).toString());
            } else if (d != null) {
                csvDefect(run, d, f, "birth_date");
            } else {
                run.cleanKey = f.get("student_no");
            }
            rows.add(d == FeedDefect.WRONG_COLUMNS ? dropLast(f) : f.values().toArray(String[]::new));
        }
        String header = "#popgate-feed education v1 encoding=" + o.encoding().name() + " date=" + feedDate
                + " sender=431128.education school=" + school + " term=2025-2026-1";
        writeCsv(run, header, RosterFileParser.columnLine(), rows, o, out);
        return run.result();
    }

    // ------------------------------------------------------------------ civil affairs

    /** Civil-affairs messages as JSON Lines: marriages of unmarried adults, divorces of couples, cremations of the old. */
    public SimulatedFeed civilAffairs(Options o, OutputStream out) {
        Run run = new Run(o);
        List<CountyRegister.Resident> men = new ArrayList<>();
        List<CountyRegister.Resident> women = new ArrayList<>();
        List<CountyRegister.Resident> old = new ArrayList<>();
        for (int i : run.permutation(register.residents().size())) {
            CountyRegister.Resident r = register.residents().get(i);
            if (r.cancelled()) {
                continue;
            }
            int age = r.age(feedDate);
            if (!r.married() && "M".equals(r.gender()) && age >= 23 && age < 40) {
                men.add(r);
            } else if (!r.married() && "F".equals(r.gender()) && age >= 21 && age < 40) {
                women.add(r);
            } else if (age >= 75) {
                old.add(r);
            }
        }
        int[] couples = run.permutation(register.couples().size());
        int m = 0;
        int d = 0;
        int c = 0;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < o.records(); i++) {
            Map<String, Object> msg = new LinkedHashMap<>();
            msg.put("schema", "popgate.civilaffairs.v1");
            msg.put("messageId", String.format("MZ-431128-%06d-%08d", o.seed() % 1_000_000, i + 1));
            double roll = run.random.nextDouble();
            LocalDate date = feedDate.minusDays(1 + run.random.nextInt(10));
            String dateField;
            if (roll < 0.5 && m < men.size() && m < women.size()) {
                msg.put("kind", "marriage");
                msg.put("office", "431128");
                msg.put("certificateNo", String.format("J431128-2026-%06d", i + 1));
                msg.put("marriageDate", date.toString());
                msg.put("husband", party(men.get(m)));
                msg.put("wife", party(women.get(m++)));
                dateField = "marriageDate";
            } else if (roll < 0.7 && d < couples.length) {
                String[] couple = register.couples().get(couples[d++]);
                msg.put("kind", "divorce");
                msg.put("office", "431128");
                msg.put("certificateNo", String.format("L431128-2026-%06d", i + 1));
                msg.put("divorceDate", date.toString());
                msg.put("husband", party(couple[0], "王某"));
                msg.put("wife", party(couple[1], "李某"));
                dateField = "divorceDate";
            } else if (c < old.size()) {
                CountyRegister.Resident r = old.get(c++);
                msg.put("kind", "death");
                msg.put("area", r.village());
                msg.put("certificateNo", String.format("HH431128-%06d", i + 1));
                msg.put("dateOfDeath", date.toString());
                msg.put("cremationDate", date.plusDays(run.random.nextInt(2)).toString());
                msg.put("person", party(r));
                dateField = "dateOfDeath";
            } else {
                break;
            }
            jsonDefect(run, msg, dateField, msg.containsKey("office") ? "office" : "area");
            run.line(sb, msg);
        }
        writeJson(run, sb, o, out);
        return run.result();
    }

    private static Map<String, Object> party(CountyRegister.Resident r) {
        return party(r.idNumber(), r.name());
    }

    private static Map<String, Object> party(String id, String name) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("idNumber", id);
        p.put("name", name);
        return p;
    }

    // ------------------------------------------------------------------ health

    /** Health messages as JSON Lines: birth medical certificates of new children and vaccinations of the county's infants. */
    public SimulatedFeed health(Options o, OutputStream out) {
        Run run = new Run(o);
        List<CountyRegister.Resident> mothers = new ArrayList<>();
        List<CountyRegister.Resident> infants = new ArrayList<>();
        for (int i : run.permutation(register.residents().size())) {
            CountyRegister.Resident r = register.residents().get(i);
            int age = r.age(feedDate);
            if (!r.cancelled() && "F".equals(r.gender()) && age >= 20 && age <= 40) {
                mothers.add(r);
            } else if (!r.cancelled() && age < 7) {
                infants.add(r);
            }
        }
        int mi = 0;
        int ii = 0;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < o.records(); i++) {
            Map<String, Object> msg = new LinkedHashMap<>();
            msg.put("schema", "popgate.health.v1");
            msg.put("messageId", String.format("WJ-431128-%06d-%08d", o.seed() % 1_000_000, i + 1));
            String dateField;
            String areaField;
            if ((run.random.nextBoolean() || ii >= infants.size()) && mi < mothers.size()) {
                CountyRegister.Resident mother = mothers.get(mi++);
                LocalDate born = feedDate.minusDays(2 + run.random.nextInt(30));
                Map<String, Object> child = new LinkedHashMap<>();
                child.put("name", mother.name().substring(0, 1) + run.pick(GIVEN));
                child.put("gender", run.random.nextBoolean() ? "M" : "F");
                child.put("birthDate", born.toString());
                msg.put("kind", "birth_certificate");
                msg.put("certificateNo", String.format("Q43%09d", i + 1));
                msg.put("issuedOn", born.plusDays(1).toString());
                msg.put("birthPlace", mother.village().substring(0, 9));
                msg.put("child", child);
                msg.put("mother", party(mother));
                dateField = "issuedOn";
                areaField = "birthPlace";
            } else if (ii < infants.size()) {
                CountyRegister.Resident infant = infants.get(ii++);
                Map<String, Object> child = new LinkedHashMap<>();
                child.put("idNumber", infant.idNumber());
                child.put("birthDate", infant.birthDate().toString());
                LocalDate on = infant.birthDate().plusDays(run.random.nextInt(
                        (int) Math.max(1, feedDate.toEpochDay() - infant.birthDate().toEpochDay())));
                msg.put("kind", "vaccination");
                msg.put("child", child);
                msg.put("vaccine", run.pick(VACCINES));
                msg.put("dose", 1 + run.random.nextInt(3));
                msg.put("vaccinatedOn", on.toString());
                msg.put("cardCreatedOn", min(infant.birthDate().plusDays(run.random.nextInt(40)), feedDate.minusDays(1)).toString());
                msg.put("clinic", infant.village().substring(0, 9));
                dateField = "vaccinatedOn";
                areaField = "clinic";
            } else {
                break;
            }
            jsonDefect(run, msg, dateField, areaField);
            run.line(sb, msg);
        }
        writeJson(run, sb, o, out);
        return run.result();
    }

    @SuppressWarnings("unchecked")
    private void jsonDefect(Run run, Map<String, Object> msg, String dateField, String areaField) {
        FeedDefect d = run.recordDefect();
        if (d == null) {
            run.cleanKey = (String) msg.get("messageId");
            return;
        }
        switch (d) {
            case BAD_ID_CHECK_CHARACTER -> {
                for (Object v : msg.values()) {
                    if (v instanceof Map<?, ?> p && p.get("idNumber") instanceof String id) {
                        String fixed = IdNumbers.normalise(id);
                        fixed = fixed.length() == 15 ? idOf18(fixed) : fixed;
                        ((Map<String, Object>) p).put("idNumber", fixed.substring(0, 17) + (fixed.charAt(17) == '0' ? '1' : '0'));
                        break;
                    }
                }
            }
            case BAD_DATE -> msg.put(dateField, "2025-02-30");
            case WRONG_COLUMNS -> msg.remove(dateField); // JSON has no columns: a required field goes missing
            case DUPLICATE_KEY -> msg.put("messageId", run.cleanKey == null ? "none" : run.cleanKey);
            case UNKNOWN_AREA -> msg.put(areaField, "431128999");
            case LOGIC_ERROR -> msg.put(dateField, "issuedOn".equals(dateField) ? "2000-01-01" : "1900-01-01");
            default -> { }
        }
    }

    // ------------------------------------------------------------------ writing and file defects

    private void writeCsv(Run run, String header, String columnLine, List<String[]> rows, Options o, OutputStream out) {
        Charset charset = o.fileDefect() == FeedDefect.BROKEN_ENCODING
                ? (o.encoding().equals(StandardCharsets.UTF_8) ? Charset.forName("GB18030") : StandardCharsets.UTF_8)
                : o.encoding();
        if (o.fileDefect() == null) {
            writeCsvTo(header, columnLine, rows, charset, out);
            return;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        writeCsvTo(header, o.fileDefect() == FeedDefect.WRONG_COLUMN_HEADER ? columnLine + ",extra" : columnLine,
                rows, charset, buffer);
        write(out, run.fileDefect(buffer.toByteArray(), o.fileDefect(), true));
    }

    private static void writeCsvTo(String header, String columnLine, List<String[]> rows, Charset charset, OutputStream out) {
        try {
            Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, charset), 65_536);
            w.write(header);
            w.write("\r\n");
            w.write(columnLine);
            w.write("\r\n");
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        w.write(',');
                    }
                    w.write(row[i]);
                }
                w.write("\r\n");
            }
            w.write("#end records=" + rows.size() + "\r\n");
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeJson(Run run, StringBuilder sb, Options o, OutputStream out) {
        Charset charset = o.fileDefect() == FeedDefect.BROKEN_ENCODING ? Charset.forName("GB18030") : StandardCharsets.UTF_8;
        byte[] bytes = sb.toString().getBytes(charset);
        write(out, o.fileDefect() == null || o.fileDefect() == FeedDefect.BROKEN_ENCODING ? bytes
                : run.fileDefect(bytes, o.fileDefect(), false));
    }

    private static void write(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The state of one simulated feed. */
    private final class Run {
        final Options options;
        final SplittableRandom random;
        final Set<String> issued = new HashSet<>();
        final Map<FeedDefect, Long> defects = new EnumMap<>(FeedDefect.class);
        long records;
        long defective;
        int nextDefect;
        String cleanKey;

        Run(Options options) {
            this.options = options;
            this.random = new SplittableRandom(options.seed());
        }

        int[] permutation(int n) {
            int[] a = new int[n];
            for (int i = 0; i < n; i++) {
                a[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
            return a;
        }

        String pick(String[] values) {
            return values[random.nextInt(values.length)];
        }

        /** The record defect of the next record, or {@code null}; kinds rotate so each share is even. */
        FeedDefect recordDefect() {
            records++;
            if (random.nextDouble() >= options.defectShare()) {
                return null;
            }
            FeedDefect d = FeedDefect.RECORD_LEVEL[nextDefect++ % FeedDefect.RECORD_LEVEL.length];
            if (d == FeedDefect.DUPLICATE_KEY && cleanKey == null) {
                d = FeedDefect.UNKNOWN_AREA;
            }
            defective++;
            defects.merge(d, 1L, Long::sum);
            return d;
        }

        /** Writes an ID number the way people do now and then: lower-case x, full-width, spaces, 15 digits. */
        void spell(Map<String, String> f, String field) {
            String id = f.get(field);
            double roll = random.nextDouble();
            if (roll < 0.02) {
                f.put(field, " " + id.toLowerCase() + " ");
            } else if (roll < 0.04) {
                StringBuilder sb = new StringBuilder();
                for (char c : id.toCharArray()) {
                    sb.append(c >= '0' && c <= '9' ? (char) ('\uFF10' + (c - '0')) : c);
                }
                f.put(field, sb.toString());
            } else if (roll < 0.06 && id.startsWith("19", 6)) {
                f.put(field, id.substring(0, 6) + id.substring(8, 17));
            }
        }

        String newId(String area, LocalDate born, boolean male) {
            while (true) {
                int seq = random.nextInt(500) * 2 + (male ? 1 : 0);
                String id = IdNumbers.compose(area, born, seq);
                if (!register.knowsId(id) && issued.add(id)) {
                    return id;
                }
            }
        }

        void line(StringBuilder sb, Map<String, Object> msg) {
            json(sb, msg);
            sb.append('\n');
        }

        byte[] fileDefect(byte[] clean, FeedDefect d, boolean csv) {
            return switch (d) {
                case TRUNCATED -> java.util.Arrays.copyOf(clean, Math.max(1, clean.length * 7 / 10));
                case HUGE_LINE -> {
                    byte[] huge = (csv ? "C99999999,NAME_CHANGE," + "长".repeat(40_000) + "\r\n"
                            : "{\"schema\":\"x\",\"name\":\"" + "长".repeat(40_000) + "\"}\n").getBytes(StandardCharsets.UTF_8);
                    int at = csv ? indexAfterLine(clean, 2) : 0;
                    byte[] out = new byte[clean.length + huge.length];
                    System.arraycopy(clean, 0, out, 0, at);
                    System.arraycopy(huge, 0, out, at, huge.length);
                    System.arraycopy(clean, at, out, at + huge.length, clean.length - at);
                    yield out;
                }
                case BINARY_GARBAGE -> {
                    byte[] out = clean.clone();
                    int from = csv ? indexAfterLine(clean, 2) : 0;
                    for (int i = from; i < Math.min(out.length, from + 512); i++) {
                        out[i] = (byte) random.nextInt(256);
                    }
                    if (from < out.length) {
                        out[from] = 0;
                    }
                    yield out;
                }
                case WRONG_COLUMN_HEADER -> csv ? clean : ("{\"broken\":" + new String(clean, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8);
                default -> clean;
            };
        }

        SimulatedFeed result() {
            return new SimulatedFeed(records, defective, defects, options.fileDefect());
        }
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static int indexAfterLine(byte[] bytes, int lines) {
        int seen = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' && ++seen == lines) {
                return i + 1;
            }
        }
        return bytes.length;
    }

    @SuppressWarnings("unchecked")
    private static void json(StringBuilder sb, Object v) {
        if (v instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append('"').append(e.getKey()).append("\":");
                json(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Number n) {
            sb.append(n);
        } else {
            sb.append('"').append(String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
    }
}
