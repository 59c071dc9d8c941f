package org.popgate.gateway.people;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.popgate.gateway.security.Callers;
import org.popgate.gateway.security.Role;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** People's accounts and roles: the security administrator's API. Accounts are addressed by number, not name. */
@RestController
@RequestMapping("/api/v1/accounts")
class AccountsController {

    private final AccountService accounts;

    AccountsController(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping
    List<AccountView> list() {
        return accounts.all().stream().map(AccountView::of).toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CreatedView create(@Valid @RequestBody NewAccount request) {
        AccountService.Created created = accounts.create(request.username(), request.role(), request.member(),
                Callers.currentPerson().actor());
        return new CreatedView(AccountView.of(created.account()), created.password());
    }

    @GetMapping("/{account}")
    AccountView get(@PathVariable long account) {
        return AccountView.of(accounts.get(account));
    }

    @PutMapping("/{account}/role")
    AccountView changeRole(@PathVariable long account, @Valid @RequestBody RoleChange change) {
        return AccountView.of(accounts.changeRole(account, change.role(), change.member(), Callers.currentPerson()));
    }

    @PostMapping("/{account}/enable")
    AccountView enable(@PathVariable long account) {
        return AccountView.of(accounts.setEnabled(account, true, Callers.currentPerson()));
    }

    @PostMapping("/{account}/disable")
    AccountView disable(@PathVariable long account) {
        return AccountView.of(accounts.setEnabled(account, false, Callers.currentPerson()));
    }

    /** Replaces the password with a generated one, shown once in the answer. */
    @PostMapping("/{account}/password")
    PasswordView resetPassword(@PathVariable long account) {
        return new PasswordView(accounts.resetPassword(account, Callers.currentPerson()));
    }

    record NewAccount(@NotBlank @Size(max = 64) String username, @NotNull Role role, @Size(max = 64) String member) {}

    record RoleChange(@NotNull Role role, @Size(max = 64) String member) {}

    record AccountView(long id, String username, Role role, String member, boolean enabled, Instant createdAt,
            Instant updatedAt) {
        static AccountView of(Account a) {
            return new AccountView(a.id(), a.username(), a.role(), a.member(), a.enabled(), a.createdAt(),
                    a.updatedAt());
        }
    }

    record CreatedView(AccountView account, String initialPassword) {}

    record PasswordView(String password) {}
}
