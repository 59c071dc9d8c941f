package org.popgate.gateway.broker;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;

/**
 * Member status on every delivered message: Artemis checks a consumer's permission only when it is created,
 * so before each message goes to a member system's consumer the certificate and the member's status are
 * checked again. A suspended or revoked member's connection is failed (its unacknowledged messages return to
 * the queue) and the message is not delivered.
 */
final class MemberDeliveryCheck implements ActiveMQServerMessagePlugin {

    private final MemberBrokerSecurity security;
    private volatile ActiveMQServer server;

    MemberDeliveryCheck(MemberBrokerSecurity security) {
        this.security = security;
    }

    @Override
    public void registered(ActiveMQServer server) {
        this.server = server;
    }

    @Override
    public void beforeDeliver(ServerConsumer consumer, MessageReference reference) throws ActiveMQException {
        ServerSession session = server == null ? null : server.getSessionByID(consumer.getSessionID());
        if (session == null) {
            return;
        }
        RemotingConnection connection = session.getRemotingConnection();
        if (MemberBrokerSecurity.internal(connection) || security.member(connection, "deliver") != null) {
            return;
        }
        ActiveMQSecurityException refused = new ActiveMQSecurityException("The member may not receive messages now.");
        // Failed on another thread: closing the session from inside a delivery would wait on the delivery itself.
        server.getExecutorFactory().getExecutor().execute(() -> connection.fail(refused));
        throw refused;
    }
}
