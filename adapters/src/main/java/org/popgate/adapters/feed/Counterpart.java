package org.popgate.adapters.feed;

/** A department that feeds changes into the population database, with how its feeds apply. */
public enum Counterpart {
    POLICE("police", ApplyPolicy.PARTIAL),
    CIVIL_AFFAIRS("civilaffairs", ApplyPolicy.PARTIAL),
    HEALTH("health", ApplyPolicy.PARTIAL),
    EDUCATION("education", ApplyPolicy.ATOMIC);

    private final String code;
    private final ApplyPolicy policy;

    Counterpart(String code, ApplyPolicy policy) {
        this.code = code;
        this.policy = policy;
    }

    /** Stable code, the department part of a member name such as {@code 431128.police}. */
    public String code() {
        return code;
    }

    /** Whether one bad record holds back the whole file (docs/decisions/feeds.md). */
    public ApplyPolicy policy() {
        return policy;
    }
}
