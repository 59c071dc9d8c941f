package org.popgate.gateway.members;

/** What a member is. */
public enum MemberKind {
    /** A department system (police, civil affairs, health, education). */
    DEPARTMENT,
    /** A migrant-population office (origin or destination). */
    MIGRANT_OFFICE,
    /** Another region's gateway. */
    PEER_GATEWAY
}
