package org.popgate.gateway.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** A person's account as Spring Security sees it; the password hash is erased after authentication. */
public final class PersonDetails implements UserDetails, CredentialsContainer {

    private final Caller.Person person;
    private final boolean enabled;
    private String passwordHash;

    public PersonDetails(Caller.Person person, String passwordHash, boolean enabled) {
        this.person = person;
        this.passwordHash = passwordHash;
        this.enabled = enabled;
    }

    public Caller.Person person() {
        return person;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + person.role().name()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return person.username();
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }
}
