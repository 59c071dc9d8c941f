package org.popgate.gateway.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A member system authenticated by its TLS client certificate on this request. */
final class MemberAuthentication extends AbstractAuthenticationToken {

    private final Caller.MemberSystem member;

    MemberAuthentication(Caller.MemberSystem member) {
        super(List.of(new SimpleGrantedAuthority("MEMBER")));
        this.member = member;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return member;
    }

    @Override
    public String getName() {
        return member.member();
    }
}
