package org.popgate.gateway.members;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Member certificates ({@code popgate.members.*}).
 *
 * @param certificateValidity how long an issued member certificate is valid
 * @param rotationOverlap how long a replaced certificate stays valid after its successor is issued
 * @param accessCacheTtl how long the per-request member check may use a certificate's record and a member's status
 *     read earlier: a change made on another gateway instance is enforced here within this time (one made on this
 *     instance at once); 0 reads the database on every request
 */
@ConfigurationProperties("popgate.members")
public record MembersProperties(
        @DefaultValue("365d") Duration certificateValidity,
        @DefaultValue("7d") Duration rotationOverlap,
        @DefaultValue("1s") Duration accessCacheTtl) {}
