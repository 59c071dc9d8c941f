package org.popgate.gateway.pulls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.popgate.adapters.population.FieldRule;
import org.popgate.adapters.population.PullField;
import org.popgate.crypto.pseudonym.Generalise;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The data-sharing catalogue (政务数据共享目录), loaded from {@code catalogue/data-sharing.yml}: per department and
 * purpose, which fields may be shared, how each is transformed and whether it needs an approval. A field a purpose
 * does not list is not shareable. Loading refuses anything it does not understand, so a typo stops the start
 * instead of opening a field.
 */
public record Catalogue(String version, Map<String, Department> departments) {

    /** The catalogue on the class path. */
    static final String RESOURCE = "catalogue/data-sharing.yml";

    /** Whether a field may leave the gateway at all, and on what condition. */
    public enum Share { UNCONDITIONAL, WITH_APPROVAL, NOT_SHAREABLE }

    /** How a shareable field is transformed on its way out. */
    public enum Transform { AS_IS, PSEUDONYMISED, GENERALISED, DROPPED }

    /** One department's purposes and limits. */
    public record Department(long dailyRecordQuota, int lookupsPerDay, Map<String, Purpose> purposes) {}

    /** One purpose: its description and its fields' entries. */
    public record Purpose(String description, Map<PullField, Entry> fields) {}

    /**
     * One field's entry.
     *
     * @param rule how the field leaves the gateway (null when it does not: not shareable or dropped)
     */
    public record Entry(Share share, Transform transform, FieldRule rule) {}

    /**
     * The catalogue's answer to a request: the fields that go out, in record order, with their rules; the fields
     * asked for but dropped; and whether an approval is needed (any field that is not unconditional).
     */
    public record Decision(Map<PullField, FieldRule> rules, List<PullField> dropped, boolean needsApproval) {

        /** The data categories the released fields belong to. */
        public List<String> categories() {
            return rules.keySet().stream().map(PullField::category).distinct().toList();
        }

        /** The released fields by name. */
        public List<String> fieldNames() {
            return rules.keySet().stream().map(PullField::jsonName).toList();
        }
    }

    /** Loads the catalogue shipped on the class path. */
    public static Catalogue load() {
        try (InputStream in = Catalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the data-sharing catalogue " + RESOURCE + " is missing");
            }
            return parse(new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks a request against the catalogue. {@code fields} are field names, {@code categories} category names;
     * a category stands for its fields that the purpose lists as shareable.
     */
    public Decision decide(String department, String purpose, Collection<String> fields, Collection<String> categories) {
        Department d = departments.get(department);
        Purpose p = d == null ? null : d.purposes().get(purpose);
        if (p == null) {
            throw new ApiException(ErrorCode.PURPOSE_NOT_IN_CATALOGUE,
                    "The catalogue has no purpose of this name for the department.");
        }
        Set<PullField> asked = new LinkedHashSet<>();
        for (String name : fields == null ? List.<String>of() : fields) {
            PullField field = field(name);
            if (field == null) {
                throw new ApiException(ErrorCode.UNKNOWN_FIELD, "Unknown field; fields are " + fieldList() + ".");
            }
            Entry entry = p.fields().get(field);
            if (entry == null || entry.share() == Share.NOT_SHAREABLE) {
                throw new ApiException(ErrorCode.FIELD_NOT_SHAREABLE,
                        "The field " + field.jsonName() + " is not shareable for this purpose.");
            }
            asked.add(field);
        }
        for (String name : categories == null ? List.<String>of() : categories) {
            List<PullField> members = List.of(PullField.values()).stream().filter(f -> f.category().equals(name)).toList();
            if (members.isEmpty()) {
                throw new ApiException(ErrorCode.UNKNOWN_FIELD, "Unknown data category.");
            }
            List<PullField> shareable = members.stream().filter(f -> p.fields().containsKey(f)
                    && p.fields().get(f).share() != Share.NOT_SHAREABLE).toList();
            if (shareable.isEmpty()) {
                throw new ApiException(ErrorCode.FIELD_NOT_SHAREABLE,
                        "No field of the category " + name + " is shareable for this purpose.");
            }
            asked.addAll(shareable);
        }
        Map<PullField, FieldRule> rules = new EnumMap<>(PullField.class);
        List<PullField> dropped = new ArrayList<>();
        boolean needsApproval = false;
        for (PullField field : asked) {
            Entry entry = p.fields().get(field);
            if (entry.rule() == null) {
                dropped.add(field);
                continue;
            }
            rules.put(field, entry.rule());
            needsApproval |= entry.share() != Share.UNCONDITIONAL;
        }
        if (rules.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "A pull needs at least one field that is released.");
        }
        return new Decision(rules, List.copyOf(dropped), needsApproval);
    }

    /** The field with JSON name {@code name}, or null. */
    static PullField field(String name) {
        for (PullField f : PullField.values()) {
            if (f.jsonName().equals(name)) {
                return f;
            }
        }
        return null;
    }

    private static String fieldList() {
        return String.join(", ", List.of(PullField.values()).stream().map(PullField::jsonName).toList());
    }

    // ---- loading: strict, by hand, so that every mistake names its place

    @SuppressWarnings("unchecked")
    static Catalogue parse(Object yaml) {
        Map<String, Object> root = map(yaml, "catalogue");
        only(root, "catalogue", "version", "departments");
        Map<String, Department> departments = new LinkedHashMap<>();
        map(root.get("departments"), "departments").forEach((name, value) -> {
            String at = "departments." + name;
            Map<String, Object> d = map(value, at);
            only(d, at, "dailyRecordQuota", "lookupsPerDay", "purposes");
            Map<String, Purpose> purposes = new LinkedHashMap<>();
            map(d.get("purposes"), at + ".purposes").forEach((purpose, pv) -> {
                String pat = at + ".purposes." + purpose;
                Map<String, Object> p = map(pv, pat);
                only(p, pat, "description", "fields");
                Map<PullField, Entry> fields = new EnumMap<>(PullField.class);
                map(p.get("fields"), pat + ".fields").forEach((fieldName, fv) -> {
                    String fat = pat + ".fields." + fieldName;
                    PullField field = field(fieldName);
                    if (field == null) {
                        throw new IllegalStateException("catalogue: unknown field at " + fat);
                    }
                    fields.put(field, entry(field, map(fv, fat), fat));
                });
                purposes.put(purpose, new Purpose(String.valueOf(p.get("description")), fields));
            });
            departments.put(name, new Department(number(d.get("dailyRecordQuota"), at + ".dailyRecordQuota"),
                    (int) number(d.get("lookupsPerDay"), at + ".lookupsPerDay"), purposes));
        });
        Object version = root.get("version");
        if (version == null) {
            throw new IllegalStateException("catalogue: version is missing");
        }
        return new Catalogue(version.toString(), departments);
    }

    private static Entry entry(PullField field, Map<String, Object> e, String at) {
        only(e, at, "share", "transform", "level");
        Share share = enumValue(Share.class, e.get("share"), at + ".share");
        if (share == Share.NOT_SHAREABLE) {
            return new Entry(share, Transform.DROPPED, null);
        }
        Transform transform = enumValue(Transform.class, e.get("transform"), at + ".transform");
        Object level = e.get("level");
        FieldRule rule = switch (transform) {
            case AS_IS -> FieldRule.AS_IS;
            case DROPPED -> null;
            case PSEUDONYMISED -> {
                if (field != PullField.ID_NUMBER && field != PullField.NAME) {
                    throw new IllegalStateException("catalogue: only idNumber and name can be pseudonymised (" + at + ")");
                }
                yield FieldRule.PSEUDONYMISED;
            }
            case GENERALISED -> switch (field) {
                case BIRTH_DATE -> new FieldRule.GeneralisedDate(enumValue(Generalise.BirthDate.class, level, at + ".level"));
                case REGISTRATION_AREA, RESIDENCE_AREA ->
                        new FieldRule.GeneralisedArea(enumValue(Generalise.Area.class, level, at + ".level"));
                default -> throw new IllegalStateException("catalogue: " + at + " cannot be generalised");
            };
        };
        return new Entry(share, transform, rule);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String at) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalStateException("catalogue: " + at + " must be a mapping");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static void only(Map<String, Object> map, String at, String... allowed) {
        Set<String> keys = new LinkedHashSet<>(map.keySet());
        keys.removeAll(List.of(allowed));
        if (!keys.isEmpty()) {
            throw new IllegalStateException("catalogue: unknown key " + keys + " at " + at);
        }
    }

    private static long number(Object value, String at) {
        if (!(value instanceof Number n) || n.longValue() < 0) {
            throw new IllegalStateException("catalogue: " + at + " must be a non-negative number");
        }
        return n.longValue();
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, Object value, String at) {
        try {
            return Enum.valueOf(type, String.valueOf(value).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("catalogue: " + at + " must be one of " + List.of(type.getEnumConstants()));
        }
    }
}
