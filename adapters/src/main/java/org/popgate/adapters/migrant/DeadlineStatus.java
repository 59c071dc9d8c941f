package org.popgate.adapters.migrant;

/** Where a message stands against its answer deadline. */
public enum DeadlineStatus {
    /** Unanswered, deadline not near. */
    OPEN,
    /** Unanswered, within the warning window before the deadline. */
    DUE_SOON,
    /** Unanswered after the deadline: an overdue alert. */
    OVERDUE,
    /** Unanswered long after the deadline: escalated to the county office. */
    ESCALATED,
    /** Answered by the deadline. */
    ANSWERED_ON_TIME,
    /** Answered after the deadline. */
    ANSWERED_LATE
}
