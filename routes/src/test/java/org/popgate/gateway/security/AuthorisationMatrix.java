package org.popgate.gateway.security;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The expected authorisation matrix, written out by hand (independently of {@link AccessPolicy}): every
 * /api/v1 endpoint and console page × caller × own/other member. Later issues add their endpoints here.
 */
final class AuthorisationMatrix {

    /** Who calls: nobody, a person of each role, or a member system. */
    enum Principal {
        ANONYMOUS, REQUESTER, APPROVER, OFFICE_USER, SECURITY_OFFICER, SECURITY_ADMIN, SYSADMIN, MEMBER_SYSTEM
    }

    /** Whether the member in the path is the caller's own. */
    enum Target { OWN, OTHER }

    record Endpoint(String method, String pattern) {
        boolean perMember() {
            return pattern.contains("{member}");
        }
    }

    /** Who is allowed on the caller's own member, and who on any other (or where no member is named). */
    record Expect(Set<Principal> own, Set<Principal> any) {}

    static final String DEPARTMENT = "431128.health";
    static final String OFFICE = "431128.migrant-office";
    static final String MEMBER_SYSTEM = "431128.matrix-system";
    static final String UNBOUND_OWN = "431128.matrix-a";
    static final String OTHER = "431128.matrix-b";

    private static final Set<Principal> EVERYONE = EnumSet.complementOf(EnumSet.of(Principal.ANONYMOUS));

    static final Map<Endpoint, Expect> EXPECTED = new LinkedHashMap<>();

    static {
        expect("GET", "/api/v1/me", EVERYONE);
        expect("GET", "/api/v1/ca", EVERYONE);
        for (String[] e : new String[][] {{"GET", "/api/v1/accounts"}, {"POST", "/api/v1/accounts"},
                {"GET", "/api/v1/accounts/{account}"}, {"PUT", "/api/v1/accounts/{account}/role"},
                {"POST", "/api/v1/accounts/{account}/enable"}, {"POST", "/api/v1/accounts/{account}/disable"},
                {"POST", "/api/v1/accounts/{account}/password"}}) {
            expect(e[0], e[1], EnumSet.of(Principal.SECURITY_ADMIN));
        }
        for (String[] e : new String[][] {{"GET", "/api/v1/members"}, {"POST", "/api/v1/members"},
                {"POST", "/api/v1/members/{member}/certificates"},
                {"POST", "/api/v1/members/{member}/certificates/{serial}/revoke"},
                {"POST", "/api/v1/members/{member}/suspend"}, {"POST", "/api/v1/members/{member}/reinstate"},
                {"POST", "/api/v1/members/{member}/revoke"}}) {
            expect(e[0], e[1], EnumSet.of(Principal.SYSADMIN));
        }
        for (String pattern : List.of("/api/v1/members/{member}", "/api/v1/members/{member}/certificates")) {
            EXPECTED.put(new Endpoint("GET", pattern), new Expect(
                    EnumSet.of(Principal.SYSADMIN, Principal.REQUESTER, Principal.OFFICE_USER, Principal.MEMBER_SYSTEM),
                    EnumSet.of(Principal.SYSADMIN)));
        }
        for (String[] e : new String[][] {{"GET", "/api/v1/alerts"}, {"GET", "/api/v1/alerts/{alert}"},
                {"POST", "/api/v1/alerts/{alert}/acknowledge"}, {"POST", "/api/v1/alerts/{alert}/comments"},
                {"GET", "/api/v1/audit/integrity"}, {"POST", "/api/v1/audit/integrity/acknowledge"}}) {
            expect(e[0], e[1], EnumSet.of(Principal.SECURITY_OFFICER));
        }
        for (String[] e : new String[][] {{"GET", "/api/v1/backups"}, {"POST", "/api/v1/backups"},
                {"POST", "/api/v1/backups/keys"}}) {
            expect(e[0], e[1], EnumSet.of(Principal.SYSADMIN));
        }
        for (String[] e : new String[][] {{"GET", "/api/v1/audit/integrity/restore-epoch"},
                {"POST", "/api/v1/audit/integrity/restore-epoch/acknowledge"}}) {
            expect(e[0], e[1], EnumSet.of(Principal.SECURITY_OFFICER));
        }
        // Peer witnessing of audit checkpoints (docs/decisions/peer-witness.md).
        expect("GET", "/api/v1/audit/peer-witnesses", EnumSet.of(Principal.SECURITY_OFFICER));
        // The console (people in a browser): its home page for every person, the audit pages for the officer alone.
        expect("GET", "/console", EnumSet.complementOf(EnumSet.of(Principal.ANONYMOUS, Principal.MEMBER_SYSTEM)));
        for (String[] e : new String[][] {{"GET", "/console/audit/events"}, {"POST", "/console/audit/events"},
                {"GET", "/console/audit/subject"}, {"POST", "/console/audit/subject"}, {"POST", "/console/audit/export"},
                {"GET", "/console/audit/integrity"}, {"POST", "/console/audit/integrity/acknowledge"},
                {"GET", "/console/audit/charts"}, {"GET", "/console/alerts"},
                {"GET", "/console/alerts/{alert}"}, {"POST", "/console/alerts/{alert}/acknowledge"},
                {"POST", "/console/alerts/{alert}/comments"}}) {
            expect(e[0], e[1], EnumSet.of(Principal.SECURITY_OFFICER));
        }
        // The approver's console pages: the approver alone (not the requester, officer or sysadmin).
        for (String[] e : new String[][] {{"GET", "/console/approvals"}, {"GET", "/console/approvals/standing"},
                {"GET", "/console/approvals/quality"}, {"GET", "/console/approvals/{pull}"},
                {"POST", "/console/approvals/{pull}/approve"}, {"POST", "/console/approvals/{pull}/reject"},
                {"POST", "/console/approvals/{pull}/revoke"}}) {
            expect(e[0], e[1], EnumSet.of(Principal.APPROVER));
        }
        // Department feeds (docs/decisions/feeds.md).
        expect("GET", "/api/v1/feeds/certificate", EVERYONE);
        EXPECTED.put(new Endpoint("POST", "/api/v1/feeds/{member}/packages"),
                new Expect(EnumSet.of(Principal.MEMBER_SYSTEM), EnumSet.noneOf(Principal.class)));
        for (String pattern : List.of("/api/v1/feeds/{member}/deliveries", "/api/v1/feeds/{member}/rejects",
                "/api/v1/feeds/{member}/rejects/{reject}")) {
            EXPECTED.put(new Endpoint("GET", pattern), new Expect(
                    EnumSet.of(Principal.APPROVER, Principal.REQUESTER, Principal.OFFICE_USER, Principal.MEMBER_SYSTEM),
                    EnumSet.of(Principal.APPROVER)));
        }
        EXPECTED.put(new Endpoint("POST", "/api/v1/feeds/{member}/rejects/{reject}/resubmit"), new Expect(
                EnumSet.of(Principal.REQUESTER, Principal.OFFICE_USER, Principal.MEMBER_SYSTEM),
                EnumSet.noneOf(Principal.class)));
        for (String pattern : List.of("/api/v1/feeds/conflicts", "/api/v1/feeds/reconciliation", "/api/v1/feeds/quality",
                "/api/v1/feeds/quality/{area}/trend")) {
            expect("GET", pattern, EnumSet.of(Principal.APPROVER));
        }
        Set<Principal> pullReaders = EnumSet.of(Principal.REQUESTER, Principal.MEMBER_SYSTEM);
        expect("GET", "/api/v1/pulls", pullReaders);
        expect("GET", "/api/v1/pulls/{pull}", pullReaders);
        expect("GET", "/api/v1/pulls/pending", EnumSet.of(Principal.APPROVER));
        expect("GET", "/api/v1/pulls/receipts/refused", EnumSet.of(Principal.APPROVER));
        expect("POST", "/api/v1/pulls/canaries/trace", EnumSet.of(Principal.SECURITY_OFFICER));
        expect("POST", "/api/v1/pulls", EnumSet.of(Principal.REQUESTER));
        for (String action : List.of("approve", "reject", "revoke", "withdraw")) {
            expect("POST", "/api/v1/pulls/{pull}/" + action, EnumSet.of(Principal.APPROVER));
        }
        for (String action : List.of("execute", "lookups", "receipt", "redeliver")) {
            expect("POST", "/api/v1/pulls/{pull}/" + action, EnumSet.of(Principal.REQUESTER, Principal.MEMBER_SYSTEM));
        }
        // Migrant exchange: an office's own staff only; dead letters for the system administrator.
        for (String[] e : new String[][] {{"POST", "/api/v1/migrant/offices/{member}/visits"},
                {"POST", "/api/v1/migrant/offices/{member}/queries"}, {"GET", "/api/v1/migrant/offices/{member}/messages"},
                {"GET", "/api/v1/migrant/offices/{member}/messages/{key}"},
                {"POST", "/api/v1/migrant/offices/{member}/messages/{key}/feedback"},
                {"POST", "/api/v1/migrant/offices/{member}/messages/{key}/amendment"},
                {"POST", "/api/v1/migrant/offices/{member}/messages/{key}/withdrawal"},
                {"GET", "/api/v1/migrant/offices/{member}/deadlines"}}) {
            EXPECTED.put(new Endpoint(e[0], e[1]), new Expect(EnumSet.of(Principal.OFFICE_USER), EnumSet.noneOf(Principal.class)));
        }
        // Bulk uploads: also the office's own case system over mutual TLS (docs/decisions/migrant-exchange.md).
        EXPECTED.put(new Endpoint("POST", "/api/v1/migrant/offices/{member}/visits/bulk"),
                new Expect(EnumSet.of(Principal.OFFICE_USER, Principal.MEMBER_SYSTEM), EnumSet.noneOf(Principal.class)));
        expect("GET", "/api/v1/migrant/dead-letters", EnumSet.of(Principal.SYSADMIN));
        expect("POST", "/api/v1/migrant/dead-letters/{id}/replay", EnumSet.of(Principal.SYSADMIN));
        expect("GET", "/api/v1/migrant/trust-list", EnumSet.of(Principal.SYSADMIN));
        expect("POST", "/api/v1/migrant/trust-lists", EnumSet.of(Principal.SYSADMIN));
    }

    private static void expect(String method, String pattern, Set<Principal> allowed) {
        EXPECTED.put(new Endpoint(method, pattern), new Expect(allowed, allowed));
    }

    private AuthorisationMatrix() {}

    /** Decides one concrete call: true when the caller got past authorisation. */
    @FunctionalInterface
    interface Decider {
        boolean allowed(Principal principal, String method, String path);
    }

    /** A disagreement between the expected matrix and a decider. */
    record Mismatch(boolean unexpectedAllow, Principal principal, String method, String path) {}

    /** Runs every endpoint × principal × target through {@code decider}; returns the disagreements. */
    static List<Mismatch> check(Decider decider) {
        List<Mismatch> mismatches = new ArrayList<>();
        for (Map.Entry<Endpoint, Expect> entry : EXPECTED.entrySet()) {
            Endpoint endpoint = entry.getKey();
            for (Principal principal : Principal.values()) {
                for (Target target : endpoint.perMember() ? List.of(Target.OWN, Target.OTHER) : List.of(Target.OTHER)) {
                    boolean expected = (target == Target.OWN ? entry.getValue().own() : entry.getValue().any())
                            .contains(principal);
                    String path = path(endpoint, principal, target);
                    boolean actual = decider.allowed(principal, endpoint.method(), path);
                    if (actual != expected) {
                        mismatches.add(new Mismatch(actual, principal, endpoint.method(), path));
                    }
                }
            }
        }
        return mismatches;
    }

    static String ownMember(Principal principal) {
        return switch (principal) {
            case REQUESTER -> DEPARTMENT;
            case OFFICE_USER -> OFFICE;
            case MEMBER_SYSTEM -> MEMBER_SYSTEM;
            default -> UNBOUND_OWN;
        };
    }

    /** The concrete path; objects that do not exist (ids, serials) are fine: authorisation comes first. */
    static String path(Endpoint endpoint, Principal principal, Target target) {
        return endpoint.pattern()
                .replace("{member}", target == Target.OWN ? ownMember(principal) : OTHER)
                .replace("{account}", "999999")
                .replace("{alert}", "999999")
                .replace("{serial}", "ff")
                .replace("{reject}", "999999")
                .replace("{area}", "431128100")
                .replace("{pull}", "00000000-0000-0000-0000-000000000000")
                .replace("{key}", "00000000-0000-0000-0000-000000000000")
                .replace("{id}", "999999");
    }

    /** The caller each principal stands for in the policy (null for anonymous). */
    static Caller caller(Principal principal) {
        return switch (principal) {
            case ANONYMOUS -> null;
            case MEMBER_SYSTEM -> new Caller.MemberSystem(MEMBER_SYSTEM, "1");
            default -> {
                Role role = Role.valueOf(principal.name());
                String member = role == Role.REQUESTER ? DEPARTMENT : role == Role.OFFICE_USER ? OFFICE : null;
                yield new Caller.Person(principal.ordinal(), principal.name().toLowerCase(), role, member);
            }
        };
    }
}
