package org.popgate.gateway.security;

/**
 * People's roles. One role per account, so no person can hold two duties the separation of duties (三员分立)
 * keeps apart; REQUESTER and OFFICE_USER are bound to the member (department or office) they act for.
 */
public enum Role {
    /** Department staff who file pull requests for their department. */
    REQUESTER(true),
    /** The population office's responsible leader who approves or rejects pulls. */
    APPROVER(false),
    /** Staff of one migrant-population office. */
    OFFICE_USER(true),
    /** The audit administrator: audit trail, alerts, integrity alarm. */
    SECURITY_OFFICER(false),
    /** Accounts and roles, nothing else. */
    SECURITY_ADMIN(false),
    /** Members, certificates, keys, backups and configuration. */
    SYSADMIN(false);

    private final boolean memberBound;

    Role(boolean memberBound) {
        this.memberBound = memberBound;
    }

    /** Whether an account with this role must be bound to exactly one member. */
    public boolean memberBound() {
        return memberBound;
    }
}
