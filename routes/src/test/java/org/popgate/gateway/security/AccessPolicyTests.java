package org.popgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/** The access policy against the hand-written matrix, its power to fail, and separation of duties per role pair. */
class AccessPolicyTests {

    private static AuthorisationMatrix.Decider decider(AccessPolicy policy) {
        return (principal, method, path) -> policy.allows(AuthorisationMatrix.caller(principal), method, path);
    }

    @Test
    void theStandardPolicyMatchesTheMatrixWithNoUnexpectedAllow() {
        assertThat(AuthorisationMatrix.check(decider(AccessPolicy.standard()))).isEmpty();
    }

    @Test
    void everyRuleIsInTheMatrixAndEveryMatrixEndpointHasARule() {
        Set<String> rules = AccessPolicy.standard().rules().stream()
                .map(r -> r.method().name() + " " + r.pattern().getPatternString()).collect(Collectors.toSet());
        Set<String> matrix = AuthorisationMatrix.EXPECTED.keySet().stream()
                .map(e -> e.method() + " " + e.pattern()).collect(Collectors.toSet());
        assertThat(rules).isEqualTo(matrix);
    }

    @Test
    void theMatrixReportsAnAllowWhenARuleIsWeakened() {
        AccessPolicy weakened = AccessPolicy.standard().replacing(HttpMethod.GET, "/api/v1/members/{member}",
                AccessPolicy.authenticated());
        List<AuthorisationMatrix.Mismatch> mismatches = AuthorisationMatrix.check(decider(weakened));
        assertThat(mismatches).isNotEmpty().allMatch(AuthorisationMatrix.Mismatch::unexpectedAllow)
                .anyMatch(m -> m.principal() == AuthorisationMatrix.Principal.APPROVER
                        && m.path().equals("/api/v1/members/" + AuthorisationMatrix.OTHER));
    }

    @Test
    void theMatrixReportsAnAllowWhenAnObjectCheckIsDropped() {
        AccessPolicy weakened = AccessPolicy.standard().replacing(HttpMethod.GET, "/api/v1/members/{member}/certificates",
                AccessPolicy.roles(Role.SYSADMIN).or((caller, vars) -> caller.member() != null));
        assertThat(AuthorisationMatrix.check(decider(weakened)))
                .anyMatch(m -> m.unexpectedAllow() && m.principal() == AuthorisationMatrix.Principal.MEMBER_SYSTEM);
    }

    @Test
    void theMatrixReportsADenyWhenARuleIsRemoved() {
        AccessPolicy removed = AccessPolicy.standard().without(HttpMethod.POST, "/api/v1/accounts");
        assertThat(AuthorisationMatrix.check(decider(removed)))
                .containsExactly(new AuthorisationMatrix.Mismatch(false, AuthorisationMatrix.Principal.SECURITY_ADMIN,
                        "POST", "/api/v1/accounts"));
    }

    @Test
    void anEndpointWithoutARuleIsRefusedToEveryone() {
        AccessPolicy policy = AccessPolicy.standard();
        for (AuthorisationMatrix.Principal principal : AuthorisationMatrix.Principal.values()) {
            assertThat(policy.allows(AuthorisationMatrix.caller(principal), "DELETE", "/api/v1/members")).isFalse();
            assertThat(policy.allows(AuthorisationMatrix.caller(principal), "GET", "/api/v1/unlisted")).isFalse();
        }
    }

    /**
     * 三员分立 for every pair of roles: apart from what every caller may do (who am I, the CA certificates)
     * and reading one's own member, no endpoint is open to two different roles.
     */
    @Test
    void noTwoRolesShareADuty() {
        AccessPolicy policy = AccessPolicy.standard();
        List<Role> roles = List.of(Role.values());
        for (int i = 0; i < roles.size(); i++) {
            for (int j = i + 1; j < roles.size(); j++) {
                Set<String> shared = new HashSet<>(duties(policy, roles.get(i)));
                shared.retainAll(duties(policy, roles.get(j)));
                assertThat(shared).as("duties shared by %s and %s", roles.get(i), roles.get(j)).isEmpty();
            }
        }
    }

    @Test
    void theSystemAdministratorCannotReadAuditContentApproveOrManageAccounts() {
        Set<String> duties = duties(AccessPolicy.standard(), Role.SYSADMIN);
        assertThat(duties).noneMatch(d -> d.contains("/alerts") || d.contains("/audit") || d.contains("/accounts"));
    }

    @Test
    void theSecurityOfficerCannotChangeConfigurationOrManageAccountsOrMembers() {
        Set<String> duties = duties(AccessPolicy.standard(), Role.SECURITY_OFFICER);
        // Besides alerts and the audit trail, the canary trace (who received a leaked file) and the peer witnesses'
        // agreement: both read, neither changes anything.
        assertThat(duties).allMatch(d -> d.contains("/alerts") || d.contains("/audit/integrity")
                || d.contains(" /console/audit/") || d.equals("POST /api/v1/pulls/canaries/trace")
                || d.equals("GET /api/v1/audit/peer-witnesses"));
    }

    @Test
    void theSecurityAdministratorDoesOnlyAccountsAndRoles() {
        assertThat(duties(AccessPolicy.standard(), Role.SECURITY_ADMIN)).allMatch(d -> d.contains("/api/v1/accounts"));
    }

    @Test
    void nobodyCanAlterTheAuditTrail() {
        AccessPolicy policy = AccessPolicy.standard();
        for (Role role : Role.values()) {
            for (String method : List.of("PUT", "DELETE", "PATCH", "POST")) {
                for (String path : List.of("/api/v1/audit", "/api/v1/audit/events", "/api/v1/audit/events/1")) {
                    assertThat(policy.allows(AuthorisationMatrix.caller(AuthorisationMatrix.Principal.valueOf(role.name())),
                            method, path)).isFalse();
                }
            }
        }
    }

    /** Endpoints a role may call on objects that are not its own, minus what every caller may do. */
    private static Set<String> duties(AccessPolicy policy, Role role) {
        Caller caller = AuthorisationMatrix.caller(AuthorisationMatrix.Principal.valueOf(role.name()));
        Set<String> out = new HashSet<>();
        for (AuthorisationMatrix.Endpoint endpoint : AuthorisationMatrix.EXPECTED.keySet()) {
            String path = AuthorisationMatrix.path(endpoint, AuthorisationMatrix.Principal.valueOf(role.name()),
                    AuthorisationMatrix.Target.OTHER);
            // "Everyone" here is every person: the console's home page is open to all of them but to no member system.
            boolean everyone = EnumSet.allOf(AuthorisationMatrix.Principal.class).stream()
                    .filter(p -> p != AuthorisationMatrix.Principal.ANONYMOUS
                            && p != AuthorisationMatrix.Principal.MEMBER_SYSTEM)
                    .allMatch(p -> policy.allows(AuthorisationMatrix.caller(p), endpoint.method(), path));
            if (!everyone && policy.allows(caller, endpoint.method(), path)) {
                out.add(endpoint.method() + " " + endpoint.pattern());
            }
        }
        return out;
    }
}
