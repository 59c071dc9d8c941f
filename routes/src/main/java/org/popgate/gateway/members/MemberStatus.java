package org.popgate.gateway.members;

/** A member's standing: only ACTIVE members may call; REVOKED is final. */
public enum MemberStatus {
    ACTIVE,
    SUSPENDED,
    REVOKED
}
