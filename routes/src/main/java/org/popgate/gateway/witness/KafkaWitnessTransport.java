package org.popgate.gateway.witness;

import java.time.Duration;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.popgate.audit.AuditException;
import org.popgate.gateway.broker.KafkaClients;
import org.popgate.gateway.witness.WitnessMessages.Publication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * Peer witnessing over the exchange network's Kafka cluster: a gateway publishes its checkpoints on
 * {@code popgate.checkpoints.<member>}; every peer reads them, and answers on {@code popgate.cosignatures.<member>},
 * which the publisher reads. One consumer thread (a pattern subscription, so peers joining later are picked up),
 * offsets committed after each batch is handled: a crash redelivers, and handling is idempotent.
 */
class KafkaWitnessTransport implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaWitnessTransport.class);

    private final PeerWitnessProperties properties;
    private final String bootstrapServers;
    private final String self;
    private final KafkaProducer<String, byte[]> producer;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;
    private volatile boolean running;

    KafkaWitnessTransport(PeerWitnessProperties properties, String bootstrapServers, String self) {
        this.properties = properties;
        this.bootstrapServers = bootstrapServers;
        this.self = self;
        this.producer = new KafkaProducer<>(KafkaClients.durableProducer(bootstrapServers));
    }

    /** Publishes one of this gateway's checkpoints (asynchronously; a failure is logged, the next one follows). */
    void publish(Publication publication) {
        send(properties.checkpointsPrefix() + self, WitnessMessages.encode(publication));
    }

    private void send(String topic, byte[] value) {
        producer.send(new ProducerRecord<>(topic, self, value), (metadata, e) -> {
            if (e != null) {
                log.warn("Peer-witness message to {} not sent: {}", topic, e.getClass().getSimpleName());
            }
        });
    }

    /** Starts consuming the peers' checkpoints (answered by {@code witnessing}) and their answers to ours. */
    synchronized void start(PeerWitnessing witnessing, PeerAgreements agreements) {
        running = true;
        thread = new Thread(() -> loop(witnessing, agreements), "popgate-peer-witness");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(PeerWitnessing witnessing, PeerAgreements agreements) {
        String answers = properties.cosignaturesPrefix() + self;
        Pattern topics = Pattern.compile(Pattern.quote(properties.checkpointsPrefix()) + ".+|" + Pattern.quote(answers));
        while (running) {
            try (KafkaConsumer<String, byte[]> c = newConsumer()) {
                consumer = c;
                c.subscribe(topics);
                while (running) {
                    ConsumerRecords<String, byte[]> batch = c.poll(Duration.ofMillis(500));
                    for (ConsumerRecord<String, byte[]> r : batch) {
                        handle(r, answers, witnessing, agreements);
                    }
                    if (!batch.isEmpty()) {
                        producer.flush();
                        c.commitSync();
                    }
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                log.warn("Peer-witness consumer failed ({}); resuming from the last commit", e.getClass().getSimpleName());
                pause();
            }
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r, String answers, PeerWitnessing witnessing,
            PeerAgreements agreements) {
        try {
            if (r.topic().equals(answers)) {
                agreements.accept(WitnessMessages.answer(r.value()));
            } else if (!r.topic().equals(properties.checkpointsPrefix() + self)) {
                Publication p = WitnessMessages.publication(r.value());
                if (!r.topic().equals(properties.checkpointsPrefix() + p.publisher())) {
                    return;   // a gateway publishes on its own topic only
                }
                witnessing.answer(p).ifPresent(a -> send(properties.cosignaturesPrefix() + p.publisher(),
                        WitnessMessages.encode(a)));
            }
        } catch (IllegalArgumentException | IllegalStateException | JacksonException e) {
            log.warn("Unreadable peer-witness message on {} dropped ({} bytes)", r.topic(),
                    r.value() == null ? 0 : r.value().length);
        } catch (AuditException e) {
            if (e.code() == org.popgate.audit.AuditErrorCode.WITNESS_UNAVAILABLE) {
                throw e;   // the store cannot be written: retry from the last commit
            }
            log.warn("Peer-witness message on {} refused: {}", r.topic(), e.code().code());
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        return new KafkaConsumer<>(KafkaClients.manualCommitConsumer(bootstrapServers,
                properties.groupId() != null ? properties.groupId() : "popgate-witness-" + self, 500));
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaClients.stop(consumer, thread, Duration.ofSeconds(10));
        producer.close(Duration.ofSeconds(5));
    }
}
