package org.popgate.gateway.pulls;

import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Receipts sent as messages to the Artemis queue {@code popgate.pull.receipts}: consumed in a local JMS transaction,
 * handed to {@link PullReceipts} (close the exchange, or keep the refused message with its code), then committed.
 * An unexpected failure rolls the session back and Artemis delivers the message again.
 */
final class PullReceiptRoutes extends RouteBuilder {

    static final String ARTEMIS_ROUTE = "pull-receipts-artemis";

    private final PullReceipts receipts;

    PullReceiptRoutes(PullReceipts receipts) {
        this.receipts = receipts;
    }

    @Override
    public void configure() {
        // No error handler: nothing is logged with the message, and a failure rolls the JMS transaction back.
        errorHandler(noErrorHandler());
        from("jms:queue:" + PullReceipts.DESTINATION + "?transacted=true&lazyCreateTransactionManager=false"
                + "&mapJmsMessage=false")
                .routeId(ARTEMIS_ROUTE)
                .process(this::receive);
    }

    private void receive(Exchange exchange) throws Exception {
        Message message = exchange.getIn().getBody(Message.class);
        byte[] body;
        if (message instanceof TextMessage text) {
            body = text.getText() == null ? new byte[0] : text.getText().getBytes(StandardCharsets.UTF_8);
        } else if (message instanceof BytesMessage bytes) {
            body = new byte[(int) Math.min(bytes.getBodyLength(), PullReceipts.MAX_KEPT + 1L)];
            bytes.readBytes(body);
        } else {
            body = new byte[0];
        }
        receipts.accept(body, "artemis");
    }
}
