package org.popgate.adapters.synthetic;

/**
 * How many deliberately defective records the county gets, per 10,000 persons of each kind, so that
 * quality checks have something real to find. The exact count of a kind is
 * {@code persons * perTenThousand / 10_000} (integer division).
 */
public record DefectPlan(int badCheckCharacter, int duplicatePerson, int missingSpouse, int impossibleDate) {

    /** The demo default: 5 of each kind per 10,000 persons (0.2% defective records in all). */
    public static final DefectPlan DEFAULT = new DefectPlan(5, 5, 5, 5);

    /** No defects at all. */
    public static final DefectPlan NONE = new DefectPlan(0, 0, 0, 0);

    public DefectPlan {
        if (badCheckCharacter < 0 || duplicatePerson < 0 || missingSpouse < 0 || impossibleDate < 0) {
            throw new IllegalArgumentException("defect rates are never negative");
        }
        if (badCheckCharacter + duplicatePerson + missingSpouse + impossibleDate > 500) {
            throw new IllegalArgumentException("at most 5% of the county can be defective");
        }
    }

    /** The exact number of defects of {@code kind} in a county of {@code persons}. */
    public int count(DefectKind kind, int persons) {
        int rate = switch (kind) {
            case BAD_CHECK_CHARACTER -> badCheckCharacter;
            case DUPLICATE_PERSON -> duplicatePerson;
            case MISSING_SPOUSE -> missingSpouse;
            case IMPOSSIBLE_DATE -> impossibleDate;
        };
        return (int) ((long) persons * rate / 10_000);
    }
}
