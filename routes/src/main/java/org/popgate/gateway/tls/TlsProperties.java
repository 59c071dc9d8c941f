package org.popgate.gateway.tls;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The member-facing HTTPS listener ({@code popgate.tls.*}): member systems present the TLS certificate the
 * gateway's CA issued them; people may use it too (without a client certificate).
 *
 * @param enabled whether the HTTPS listener runs (the plain listener for people stays on server.port)
 * @param port its port; 0 picks a free one
 * @param hostnames the names and addresses the gateway's server certificate is valid for
 * @param maxKeepAliveRequests requests on one kept-alive connection before the gateway closes it (Tomcat's default
 *     of 100 makes a member system repeat the full mutual-TLS handshake every 100 requests); -1 for no limit. Idle
 *     connections still close after Tomcat's keep-alive timeout, and the member check runs on every request
 */
@ConfigurationProperties("popgate.tls")
public record TlsProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("8443") int port,
        @DefaultValue({"localhost", "127.0.0.1"}) List<String> hostnames,
        @DefaultValue("10000") int maxKeepAliveRequests) {}
