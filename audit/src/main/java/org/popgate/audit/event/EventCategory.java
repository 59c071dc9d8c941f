package org.popgate.audit.event;

/** Families of audit events; the integrity alarm blocks {@link #EXCHANGE} events only. */
public enum EventCategory {
    EXCHANGE,
    FEED,
    MIGRANT,
    ACCESS,
    ADMIN,
    ALERT,
    INTEGRITY
}
