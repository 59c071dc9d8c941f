package org.popgate.gateway.witness;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Gateways witnessing each other's audit checkpoints over the Kafka cluster of the migrant exchange
 * ({@code popgate.peer-witness.*}; docs/decisions/peer-witness.md).
 *
 * @param enabled publish this gateway's checkpoints to its peers and witness theirs (needs
 *     {@code popgate.migrant.kafka.bootstrap-servers})
 * @param dir the peer-witness store, outside the database: the peers' checkpoints seen, refusals, and the
 *     cosignatures peers returned for this gateway's checkpoints
 * @param checkpointsPrefix topic prefix of published checkpoints; a gateway publishes to prefix + its member name
 * @param cosignaturesPrefix topic prefix of the answers; a witness answers on prefix + the publisher's member name
 * @param groupId the consumer group of this gateway's witness (one per gateway)
 */
@ConfigurationProperties("popgate.peer-witness")
public record PeerWitnessProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("./peer-witness") Path dir,
        @DefaultValue("popgate.checkpoints.") String checkpointsPrefix,
        @DefaultValue("popgate.cosignatures.") String cosignaturesPrefix,
        String groupId) {}
