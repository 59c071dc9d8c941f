package org.popgate.gateway.migrant;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import org.springframework.jms.core.JmsTemplate;

/**
 * Sends packages to the embedded Artemis broker's persistent queue {@code popgate.migrant.<office>}: the body is
 * the CMS package (nothing in clear); the properties are the package id and a message group derived from the keyed
 * partition hash (it reveals nothing of the person).
 */
final class ArtemisMigrantTransport implements MigrantTransport {

    static final String PACKAGE_ID = "PopgatePackageId";
    /** Artemis message groups: one group's messages go to one consumer at a time, in order. */
    static final String GROUP_ID = "JMSXGroupID";

    private final JmsTemplate jms;

    ArtemisMigrantTransport(JmsTemplate jms) {
        this.jms = jms;
        jms.setExplicitQosEnabled(true);
        jms.setDeliveryMode(DeliveryMode.PERSISTENT);
    }

    static String queue(String office) {
        return "popgate.migrant." + office;
    }

    /**
     * The message group of a package: the first two hex digits of its partition key (the network-keyed hash of its
     * first person's ID, as Kafka's message key), so one person's packages are received in order even with several
     * consumers on the queue, and the broker tracks at most 256 groups.
     */
    static String group(String partitionKey) {
        return "migrant-" + partitionKey.substring(0, Math.min(2, partitionKey.length()));
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
            if (partitionKey != null && !partitionKey.isEmpty()) {
                message.setStringProperty(GROUP_ID, group(partitionKey));
            }
            return message;
        });
    }
}
