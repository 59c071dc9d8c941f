package org.popgate.crypto.idnumber;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The GB/T 2260 administrative area codes popgate ships (provinces, cities and the counties it knows,
 * historic codes included because old ID numbers keep them). One source for validation and the database.
 */
public final class AreaCodes {

    /** One row of the table. {@code parentCode} is empty for provinces. */
    public record Area(String code, String name, String parentCode, boolean historic) {}

    private static final String RESOURCE = "gb2260.tsv";
    private static volatile AreaCodes shipped;

    private final Map<String, Area> byCode;

    private AreaCodes(Map<String, Area> byCode) {
        this.byCode = Collections.unmodifiableMap(byCode);
    }

    /** The table shipped inside this library. */
    public static AreaCodes shipped() {
        AreaCodes result = shipped;
        if (result == null) {
            result = load();
            shipped = result;
        }
        return result;
    }

    public boolean isKnown(String code) {
        return byCode.containsKey(code);
    }

    public Optional<Area> find(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    /** All areas in file order (provinces before their cities before their counties). */
    public List<Area> all() {
        return List.copyOf(byCode.values());
    }

    private static AreaCodes load() {
        Map<String, Area> map = new LinkedHashMap<>();
        try (InputStream in = AreaCodes.class.getResourceAsStream(RESOURCE);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                map.put(f[0], new Area(f[0], f[1], f[2], f.length > 3 && "historic".equals(f[3])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("area code table missing from the crypto library", e);
        }
        return new AreaCodes(map);
    }
}
