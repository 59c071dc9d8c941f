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
 * (a department is a tenant); later issues add rules for pulls, receipts and messages here. The console's
 * pages ({@code /console}) are decided here too, by the same rules.
 */
public final class AccessPolicy {

    private static final String V1 = "/api/v1";
    private static final String CONSOLE = "/console";

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
                // backups: the system administrator; the restore epoch: the security officer
                rule(HttpMethod.GET, "/backups", sysadmin),
                rule(HttpMethod.POST, "/backups", sysadmin),
                rule(HttpMethod.POST, "/backups/keys", sysadmin),
                rule(HttpMethod.GET, "/audit/integrity/restore-epoch", officer),
                rule(HttpMethod.POST, "/audit/integrity/restore-epoch/acknowledge", officer),
                rule(HttpMethod.GET, "/audit/peer-witnesses", officer),

                // The console (people in a browser; the login page and stylesheet are open in its filter chain).
                consoleRule(HttpMethod.GET, "", people()),
                consoleRule(HttpMethod.GET, "/audit/events", officer),
                consoleRule(HttpMethod.POST, "/audit/events", officer),
                consoleRule(HttpMethod.GET, "/audit/subject", officer),
                consoleRule(HttpMethod.POST, "/audit/subject", officer),
                consoleRule(HttpMethod.POST, "/audit/export", officer),
                consoleRule(HttpMethod.GET, "/audit/integrity", officer),
                consoleRule(HttpMethod.POST, "/audit/integrity/acknowledge", officer),
                consoleRule(HttpMethod.GET, "/audit/charts", officer),
                consoleRule(HttpMethod.GET, "/alerts", officer),
                consoleRule(HttpMethod.GET, "/alerts/{alert}", officer),
                consoleRule(HttpMethod.POST, "/alerts/{alert}/acknowledge", officer),
                consoleRule(HttpMethod.POST, "/alerts/{alert}/comments", officer),
                // The approver's pages (pulls through PullService; the quality trend as GET /feeds/quality/** is theirs).
                consoleRule(HttpMethod.GET, "/approvals", roles(Role.APPROVER)),
                consoleRule(HttpMethod.GET, "/approvals/standing", roles(Role.APPROVER)),
                consoleRule(HttpMethod.GET, "/approvals/quality", roles(Role.APPROVER)),
                consoleRule(HttpMethod.GET, "/approvals/{pull}", roles(Role.APPROVER)),
                consoleRule(HttpMethod.POST, "/approvals/{pull}/approve", roles(Role.APPROVER)),
                consoleRule(HttpMethod.POST, "/approvals/{pull}/reject", roles(Role.APPROVER)),
                consoleRule(HttpMethod.POST, "/approvals/{pull}/revoke", roles(Role.APPROVER)),

                // Department feeds: a department's own system submits; the department (system or its staff) and the
                // population office (approver) read its deliveries and rejects; the department corrects them; the
                // population office alone reads conflicts, reconciliation and quality (docs/decisions/feeds.md).
                rule(HttpMethod.GET, "/feeds/certificate", authenticated()),
                rule(HttpMethod.POST, "/feeds/{member}/packages", ownMemberSystem("member")),
                rule(HttpMethod.GET, "/feeds/{member}/deliveries", ownMember("member").or(roles(Role.APPROVER))),
                rule(HttpMethod.GET, "/feeds/{member}/rejects", ownMember("member").or(roles(Role.APPROVER))),
                rule(HttpMethod.GET, "/feeds/{member}/rejects/{reject}", ownMember("member").or(roles(Role.APPROVER))),
                rule(HttpMethod.POST, "/feeds/{member}/rejects/{reject}/resubmit", ownMember("member")),
                rule(HttpMethod.GET, "/feeds/conflicts", roles(Role.APPROVER)),
                rule(HttpMethod.GET, "/feeds/reconciliation", roles(Role.APPROVER)),
                rule(HttpMethod.GET, "/feeds/quality", roles(Role.APPROVER)),
                rule(HttpMethod.GET, "/feeds/quality/{area}/trend", roles(Role.APPROVER)),

                // Pulls (issue E): a department's requester files; approvers decide; the department (requester or
                // member system) executes, looks up, acknowledges. Object checks (own department only) in PullService.
                // Approvers see what waits for them (/pulls/pending); no two roles share an endpoint.
                rule(HttpMethod.GET, "/pulls", roles(Role.REQUESTER).or(memberSystems())),
                rule(HttpMethod.GET, "/pulls/pending", roles(Role.APPROVER)),
                // Receipt messages the gateway refused (approvers, who follow pulls to their receipt); the canary
                // trace of a leaked file (the security officer, who investigates leaks).
                rule(HttpMethod.GET, "/pulls/receipts/refused", roles(Role.APPROVER)),
                rule(HttpMethod.POST, "/pulls/canaries/trace", officer),
                rule(HttpMethod.POST, "/pulls", roles(Role.REQUESTER)),
                rule(HttpMethod.GET, "/pulls/{pull}", roles(Role.REQUESTER).or(memberSystems())),
                rule(HttpMethod.POST, "/pulls/{pull}/approve", roles(Role.APPROVER)),
                rule(HttpMethod.POST, "/pulls/{pull}/reject", roles(Role.APPROVER)),
                rule(HttpMethod.POST, "/pulls/{pull}/revoke", roles(Role.APPROVER)),
                rule(HttpMethod.POST, "/pulls/{pull}/withdraw", roles(Role.APPROVER)),
                rule(HttpMethod.POST, "/pulls/{pull}/execute", roles(Role.REQUESTER).or(memberSystems())),
                rule(HttpMethod.POST, "/pulls/{pull}/lookups", roles(Role.REQUESTER).or(memberSystems())),
                rule(HttpMethod.POST, "/pulls/{pull}/receipt", roles(Role.REQUESTER).or(memberSystems())),
                rule(HttpMethod.POST, "/pulls/{pull}/redeliver", roles(Role.REQUESTER).or(memberSystems())),

                // Migrant exchange: an office's staff on their own office only; dead letters and trust lists are
                // operations (the system administrator), who sees reasons and sizes, never contents.
                rule(HttpMethod.POST, "/migrant/offices/{member}/visits", officeUserOf("member")),
                // An office's staff, or the office's own case system over mutual TLS forwarding its visits.
                rule(HttpMethod.POST, "/migrant/offices/{member}/visits/bulk",
                        officeUserOf("member").or(ownMemberSystem("member"))),
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

    static Rule consoleRule(HttpMethod method, String path, Allow allow) {
        return new Rule(method, PathPatternParser.defaultInstance.parse(CONSOLE + path), allow);
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

    /** Any person logged in with an account (member systems have no console). */
    public static Allow people() {
        return (caller, vars) -> caller instanceof Caller.Person;
    }

    /** The member named by path variable {@code variable} itself, as a system over mutual TLS (not a person). */
    public static Allow ownMemberSystem(String variable) {
        return (caller, vars) -> caller instanceof Caller.MemberSystem m && m.member().equals(vars.get(variable));
    }

    /** Any member system (mutual TLS); which objects it may touch is checked by the service. */
    public static Allow memberSystems() {
        return (caller, vars) -> caller instanceof Caller.MemberSystem;
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
