package org.popgate.gateway.pulls;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.popgate.gateway.broker.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads receipts from the Kafka topic {@code popgate.pull.receipts} (when Kafka is configured for pulls) into
 * {@link PullReceipts}. Offsets are committed only after a batch was handled (closed or kept as refused), so a crash
 * re-reads the batch: at-least-once; a receipt read twice finds its exchange closed and is kept as refused
 * ({@code invalid_state}), never applied twice.
 */
final class KafkaReceipts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaReceipts.class);

    private final PullProperties.Kafka settings;
    private final PullReceipts receipts;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;

    KafkaReceipts(PullProperties.Kafka settings, PullReceipts receipts) {
        this.settings = settings;
        this.receipts = receipts;
    }

    /** Starts the consumer thread (nothing when Kafka is not configured for pulls). */
    synchronized void start() {
        if (running || !settings.enabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "popgate-pull-receipts-kafka");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = newConsumer()) {
                consumer = c;
                c.subscribe(List.of(PullReceipts.DESTINATION));
                while (running) {
                    ConsumerRecords<String, byte[]> records = c.poll(settings.pollTimeout());
                    for (ConsumerRecord<String, byte[]> r : records) {
                        receipts.accept(r.value() == null ? new byte[0] : r.value(), "kafka");
                    }
                    if (!records.isEmpty()) {
                        c.commitSync();
                    }
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                // Not committed: a new consumer resumes from the last committed offset.
                log.error("Pull receipt consumer failed ({}); resuming from the last committed offset",
                        e.getClass().getSimpleName());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        return new KafkaConsumer<>(KafkaClients.manualCommitConsumer(settings.bootstrapServers(), settings.groupId(), 100));
    }

    @Override
    public void close() {
        running = false;
        KafkaClients.stop(consumer, thread, Duration.ofSeconds(5));
    }
}
