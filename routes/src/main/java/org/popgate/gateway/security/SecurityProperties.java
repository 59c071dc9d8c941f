package org.popgate.gateway.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How people log in ({@code popgate.security.*}).
 *
 * @param maxFailedLogins failed logins of one account name allowed within {@code failureWindow}
 * @param failureWindow the window failed logins are counted in
 * @param lockout how long further logins of that account name are refused (429 with Retry-After)
 */
@ConfigurationProperties("popgate.security")
public record SecurityProperties(
        @DefaultValue("5") int maxFailedLogins,
        @DefaultValue("15m") Duration failureWindow,
        @DefaultValue("15m") Duration lockout) {}
