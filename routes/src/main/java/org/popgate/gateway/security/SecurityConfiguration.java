package org.popgate.gateway.security;

import java.time.Clock;
import java.util.Map;
import org.popgate.audit.log.AuditLog;
import org.popgate.gateway.protection.RateLimitFilter;
import org.popgate.gateway.protection.RateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Four filter chains: the console (below), the API (stateless; member systems by TLS certificate, people by HTTP Basic; every
 * request decided by the {@link AccessPolicy}), the open documents (OpenAPI, health, metrics), and the rest
 * for people in a browser (form login, a session that times out, CSRF protection).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    AccessPolicy accessPolicy() {
        return AccessPolicy.standard();
    }

    /**
     * No Spring Security observations: {@code management.observations.enable.spring.security=false} only mutes them,
     * the filter chain is still wrapped filter by filter on every request. {@code http.server.requests} stays.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Argon2id for new hashes; the prefix in each hash lets an older scheme still verify and be upgraded. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new DelegatingPasswordEncoder("argon2", Map.of(
                "argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                "bcrypt", new BCryptPasswordEncoder()));
    }

    @Bean
    LoginThrottle loginThrottle(SecurityProperties properties) {
        return new LoginThrottle(properties.maxFailedLogins(), properties.failureWindow(), properties.lockout(),
                Clock.systemUTC());
    }

    @Bean
    ProblemResponses problemResponses(AuditLog auditLog, AccessPolicy policy) {
        return new ProblemResponses(auditLog, policy);
    }

    private static AuthenticationManager authenticationManager(UserDetailsService people, PasswordEncoder encoder,
            LoginThrottle throttle, MemberStatusCheck memberStatus, AuditLog auditLog) {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(people);
        passwords.setPasswordEncoder(encoder);
        ProviderManager manager = new ProviderManager(
                new ThrottledAuthenticationProvider(passwords, throttle, memberStatus));
        manager.setAuthenticationEventPublisher(new LoginAudit(auditLog));
        return manager;
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, UserDetailsService people, PasswordEncoder encoder,
            LoginThrottle throttle, MemberStatusCheck memberStatus, MemberCertificates certificates, AuditLog auditLog,
            AccessPolicy policy, ProblemResponses problems, RateLimiter rateLimiter) throws Exception {
        http.securityMatcher("/api/**")
                .authenticationManager(authenticationManager(people, encoder, throttle, memberStatus, auditLog))
                // Stateless: no session cookie authenticates an API call, so there is nothing for CSRF to ride on.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.authenticationEntryPoint(problems))
                .addFilterBefore(new MemberCertificateFilter(certificates, auditLog), BasicAuthenticationFilter.class)
                .addFilterBefore(new RateLimitFilter(rateLimiter), AuthorizationFilter.class)
                .authorizeHttpRequests(authorize -> authorize.anyRequest()
                        .access(new PolicyAuthorizationManager(policy)))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain openChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/v3/api-docs", "/v3/api-docs/**", "/actuator/health", "/actuator/health/**",
                        "/actuator/info", "/actuator/prometheus")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll());
        return http.build();
    }

    /** The console's pages: no inline script or style, no framing, no referrer, forms only to ourselves. */
    static final String CONSOLE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /**
     * The console (people in a browser, issue H): form login with the same accounts, throttle and login audit as
     * the API, a session that times out (server.servlet.session.timeout), CSRF on every form, strict headers, and
     * every page decided by the {@link AccessPolicy} like an API call. Its paths are disjoint from the other
     * chains', so its place in the order does not matter.
     */
    @Bean
    @Order(0)
    SecurityFilterChain consoleChain(HttpSecurity http, UserDetailsService people, PasswordEncoder encoder,
            LoginThrottle throttle, MemberStatusCheck memberStatus, AuditLog auditLog, AccessPolicy policy,
            ProblemResponses problems) throws Exception {
        http.securityMatcher("/console", "/console/**")
                .authenticationManager(authenticationManager(people, encoder, throttle, memberStatus, auditLog))
                .formLogin(form -> form.loginPage("/console/login").defaultSuccessUrl("/console", true)
                        .failureHandler(new ConsoleLoginFailure()).permitAll())
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?logout")
                        .deleteCookies("JSESSIONID"))
                // After login always the home page: no deep link (and none of its parameters) is replayed.
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONSOLE_CSP))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/console/login", "/console/assets/**").permitAll()
                        .anyRequest().access(new PolicyAuthorizationManager(policy)))
                .exceptionHandling(e -> e.accessDeniedHandler(new ConsoleRefusals(problems)));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain browserChain(HttpSecurity http, UserDetailsService people, PasswordEncoder encoder,
            LoginThrottle throttle, MemberStatusCheck memberStatus, AuditLog auditLog) throws Exception {
        http.authenticationManager(authenticationManager(people, encoder, throttle, memberStatus, auditLog))
                .formLogin(form -> form.permitAll())
                .logout(logout -> logout.permitAll())
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated());
        return http.build();
    }
}
