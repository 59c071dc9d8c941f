package org.popgate.gateway.migrant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.spec.SecretKeySpec;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.CamelContext;
import org.popgate.adapters.migrant.DeadlinePolicy;
import org.popgate.adapters.migrant.MessageType;
import org.popgate.adapters.migrant.MigrantOffices;
import org.popgate.adapters.migrant.WorkingDayCalendar;
import org.popgate.adapters.population.PersonRepository;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.SubjectHasher;
import org.popgate.audit.log.AuditLog;
import org.popgate.crypto.idnumber.AreaCodes;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.lookup.LookupHasher;
import org.popgate.gateway.audit.AuditProperties;
import org.popgate.gateway.config.PopgateProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.artemis.autoconfigure.ArtemisConfigurationCustomizer;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The migrant exchange: calendar and deadlines, office keys, the transport (Artemis or Kafka), sender and receiver. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MigrantProperties.class)
class MigrantConfiguration {

    /** Key-store alias of the network key when none is configured (enough for one gateway; a network configures one). */
    static final String NETWORK_KEY_ALIAS = "migrant-network-v1";

    @Bean
    WorkingDayCalendar migrantCalendar() {
        return WorkingDayCalendar.shipped();
    }

    @Bean
    DeadlinePolicy migrantDeadlinePolicy(MigrantProperties properties) {
        EnumMap<MessageType, Integer> days = new EnumMap<>(MessageType.class);
        if (properties.deadlines() != null) {
            days.putAll(properties.deadlines());
        }
        return new DeadlinePolicy(days, properties.warnBefore(), properties.escalateAfter());
    }

    /** The key the exchange network shares for Kafka message keys: a keyed hash of the person's ID. */
    @Bean
    MigrantNetworkKey migrantNetworkKey(MigrantProperties properties, GatewayKeyStore keys) {
        String configured = properties.kafka().networkKey();
        if (configured != null && !configured.isBlank()) {
            return new MigrantNetworkKey(new LookupHasher(new SecretKeySpec(Base64.getDecoder().decode(configured.strip()),
                    "HmacSHA256")));
        }
        return new MigrantNetworkKey(new LookupHasher(keys.secretKey(NETWORK_KEY_ALIAS)));
    }

    /** Artemis keeps redelivering a package the gateway could not process for an infrastructure reason: never dropped. */
    @Bean
    ArtemisConfigurationCustomizer migrantQueues() {
        return configuration -> configuration.addAddressSetting("popgate.migrant.#", new AddressSettings()
                .setMaxDeliveryAttempts(-1)
                .setRedeliveryDelay(500)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(10_000));
    }

    @Bean(destroyMethod = "")
    MigrantTransport migrantTransport(MigrantProperties properties, ObjectProvider<JmsTemplate> jms) {
        if (properties.transport() == MigrantProperties.Transport.KAFKA) {
            if (properties.kafka().bootstrapServers() == null) {
                throw new IllegalStateException("popgate.migrant.kafka.bootstrap-servers is required with the Kafka transport");
            }
            return new KafkaMigrantTransport(properties.kafka());
        }
        return new ArtemisMigrantTransport(jms.getObject());
    }

    @Bean
    MigrantAudit migrantAudit(AuditLog auditLog, SubjectHasher subjects) {
        return new MigrantAudit(auditLog, subjects);
    }

    @Bean
    MigrantReceiver migrantReceiver(OfficeKeys offices, MigrantStore store, PersonRepository persons, MigrantAudit audit,
            PlatformTransactionManager transactions, MigrantClock clock,
            MigrantProperties properties, DeadlinePolicy policy, WorkingDayCalendar calendar, PopgateProperties popgate,
            AuditProperties auditProperties) {
        Path spool = popgate.dataDir().resolve("spool/migrant");
        try {
            Files.createDirectories(spool);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the migrant spool directory", e);
        }
        return new MigrantReceiver(offices, store, persons, audit, new TransactionTemplate(transactions), clock,
                properties, policy, calendar, spool, Actor.gateway(auditProperties.member()));
    }

    @Bean
    MigrantExchange migrantExchange(OfficeKeys offices, MigrantStore store, MigrantTransport transport, MigrantAudit audit,
            MigrantNetworkKey networkKey, PlatformTransactionManager transactions,
            MigrantClock clock, MigrantProperties properties) {
        return new MigrantExchange(offices, new MigrantOffices(AreaCodes.shipped()), store, transport, audit,
                networkKey.hasher(), new TransactionTemplate(transactions), clock, properties.maxPackageRecords());
    }

    @Bean
    MigrantDeadlines migrantDeadlines(MigrantStore store, AuditLog auditLog, PlatformTransactionManager transactions,
            MigrantClock clock, AuditProperties audit) {
        return new MigrantDeadlines(store, auditLog, new TransactionTemplate(transactions), clock,
                Actor.gateway(audit.member()));
    }

    @Bean
    MigrantInbound migrantInbound(MigrantTransport transport, CamelContext camel, MigrantReceiver receiver,
            OfficeKeys offices, MigrantDeadlines deadlines) {
        return new MigrantInbound(transport, new MigrantInboundRoutes(camel, receiver), receiver, offices, deadlines);
    }

    /** The network key, typed so it is never confused with the gateway's own lookup-hash key. */
    record MigrantNetworkKey(LookupHasher hasher) {}

    /**
     * Starts receiving when the application is ready (a route per hosted office on Artemis, the region topics on
     * Kafka), picks up offices registered later, and runs the deadline check.
     */
    static final class MigrantInbound implements AutoCloseable {
        private final MigrantTransport transport;
        private final MigrantInboundRoutes routes;
        private final MigrantReceiver receiver;
        private final OfficeKeys offices;
        private final MigrantDeadlines deadlines;
        private volatile boolean ready;

        MigrantInbound(MigrantTransport transport, MigrantInboundRoutes routes, MigrantReceiver receiver, OfficeKeys offices,
                MigrantDeadlines deadlines) {
            this.transport = transport;
            this.routes = routes;
            this.receiver = receiver;
            this.offices = offices;
            this.deadlines = deadlines;
            offices.onHosted(office -> {
                if (ready && transport instanceof ArtemisMigrantTransport) {
                    routes.ensure(office);
                }
            });
        }

        @EventListener(ApplicationReadyEvent.class)
        void start() {
            ready = true;
            if (transport instanceof KafkaMigrantTransport kafka) {
                kafka.startConsuming(this::regions, receiver);
            }
            scan();
        }

        private Set<String> regions() {
            Set<String> regions = new TreeSet<>();
            offices.hostedNames().forEach(name -> regions.add(name.substring(0, 6)));
            return regions;
        }

        @Scheduled(fixedDelayString = "${popgate.migrant.office-scan:5s}")
        void scan() {
            if (ready && transport instanceof ArtemisMigrantTransport) {
                offices.hostedNames().forEach(office -> {
                    offices.hosted(office);
                    routes.ensure(office);
                });
            }
        }

        @Scheduled(fixedDelayString = "${popgate.migrant.deadline-check:1m}")
        void checkDeadlines() {
            if (ready) {
                deadlines.check();
            }
        }

        @Override
        public void close() {
            ready = false;
            if (transport instanceof KafkaMigrantTransport kafka) {
                kafka.close();
            }
        }
    }
}
