package org.popgate.gateway.security;

/** Tells whether a member may act now; checked on every request of a person bound to it. */
public interface MemberStatusCheck {

    /** Throws an {@link org.popgate.gateway.api.ApiException} when {@code member} is suspended or revoked. */
    void requireActive(String member);
}
