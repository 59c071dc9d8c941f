package org.popgate.gateway.security;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may call which API endpoint, and on which objects: the one place authorisation is declared. An
 * endpoint without a rule is refused to everyone (default deny), so a new endpoint is closed until a rule
 * says otherwise. Object rules compare the member named in the path with the caller's own member
 * (a department is a tenant); later issues add rules for pulls, receipts and messages here.
 */
public final class AccessPolicy {

    private static final String V1 = "/api/v1";

    private final List<Rule> rules;

    public AccessPolicy(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The gateway's rules. */
    public static AccessPolicy standard() {
        return new AccessPolicy(standardRules());
    }

    static List<Rule> standardRules() {
        Allow securityAdmin = roles(Role.SECURITY_ADMIN);
        Allow sysadmin = roles(Role.SYSADMIN);
        Allow officer = roles(Role.SECURITY_OFFICER);
        return List.of(
                rule(HttpMethod.GET, "/me", authenticated()),
                rule(HttpMethod.GET, "/ca", authenticated()),

                // Accounts and roles: the security administrator alone.
                rule(HttpMethod.GET, "/accounts", securityAdmin),
                rule(HttpMethod.POST, "/accounts", securityAdmin),
                rule(HttpMethod.GET, "/accounts/{account}", securityAdmin),
                rule(HttpMethod.PUT, "/accounts/{account}/role", securityAdmin),
                rule(HttpMethod.POST, "/accounts/{account}/enable", securityAdmin),
                rule(HttpMethod.POST, "/accounts/{account}/disable", securityAdmin),
                rule(HttpMethod.POST, "/accounts/{account}/password", securityAdmin),

                // Members and their certificates: the system administrator; a member reads its own entry.
                rule(HttpMethod.GET, "/members", sysadmin),
                rule(HttpMethod.POST, "/members", sysadmin),
                rule(HttpMethod.GET, "/members/{member}", sysadmin.or(ownMember("member"))),
                rule(HttpMethod.GET, "/members/{member}/certificates", sysadmin.or(ownMember("member"))),
                rule(HttpMethod.POST, "/members/{member}/certificates", sysadmin),
                rule(HttpMethod.POST, "/members/{member}/certificates/{serial}/revoke", sysadmin),
                rule(HttpMethod.POST, "/members/{member}/suspend", sysadmin),
                rule(HttpMethod.POST, "/members/{member}/reinstate", sysadmin),
                rule(HttpMethod.POST, "/members/{member}/revoke", sysadmin),

                // Alerts and the audit integrity alarm: the security officer (audit administrator).
                rule(HttpMethod.GET, "/alerts", officer),
                rule(HttpMethod.GET, "/alerts/{alert}", officer),
                rule(HttpMethod.POST, "/alerts/{alert}/acknowledge", officer),
                rule(HttpMethod.POST, "/alerts/{alert}/comments", officer),
                rule(HttpMethod.GET, "/audit/integrity", officer),
                rule(HttpMethod.POST, "/audit/integrity/acknowledge", officer),

                // Migrant exchange: an office's staff on their own office only; dead letters and trust lists are
                // operations (the system administrator), who sees reasons and sizes, never contents.
                rule(HttpMethod.POST, "/migrant/offices/{member}/visits", officeUserOf("member")),
                rule(HttpMethod.POST, "/migrant/offices/{member}/queries", officeUserOf("member")),
                rule(HttpMethod.GET, "/migrant/offices/{member}/messages", officeUserOf("member")),
                rule(HttpMethod.GET, "/migrant/offices/{member}/messages/{key}", officeUserOf("member")),
                rule(HttpMethod.POST, "/migrant/offices/{member}/messages/{key}/feedback", officeUserOf("member")),
                rule(HttpMethod.POST, "/migrant/offices/{member}/messages/{key}/amendment", officeUserOf("member")),
                rule(HttpMethod.POST, "/migrant/offices/{member}/messages/{key}/withdrawal", officeUserOf("member")),
                rule(HttpMethod.GET, "/migrant/offices/{member}/deadlines", officeUserOf("member")),
                rule(HttpMethod.GET, "/migrant/dead-letters", sysadmin),
                rule(HttpMethod.POST, "/migrant/dead-letters/{id}/replay", sysadmin),
                rule(HttpMethod.GET, "/migrant/trust-list", sysadmin),
                rule(HttpMethod.POST, "/migrant/trust-lists", sysadmin));
    }

    /** The rules, in match order. */
    public List<Rule> rules() {
        return rules;
    }

    /** Whether {@code caller} (null for anonymous) may call {@code method path}. */
    public boolean allows(Caller caller, String method, String path) {
        if (caller == null) {
            return false;
        }
        PathContainer container = PathContainer.parsePath(path);
        for (Rule rule : rules) {
            if (!rule.method().name().equals(method)) {
                continue;
            }
            PathPattern.PathMatchInfo match = rule.pattern().matchAndExtract(container);
            if (match != null) {
                return rule.allow().test(caller, match.getUriVariables());
            }
        }
        return false;
    }

    /** The rule that decides {@code method path}, if any. */
    public Optional<Rule> ruleFor(String method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        return rules.stream()
                .filter(r -> r.method().name().equals(method) && r.pattern().matches(container))
                .findFirst();
    }

    /** A copy without the rule for {@code method pattern} (tests prove the matrix notices). */
    public AccessPolicy without(HttpMethod method, String pattern) {
        return new AccessPolicy(rules.stream()
                .filter(r -> !(r.method().equals(method) && r.pattern().getPatternString().equals(pattern)))
                .toList());
    }

    /** A copy where the rule for {@code method pattern} allows {@code replacement} instead. */
    public AccessPolicy replacing(HttpMethod method, String pattern, Allow replacement) {
        return new AccessPolicy(rules.stream()
                .map(r -> r.method().equals(method) && r.pattern().getPatternString().equals(pattern)
                        ? new Rule(r.method(), r.pattern(), replacement) : r)
                .toList());
    }

    /** One endpoint's rule. */
    public record Rule(HttpMethod method, PathPattern pattern, Allow allow) {}

    /** Who a rule lets through, given the path's variables. */
    @FunctionalInterface
    public interface Allow {
        boolean test(Caller caller, Map<String, String> pathVariables);

        default Allow or(Allow other) {
            return (caller, vars) -> test(caller, vars) || other.test(caller, vars);
        }
    }

    static Rule rule(HttpMethod method, String path, Allow allow) {
        return new Rule(method, PathPatternParser.defaultInstance.parse(V1 + path), allow);
    }

    /** Any authenticated person or member system. */
    public static Allow authenticated() {
        return (caller, vars) -> true;
    }

    /** People holding one of {@code roles}. */
    public static Allow roles(Role... roles) {
        Set<Role> allowed = EnumSet.noneOf(Role.class);
        allowed.addAll(Arrays.asList(roles));
        return (caller, vars) -> caller instanceof Caller.Person p && allowed.contains(p.role());
    }

    /** A person with the OFFICE_USER role bound to the office named by path variable {@code variable}. */
    public static Allow officeUserOf(String variable) {
        return (caller, vars) -> caller instanceof Caller.Person p && p.role() == Role.OFFICE_USER
                && p.member() != null && p.member().equals(vars.get(variable));
    }

    /** The member named by path variable {@code variable} itself, or a person bound to it. */
    public static Allow ownMember(String variable) {
        return (caller, vars) -> caller.member() != null && caller.member().equals(vars.get(variable));
    }
}
