package org.popgate.gateway.people;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.log.AuditLog;
import org.popgate.gateway.api.ApiException;
import org.popgate.gateway.api.ErrorCode;
import org.popgate.gateway.members.Member;
import org.popgate.gateway.members.MemberKind;
import org.popgate.gateway.members.MemberRegistry;
import org.popgate.gateway.security.Caller;
import org.popgate.gateway.security.Role;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts and roles (the security administrator's work). Passwords are generated here and shown once;
 * only their Argon2 hash is stored. Every change is audited inside its transaction.
 */
@Service
class AccountService {

    static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9._-]{2,63}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccountRepository accounts;
    private final MemberRegistry members;
    private final PasswordEncoder encoder;
    private final AuditLog auditLog;
    private final Clock clock = Clock.systemUTC();

    AccountService(AccountRepository accounts, MemberRegistry members, PasswordEncoder encoder, AuditLog auditLog) {
        this.accounts = accounts;
        this.members = members;
        this.encoder = encoder;
        this.auditLog = auditLog;
    }

    /** A new account and its generated password (returned once, never stored). */
    record Created(Account account, String password) {}

    @Transactional
    Created create(String username, Role role, String member, Actor actor) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    "A username is 3 to 64 lower-case letters, digits, '.', '_' or '-', starting with a letter.");
        }
        checkBinding(role, member);
        if (accounts.byUsername(username).isPresent()) {
            throw new ApiException(ErrorCode.CONFLICT, "An account with this username already exists.");
        }
        String password = generatePassword();
        long id = accounts.insert(username, encoder.encode(password), role, member, clock.instant());
        audit(actor, "account.create", id, role);
        return new Created(accounts.byId(id).orElseThrow(), password);
    }

    List<Account> all() {
        return accounts.all();
    }

    Account get(long id) {
        return accounts.byId(id).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND));
    }

    @Transactional
    Account changeRole(long id, Role role, String member, Caller.Person by) {
        Account account = get(id);
        refuseSelf(account, by);
        checkBinding(role, member);
        accounts.setRole(id, role, member, clock.instant());
        audit(by.actor(), "account.role", id, role);
        return get(id);
    }

    @Transactional
    Account setEnabled(long id, boolean enabled, Caller.Person by) {
        Account account = get(id);
        refuseSelf(account, by);
        accounts.setEnabled(id, enabled, clock.instant());
        audit(by.actor(), enabled ? "account.enable" : "account.disable", id, account.role());
        return get(id);
    }

    @Transactional
    String resetPassword(long id, Caller.Person by) {
        Account account = get(id);
        String password = generatePassword();
        accounts.setPasswordHash(id, encoder.encode(password), clock.instant());
        audit(by.actor(), "account.password", id, account.role());
        return password;
    }

    long count() {
        return accounts.count();
    }

    /** An administrator cannot widen or lock their own account: another security administrator must. */
    private static void refuseSelf(Account account, Caller.Person by) {
        if (account.id() == by.accountId()) {
            throw new ApiException(ErrorCode.ACCESS_DENIED, "An administrator cannot change their own account.");
        }
    }

    private void checkBinding(Role role, String member) {
        if (role == null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "A role is required.");
        }
        if (!role.memberBound()) {
            if (member != null) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED, "This role is not bound to a member.");
            }
            return;
        }
        MemberKind expected = role == Role.REQUESTER ? MemberKind.DEPARTMENT : MemberKind.MIGRANT_OFFICE;
        Member bound = member == null ? null : members.find(member).orElse(null);
        if (bound == null || bound.kind() != expected) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, role == Role.REQUESTER
                    ? "A requester is bound to one registered department member."
                    : "An office user is bound to one registered migrant-office member.");
        }
    }

    private void audit(Actor actor, String operation, long accountId, Role role) {
        auditLog.append(AuditEvent.builder(EventType.ACCOUNT_CHANGED)
                .actor(actor)
                .operation(operation)
                .attribute("account", Long.toString(accountId))
                .attribute("role", role.name())
                .outcome(Outcome.SUCCEEDED)
                .build());
    }

    static String generatePassword() {
        byte[] secret = new byte[18];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }
}
