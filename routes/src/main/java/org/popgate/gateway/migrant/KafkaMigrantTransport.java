package org.popgate.gateway.migrant;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.popgate.gateway.broker.KafkaClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka transport, with plain kafka-clients (docs/decisions/migrant-exchange.md says why): one topic per region,
 * {@code popgate.migrant.<region code>}; the record key is the keyed hash of the person's ID under the network key
 * (one person's messages stay in one partition, in order; the key reveals nothing); the value is the CMS package;
 * headers name the package and the recipient office. The producer is idempotent with {@code acks=all}. The consumer
 * commits offsets only after the receiver committed the effects, so Kafka is at-least-once and the receiver's
 * idempotency makes the effect exactly-once.
 */
final class KafkaMigrantTransport implements MigrantTransport, AutoCloseable {

    static final String RECIPIENT = "PopgateRecipient";

    private static final Logger log = LoggerFactory.getLogger(KafkaMigrantTransport.class);

    private final MigrantProperties.Kafka settings;
    private final KafkaProducer<String, byte[]> producer;
    private volatile Thread consumerThread;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private final ExecutorService appliers;

    KafkaMigrantTransport(MigrantProperties.Kafka settings) {
        this.settings = settings;
        Properties p = KafkaClients.durableProducer(settings.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        this.producer = new KafkaProducer<>(p);
        if (settings.receiverThreads() > 1) {
            AtomicInteger n = new AtomicInteger();
            this.appliers = Executors.newFixedThreadPool(settings.receiverThreads(), task -> {
                Thread t = new Thread(task, "popgate-migrant-kafka-apply-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            this.appliers = null;
        }
    }

    static String topic(String office) {
        return "popgate.migrant." + office.substring(0, 6);
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public void send(MigrantPackages.Sealed sealed, String partitionKey) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic(sealed.recipient()), partitionKey, sealed.bytes());
        record.headers().add(ArtemisMigrantTransport.PACKAGE_ID, sealed.packageId().getBytes(StandardCharsets.UTF_8));
        record.headers().add(RECIPIENT, sealed.recipient().getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to Kafka", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not take the package", e.getCause());
        }
    }

    /** Starts consuming the topics of the regions {@code regions} supplies (re-read every few seconds). */
    synchronized void startConsuming(Supplier<Set<String>> regions, MigrantReceiver receiver) {
        if (running) {
            return;
        }
        running = true;
        consumerThread = new Thread(() -> consumeLoop(regions, receiver), "popgate-migrant-kafka");
        consumerThread.setDaemon(true);
        consumerThread.start();
    }

    private void consumeLoop(Supplier<Set<String>> regions, MigrantReceiver receiver) {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = newConsumer()) {
                consumer = c;
                Set<String> subscribed = new TreeSet<>();
                long nextCheck = 0;
                while (running) {
                    if (System.nanoTime() >= nextCheck) {
                        Set<String> topics = new TreeSet<>(regions.get().stream().map(r -> "popgate.migrant." + r).toList());
                        if (!topics.equals(subscribed) && !topics.isEmpty()) {
                            c.subscribe(List.copyOf(topics));
                            subscribed = topics;
                        }
                        nextCheck = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                    }
                    if (subscribed.isEmpty()) {
                        Thread.sleep(200);
                        continue;
                    }
                    ConsumerRecords<String, byte[]> records = c.poll(settings.pollTimeout());
                    if (!records.isEmpty()) {
                        applyByPartition(records, receiver);
                        c.commitSync();
                    }
                }
            } catch (WakeupException e) {
                // closing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // Not committed: a new consumer resumes from the last commit; what was applied is skipped as duplicate.
                log.error("Migrant Kafka consumer failed ({}); resuming from the last committed offsets", e.getClass().getSimpleName());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Applies one poll's records: each partition's records in offset order on one thread, different partitions in
     * parallel (one person's messages share a partition, so they stay in order). Returns when all are applied; if
     * one fails it throws, nothing of the poll is committed, and the redelivery finds the applied ones as duplicates.
     */
    private void applyByPartition(ConsumerRecords<String, byte[]> records, MigrantReceiver receiver)
            throws InterruptedException {
        List<TopicPartition> partitions = List.copyOf(records.partitions());
        if (partitions.size() == 1 || appliers == null) {
            partitions.forEach(p -> records.records(p).forEach(r -> apply(r, receiver)));
            return;
        }
        List<Future<?>> running = new ArrayList<>(partitions.size());
        for (TopicPartition p : partitions) {
            running.add(appliers.submit(() -> records.records(p).forEach(r -> apply(r, receiver))));
        }
        RuntimeException failed = null;
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failed = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private static void apply(ConsumerRecord<String, byte[]> r, MigrantReceiver receiver) {
        receiver.receive(new MigrantReceiver.Delivery("kafka", header(r, RECIPIENT),
                header(r, ArtemisMigrantTransport.PACKAGE_ID), r.value() == null ? new byte[0] : r.value()));
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        return new KafkaConsumer<>(KafkaClients.manualCommitConsumer(settings.bootstrapServers(), settings.groupId(), 200));
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        running = false;
        KafkaClients.stop(consumer, consumerThread, Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(5));
        if (appliers != null) {
            appliers.shutdownNow();
        }
    }
}
