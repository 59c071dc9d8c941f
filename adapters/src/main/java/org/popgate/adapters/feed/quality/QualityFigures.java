package org.popgate.adapters.feed.quality;

/**
 * The seed's quality figures for one village or township (篇10): counts and the rates derived from them.
 * Logic error rate = logic errors ÷ (married women of childbearing age × 10), as the seed defines it.
 */
public record QualityFigures(String area, long persons, long complete, long accurate, long logicErrors,
        long marriedWomenOfChildbearingAge, long duplicates, long idErrors) {

    /** The seed's thresholds: 95% completeness and accuracy, at most 10% logic errors. */
    public static final double MIN_COMPLETENESS = 0.95;
    public static final double MIN_ACCURACY = 0.95;
    public static final double MAX_LOGIC_ERROR_RATE = 0.10;

    public double completenessRate() {
        return ratio(complete, persons);
    }

    public double accuracyRate() {
        return ratio(accurate, persons);
    }

    /** Zero where the area has no married woman of childbearing age (and so nothing to divide by). */
    public double logicErrorRate() {
        return ratio(logicErrors, marriedWomenOfChildbearingAge * 10);
    }

    public double duplicateRate() {
        return ratio(duplicates, persons);
    }

    public double idErrorRate() {
        return ratio(idErrors, persons);
    }

    /** Whether the area fails one of the seed's thresholds and needs a re-check. */
    public boolean needsRecheck() {
        return completenessRate() < MIN_COMPLETENESS || accuracyRate() < MIN_ACCURACY
                || logicErrorRate() > MAX_LOGIC_ERROR_RATE;
    }

    QualityFigures plus(QualityFigures o, String area) {
        return new QualityFigures(area, persons + o.persons, complete + o.complete, accurate + o.accurate,
                logicErrors + o.logicErrors, marriedWomenOfChildbearingAge + o.marriedWomenOfChildbearingAge,
                duplicates + o.duplicates, idErrors + o.idErrors);
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }
}
