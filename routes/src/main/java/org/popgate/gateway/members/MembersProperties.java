package org.popgate.gateway.members;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Member certificates ({@code popgate.members.*}).
 *
 * @param certificateValidity how long an issued member certificate is valid
 * @param rotationOverlap how long a replaced certificate stays valid after its successor is issued
 */
@ConfigurationProperties("popgate.members")
public record MembersProperties(
        @DefaultValue("365d") Duration certificateValidity,
        @DefaultValue("7d") Duration rotationOverlap) {}
