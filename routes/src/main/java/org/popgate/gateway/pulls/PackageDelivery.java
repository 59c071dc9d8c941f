package org.popgate.gateway.pulls;

import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.springframework.jms.core.JmsTemplate;

/**
 * Hands a finished package to its department: as a persistent message on the member's queue
 * {@code popgate.pull.<member>} (streamed from the file: Artemis sends it as a large message, never whole in
 * memory), as chunks on its Kafka topic of the same name ({@link KafkaPackages}), or as a file in the member's drop
 * folder. Message properties and record headers carry ids and counts only.
 */
final class PackageDelivery implements AutoCloseable {

    /** JMS properties of a package message. */
    static final String EXCHANGE = "popgate_exchange";
    static final String PULL = "popgate_pull";
    static final String RECORDS = "popgate_records";
    static final String SENDER = "popgate_sender";
    static final String REDELIVERY = "popgate_redelivery";

    private final JmsTemplate jms;
    private final Path dropDir;
    private final KafkaPackages kafka;

    /** {@code kafka} is null when Kafka is not configured for pulls. */
    PackageDelivery(ConnectionFactory connectionFactory, Path dropDir, KafkaPackages kafka) {
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setReceiveTimeout(JmsTemplate.RECEIVE_TIMEOUT_NO_WAIT);
        this.dropDir = dropDir;
        this.kafka = kafka;
    }

    /** The queue a member's packages go to. */
    static String queue(String member) {
        return "popgate.pull." + member;
    }

    /** Puts the package on the member's queue. */
    void toQueue(String member, String exchangeId, long records, String sender, Path packageFile, boolean redelivery) {
        try (InputStream in = Files.newInputStream(packageFile)) {
            jms.send(queue(member), session -> {
                BytesMessage message = session.createBytesMessage();
                // Artemis streams the body from this stream (large message) instead of holding it in memory.
                message.setObjectProperty("JMS_AMQ_InputStream", in);
                message.setStringProperty(EXCHANGE, exchangeId);
                message.setStringProperty(PULL, exchangeId);
                message.setLongProperty(RECORDS, records);
                message.setStringProperty(SENDER, sender);
                message.setBooleanProperty(REDELIVERY, redelivery);
                return message;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the package file", e);
        }
    }

    /** Puts the package on the member's Kafka topic; returns once the broker acknowledged every chunk. */
    void toKafka(String member, String exchangeId, long records, String sender, Path packageFile, boolean redelivery) {
        if (kafka == null) {
            throw new IllegalStateException("Kafka is not configured for pulls (popgate.pulls.kafka.bootstrap-servers)");
        }
        kafka.send(member, exchangeId, records, sender, packageFile, redelivery);
    }

    /** Copies the package into {@code <drop dir>/<member>/<exchange id>.p7m} (written aside, then moved in). */
    Path toFolder(String member, String exchangeId, Path packageFile) {
        try {
            Path dir = Files.createDirectories(dropDir.resolve(member));
            Path target = dir.resolve(exchangeId + ".p7m");
            Path part = dir.resolve(exchangeId + ".p7m.part");
            Files.copy(packageFile, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot drop the package", e);
        }
    }

    /** Takes every not yet fetched copy of the exchange's package off the member's queue and out of its folder; true if any. */
    boolean withdraw(String member, String exchangeId) {
        boolean any = false;
        Message taken;
        do {
            taken = jms.receiveSelected(queue(member), EXCHANGE + " = '" + exchangeId.replace("'", "''") + "'");
            any |= taken != null;
        } while (taken != null);
        Path folder = dropDir.resolve(member);
        try {
            // Only where the member has a drop folder: other members' packages never went there.
            any |= Files.isDirectory(folder) && Files.deleteIfExists(folder.resolve(exchangeId + ".p7m"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the dropped package", e);
        }
        return any;
    }

    @Override
    public void close() {
        if (kafka != null) {
            kafka.close();
        }
    }
}
