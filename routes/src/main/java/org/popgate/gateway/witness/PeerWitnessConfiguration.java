package org.popgate.gateway.witness;

import java.time.Clock;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.audit.log.AuditLog;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.gateway.audit.AuditKeys;
import org.popgate.gateway.audit.AuditProperties;
import org.popgate.gateway.migrant.MigrantProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Peer witnessing (docs/decisions/peer-witness.md), on when {@code popgate.peer-witness.enabled=true}: the peers
 * become one more {@code Witness} of this gateway's checkpoints, and this gateway witnesses theirs, over the
 * migrant exchange's Kafka cluster.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "popgate.peer-witness.enabled", havingValue = "true")
class PeerWitnessConfiguration {

    @Bean
    PeerAuditKeys peerAuditKeys(JdbcClient jdbc) {
        return new PeerAuditKeys(jdbc);
    }

    @Bean
    PeerAgreements peerAgreements(PeerWitnessProperties properties, AuditProperties audit, CheckpointVerifier ownVerifier,
            PeerAuditKeys peers) {
        return new PeerAgreements(properties.dir(), audit.member(), ownVerifier, peers);
    }

    @Bean(destroyMethod = "close")
    KafkaWitnessTransport kafkaWitnessTransport(PeerWitnessProperties properties, MigrantProperties migrant,
            AuditProperties audit) {
        String servers = migrant.kafka().bootstrapServers();
        if (servers == null || servers.isBlank()) {
            throw new IllegalStateException("popgate.peer-witness needs popgate.migrant.kafka.bootstrap-servers");
        }
        return new KafkaWitnessTransport(properties, servers, audit.member());
    }

    /** A Witness bean: the checkpointer publishes to it, the start-up check compares its latest cosigned note. */
    @Bean
    CheckpointPublisher peerCheckpointPublisher(AuditProperties audit, CheckpointVerifier ownVerifier,
            PeerAgreements agreements, KafkaWitnessTransport transport) {
        return new CheckpointPublisher(audit.member(), ownVerifier, agreements, transport::publish);
    }

    @Bean
    PeerWitnessing peerWitnessing(PeerWitnessProperties properties, PeerAuditKeys peers, AuditProperties audit,
            CheckpointVerifier ownVerifier, GatewayKeyStore keyStore, AuditLog auditLog) {
        // ownVerifier: the audit signing key exists once it does
        return new PeerWitnessing(properties.dir(), peers, audit.member(), audit.suite(),
                keyStore.privateKey(AuditKeys.signingAlias(audit.suite())), auditLog, Clock.systemUTC());
    }

    @Bean
    Starter peerWitnessStarter(KafkaWitnessTransport transport, PeerWitnessing witnessing, PeerAgreements agreements) {
        return new Starter(transport, witnessing, agreements);
    }

    /** Starts consuming once the application is ready (the audit log has passed its start-up check). */
    record Starter(KafkaWitnessTransport transport, PeerWitnessing witnessing, PeerAgreements agreements) {
        @EventListener(ApplicationReadyEvent.class)
        public void start() {
            transport.start(witnessing, agreements);
        }
    }
}
