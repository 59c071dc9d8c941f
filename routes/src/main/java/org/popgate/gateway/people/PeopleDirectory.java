package org.popgate.gateway.people;

import org.popgate.gateway.security.Caller;
import org.popgate.gateway.security.PersonDetails;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Loads a person's account for a password login. */
@Component
class PeopleDirectory implements UserDetailsService {

    private final AccountRepository accounts;

    PeopleDirectory(AccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Account account = accounts.byUsername(username)
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
        return new PersonDetails(new Caller.Person(account.id(), account.username(), account.role(), account.member()),
                account.passwordHash(), account.enabled());
    }
}
