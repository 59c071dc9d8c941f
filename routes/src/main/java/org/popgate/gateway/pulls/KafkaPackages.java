package org.popgate.gateway.pulls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.popgate.gateway.broker.KafkaClients;

/**
 * Hands a finished package to its department on the Kafka topic {@code popgate.pull.<member>}. A package can be far
 * larger than a Kafka record may be, so it travels as consecutive chunks read from the file (never whole in memory),
 * all keyed by the exchange id (one partition, in order); headers name the exchange, the chunk's index and the
 * number of chunks, so the department joins them back into the package file. The producer is idempotent with
 * {@code acks=all}, and {@link #send} returns only after the broker acknowledged every chunk: the pull is marked
 * delivered only then.
 */
final class KafkaPackages implements AutoCloseable {

    /** Record headers of a package chunk (the JMS property names of {@link PackageDelivery}, plus the chunking). */
    static final String CHUNK = "popgate_chunk";
    static final String CHUNKS = "popgate_chunks";

    private final KafkaProducer<String, byte[]> producer;
    private final int chunkBytes;

    KafkaPackages(PullProperties.Kafka settings) {
        Properties p = KafkaClients.durableProducer(settings.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1 << 20, settings.chunkBytes() + (64 << 10)));
        this.producer = new KafkaProducer<>(p);
        this.chunkBytes = settings.chunkBytes();
    }

    /** The topic a member's packages go to. */
    static String topic(String member) {
        return PackageDelivery.queue(member);
    }

    /** Sends the package as chunks and waits until the broker acknowledged all of them; returns how many. */
    int send(String member, String exchangeId, long records, String sender, Path packageFile, boolean redelivery) {
        try (InputStream in = Files.newInputStream(packageFile)) {
            long size = Files.size(packageFile);
            int chunks = (int) Math.max(1, (size + chunkBytes - 1) / chunkBytes);
            List<Future<RecordMetadata>> sent = new ArrayList<>(chunks);
            for (int i = 0; i < chunks; i++) {
                byte[] chunk = in.readNBytes((int) Math.min(chunkBytes, size - (long) i * chunkBytes));
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic(member), exchangeId, chunk);
                header(record, PackageDelivery.EXCHANGE, exchangeId);
                header(record, PackageDelivery.SENDER, sender);
                header(record, PackageDelivery.RECORDS, Long.toString(records));
                header(record, PackageDelivery.REDELIVERY, Boolean.toString(redelivery));
                header(record, CHUNK, Integer.toString(i));
                header(record, CHUNKS, Integer.toString(chunks));
                sent.add(producer.send(record));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
            return chunks;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the package file", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending the package to Kafka", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not take the package", e.getCause());
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
