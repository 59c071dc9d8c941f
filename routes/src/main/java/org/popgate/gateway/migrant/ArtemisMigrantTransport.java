package org.popgate.gateway.migrant;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import org.springframework.jms.core.JmsTemplate;

/**
 * Sends packages to the embedded Artemis broker's persistent queue {@code popgate.migrant.<office>}: the body is
 * the CMS package (nothing in clear), the package id the only property.
 */
final class ArtemisMigrantTransport implements MigrantTransport {

    static final String PACKAGE_ID = "PopgatePackageId";

    private final JmsTemplate jms;

    ArtemisMigrantTransport(JmsTemplate jms) {
        this.jms = jms;
        jms.setExplicitQosEnabled(true);
        jms.setDeliveryMode(DeliveryMode.PERSISTENT);
    }

    static String queue(String office) {
        return "popgate.migrant." + office;
    }

    @Override
    public String name() {
        return "artemis";
    }

    @Override
    public void send(MigrantPackages.Sealed sealed, String partitionKey) {
        jms.send(queue(sealed.recipient()), session -> {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(sealed.bytes());
            message.setStringProperty(PACKAGE_ID, sealed.packageId());
            return message;
        });
    }
}
