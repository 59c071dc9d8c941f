package org.popgate.gateway.migrant;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * One Camel route per office hosted here, consuming its persistent queue {@code popgate.migrant.<office>} in a
 * local JMS transaction: receive ─► open, verify, check, apply in one database transaction (or dead-letter) ─►
 * commit the JMS session. An exception (e.g. the database is down) rolls the session back and Artemis redelivers.
 * Routes are added when an office is first used and by a periodic scan, so an office registered at run time
 * starts receiving without a restart.
 */
final class MigrantInboundRoutes {

    static final String ROUTE_PREFIX = "migrant-inbound-";
    /**
     * Consumers per office queue: packages of different message groups (ArtemisMigrantTransport#group) are applied
     * in parallel, while one person's packages stay in order on one consumer; each package is still one database
     * transaction, so the exactly-once effect does not depend on it.
     */
    static final int CONSUMERS = 6;

    private final CamelContext camel;
    private final MigrantReceiver receiver;
    private final Set<String> started = ConcurrentHashMap.newKeySet();

    MigrantInboundRoutes(CamelContext camel, MigrantReceiver receiver) {
        this.camel = camel;
        this.receiver = receiver;
    }

    /** Starts the inbound route of {@code office} unless it runs already. */
    synchronized void ensure(String office) {
        if (!started.add(office)) {
            return;
        }
        try {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    errorHandler(noErrorHandler());
                    from("jms:queue:" + ArtemisMigrantTransport.queue(office)
                            + "?transacted=true&lazyCreateTransactionManager=false&jmsMessageType=Bytes"
                            + "&mapJmsMessage=false&concurrentConsumers=" + CONSUMERS)
                            .routeId(ROUTE_PREFIX + office)
                            .process(exchange -> receive(office, exchange));
                }
            });
        } catch (Exception e) {
            started.remove(office);
            throw new IllegalStateException("cannot start the inbound route of an office", e);
        }
    }

    private void receive(String office, Exchange exchange) throws Exception {
        jakarta.jms.Message message = exchange.getIn().getBody(jakarta.jms.Message.class);
        byte[] bytes;
        String packageId;
        if (message instanceof jakarta.jms.BytesMessage bytesMessage) {
            bytes = new byte[(int) bytesMessage.getBodyLength()];
            bytesMessage.readBytes(bytes);
            packageId = bytesMessage.getStringProperty(ArtemisMigrantTransport.PACKAGE_ID);
        } else {
            bytes = new byte[0];
            packageId = message == null ? null : message.getStringProperty(ArtemisMigrantTransport.PACKAGE_ID);
        }
        receiver.receive(new MigrantReceiver.Delivery("artemis", office, packageId, bytes));
    }
}
