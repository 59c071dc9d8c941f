package org.popgate.adapters.feed.quality;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reconciles the population database with the police register: population counts per village and
 * township, a flag where they differ by more than 5‰ (the seed's threshold, relative to the police
 * count), and the persons present in one source and missing in the other — by lookup hash, never by ID.
 * Feed both sources in any order, then ask for the {@link #report()}.
 */
public final class Reconciliation {

    /** The seed's threshold: differences over 5‰ must be explained. */
    public static final double THRESHOLD_PER_MILLE = 5.0;

    /** Counts of one area in both sources. */
    public record AreaCount(String area, long population, long police) {
        /** |population − police| ÷ police × 1000; a police count of 0 with any population is infinite. */
        public double differencePerMille() {
            long diff = Math.abs(population - police);
            return police == 0 ? (diff == 0 ? 0 : Double.POSITIVE_INFINITY) : diff * 1000.0 / police;
        }

        public boolean flagged() {
            return differencePerMille() > THRESHOLD_PER_MILLE;
        }
    }

    /** A person found in only one source, by lookup hash and the village that source counts them in. */
    public record Missing(String lookupHash, String village) {}

    /** The outcome: counts per village and township, and who is missing where. */
    public record Report(Map<String, AreaCount> villages, Map<String, AreaCount> townships,
            List<Missing> onlyInPopulation, List<Missing> onlyInPolice) {}

    private final Map<String, String> population = new HashMap<>();
    private final Map<String, String> police = new HashMap<>();
    private final Map<String, long[]> counts = new TreeMap<>();

    /** A person of the population database (counted once per lookup hash: duplicates are the quality report's). */
    public void population(String village, String lookupHash) {
        if (population.putIfAbsent(lookupHash, village) == null) {
            counts.computeIfAbsent(village, v -> new long[2])[0]++;
        }
    }

    /** A person of the police register. */
    public void police(String village, String lookupHash) {
        if (police.putIfAbsent(lookupHash, village) == null) {
            counts.computeIfAbsent(village, v -> new long[2])[1]++;
        }
    }

    public Report report() {
        Map<String, AreaCount> villages = new TreeMap<>();
        Map<String, long[]> townshipCounts = new TreeMap<>();
        counts.forEach((v, c) -> {
            villages.put(v, new AreaCount(v, c[0], c[1]));
            long[] t = townshipCounts.computeIfAbsent(v.length() >= 9 ? v.substring(0, 9) : v, k -> new long[2]);
            t[0] += c[0];
            t[1] += c[1];
        });
        Map<String, AreaCount> townships = new TreeMap<>();
        townshipCounts.forEach((t, c) -> townships.put(t, new AreaCount(t, c[0], c[1])));
        return new Report(villages, townships, missing(population, police), missing(police, population));
    }

    private static List<Missing> missing(Map<String, String> from, Map<String, String> in) {
        List<Missing> out = new ArrayList<>();
        from.forEach((hash, village) -> {
            if (!in.containsKey(hash)) {
                out.add(new Missing(hash, village));
            }
        });
        out.sort((a, b) -> a.village().equals(b.village()) ? a.lookupHash().compareTo(b.lookupHash())
                : a.village().compareTo(b.village()));
        return out;
    }
}
