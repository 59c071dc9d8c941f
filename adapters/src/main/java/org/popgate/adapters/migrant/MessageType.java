package org.popgate.adapters.migrant;

/**
 * What migrant offices send each other, with the answer deadline in working days that provincial practice
 * sets (DOMAIN.md): 3 for notifications, 7 for certificate queries, 15 for urgent (pregnancy) queries,
 * 30 for other queries. The seed document asks for answers within 2 days; an office may configure that.
 */
public enum MessageType {
    /** A visit or service record (三查, contraception, pregnancy, birth, certificate check) sent to the origin. */
    VISIT_RECORD(3),
    /** A notification the other office must acknowledge. */
    NOTIFICATION(3),
    /** An assistance query (协查) about a marriage-and-childbearing certificate (婚育证明). */
    CERTIFICATE_QUERY(7),
    /** An urgent assistance query about a pregnancy. */
    URGENT_PREGNANCY_QUERY(15),
    /** Any other assistance query. */
    OTHER_QUERY(30);

    private final int defaultWorkingDays;

    MessageType(int defaultWorkingDays) {
        this.defaultWorkingDays = defaultWorkingDays;
    }

    /** The answer deadline in working days when the office configures none. */
    public int defaultWorkingDays() {
        return defaultWorkingDays;
    }
}
