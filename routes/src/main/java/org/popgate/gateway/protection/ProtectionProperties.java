package org.popgate.gateway.protection;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits that keep the gateway standing under load or attack ({@code popgate.protection.*}).
 *
 * @param memberRequestsPerSecond sustained API requests per second of one member system
 * @param memberBurst requests a member system may make at once before the rate applies
 * @param accountRequestsPerSecond sustained API requests per second of one person's account
 * @param accountBurst requests an account may make at once before the rate applies
 * @param maxRequestSize the largest API request body accepted (413 beyond)
 * @param maxConcurrentRequests API requests worked on at once; more wait up to {@code queueWait}
 * @param queueWait how long a request may wait for a free slot before 503 with Retry-After
 * @param busyRetryAfter the Retry-After sent with 503
 * @param minFreeDisk readiness is DOWN when the data directory's disk has less free space than this
 * @param auditProbeTimeout readiness is DOWN when the audit store does not take a write transaction this fast
 */
@ConfigurationProperties("popgate.protection")
public record ProtectionProperties(
        @DefaultValue("50") double memberRequestsPerSecond,
        @DefaultValue("100") int memberBurst,
        @DefaultValue("10") double accountRequestsPerSecond,
        @DefaultValue("30") int accountBurst,
        @DefaultValue("1MB") DataSize maxRequestSize,
        @DefaultValue("32") int maxConcurrentRequests,
        @DefaultValue("200ms") Duration queueWait,
        @DefaultValue("1s") Duration busyRetryAfter,
        @DefaultValue("512MB") DataSize minFreeDisk,
        @DefaultValue("2s") Duration auditProbeTimeout) {}
