package org.popgate.gateway.broker;

import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** The broker's member-facing TLS listener; its port is known once the broker has started. */
@Component
@ConditionalOnProperty(name = "popgate.broker.network.enabled", havingValue = "true")
public class BrokerNetworkListener {

    private final EmbeddedActiveMQ broker;

    BrokerNetworkListener(EmbeddedActiveMQ broker) {
        this.broker = broker;
    }

    /** The port it listens on (the bound port when configured as 0). */
    public int port() {
        return ((NettyAcceptor) broker.getActiveMQServer().getRemotingService()
                .getAcceptor(BrokerConfiguration.ACCEPTOR)).getActualPort();
    }
}
