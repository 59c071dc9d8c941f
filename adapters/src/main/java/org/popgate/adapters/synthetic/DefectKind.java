package org.popgate.adapters.synthetic;

/** The kinds of deliberate defect the synthetic county carries. */
public enum DefectKind {
    /** The ID number's check character is wrong. */
    BAD_CHECK_CHARACTER,
    /** The same person recorded twice (重卡): a second row with the same ID number, name and birth date. */
    DUPLICATE_PERSON,
    /** A married woman of childbearing age whose marriage (spouse information) is missing. */
    MISSING_SPOUSE,
    /** The management attribute changed before the person was born. */
    IMPOSSIBLE_DATE
}
