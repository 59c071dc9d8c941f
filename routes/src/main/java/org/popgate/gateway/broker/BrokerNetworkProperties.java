package org.popgate.gateway.broker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded broker's network listener for member systems outside the gateway's JVM
 * ({@code popgate.broker.network.*}): TLS with client certificates, one member per certificate, each member
 * limited to its own destinations {@code popgate.*.<member>}. Off by default: the demo's broker is in-VM only.
 *
 * @param enabled whether the listener runs (it also turns the broker's security on)
 * @param host the address it binds to
 * @param port its port; 0 picks a free one
 */
@ConfigurationProperties("popgate.broker.network")
public record BrokerNetworkProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("0.0.0.0") String host,
        @DefaultValue("61617") int port) {}
