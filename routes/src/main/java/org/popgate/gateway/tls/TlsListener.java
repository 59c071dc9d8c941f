package org.popgate.gateway.tls;

import org.apache.catalina.connector.Connector;

/** The member-facing HTTPS listener; its port is known once the web server has started. */
public final class TlsListener {

    private final Connector connector;

    TlsListener(Connector connector) {
        this.connector = connector;
    }

    Connector connector() {
        return connector;
    }

    /** The port it listens on (the bound port when configured as 0). */
    public int port() {
        return connector.getLocalPort();
    }
}
