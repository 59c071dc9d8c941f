package org.popgate.adapters.synthetic;

import java.util.Map;

/**
 * What the generator produced: rows per kind, defects placed per kind, married women of childbearing age,
 * and the SHA-256 over every row's canonical text (same spec → same checksum).
 */
public record GenerationReport(
        CountySpec spec,
        Map<String, Long> rowCounts,
        Map<DefectKind, Integer> defects,
        int marriedWomenOfChildbearingAge,
        String checksum) {

    public long rows(String kind) {
        return rowCounts.getOrDefault(kind, 0L);
    }
}
