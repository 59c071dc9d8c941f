package org.popgate.gateway.pulls;

/** Where a pull stands. */
public enum PullStatus {
    /** Filed, waiting for an approver. */
    PENDING,
    /** Approved once; over the threshold, it waits for a second, different approver. */
    AWAITING_SECOND_APPROVAL,
    /** Approved: a one-time pull may be executed once; a standing approval answers lookups until it expires. */
    APPROVED,
    /** Refused by an approver. */
    REJECTED,
    /** The package is on its way to the department, waiting for the receipt. */
    DELIVERED,
    /** The department acknowledged the package: the exchange is closed. */
    RECEIPTED,
    /** The pull failed during execution; no package was left behind. */
    FAILED,
    /** An approver took back a package that had not been fetched. */
    WITHDRAWN,
    /** An approver revoked the approval before it was used up. */
    REVOKED
}
