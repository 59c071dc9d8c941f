package org.popgate.gateway.pulls;

import jakarta.jms.ConnectionFactory;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.camel.ProducerTemplate;
import org.popgate.adapters.population.PersonRepository;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.SubjectHasher;
import org.popgate.audit.log.AuditLog;
import org.popgate.crypto.column.ColumnCipher;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.pseudonym.Pseudonymiser;
import org.popgate.gateway.audit.AuditProperties;
import org.popgate.gateway.config.PopgateProperties;
import org.popgate.gateway.members.MemberCas;
import org.popgate.gateway.members.MemberRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The pull service, its route and the pieces they share (catalogue, signing key, delivery, canaries). */
@Configuration(proxyBeanMethods = false)
class PullsConfiguration {

    static final String CANARY_KEY = "pull-canary";

    @Bean
    Catalogue dataSharingCatalogue() {
        return Catalogue.load();
    }

    @Bean
    Pseudonymiser pseudonymiser(GatewayKeyStore keys) {
        Pseudonymiser pseudonymiser = Pseudonymiser.from(keys);
        // The master key is made (and the key store saved) now, not under the key store's lock by the first lookup
        // while every other request waits for it.
        pseudonymiser.currentVersion();
        return pseudonymiser;
    }

    @Bean
    PackageSigning packageSigning(GatewayKeyStore keys, MemberCas cas, AuditProperties audit) {
        return new PackageSigning(keys, cas, audit.member());
    }

    @Bean
    PackageDelivery packageDelivery(ConnectionFactory connectionFactory, PullProperties pulls, PopgateProperties popgate) {
        Path drop = pulls.dropDir() != null ? pulls.dropDir() : popgate.dataDir().resolve("drop");
        return new PackageDelivery(connectionFactory, drop, pulls.kafka().enabled() ? new KafkaPackages(pulls.kafka()) : null);
    }

    @Bean
    PullIdLists pullIdLists(PullRepository pulls, ColumnCipher cipher) {
        return new PullIdLists(pulls, cipher);
    }

    @Bean
    PullSteps pullSteps(PersonRepository persons, PullRepository pulls, Catalogue catalogue, Pseudonymiser pseudonymiser,
            SubjectHasher subjectHasher, AuditLog auditLog, PackageSigning signing, PackageDelivery delivery,
            GatewayKeyStore keys, PullIdLists idLists, PullProperties properties) {
        return new PullSteps(persons, pulls, catalogue, pseudonymiser, subjectHasher, auditLog, signing, delivery,
                new Canaries(keys.secretKey(CANARY_KEY)), idLists, properties, Clock.systemUTC(), properties.zone());
    }

    @Bean
    PullRoutes pullRoutes(PullSteps steps) {
        return new PullRoutes(steps);
    }

    @Bean
    PullReceipts pullReceipts(PullService service, PullRepository pulls) {
        return new PullReceipts(service, pulls, Clock.systemUTC());
    }

    @Bean
    PullReceiptRoutes pullReceiptRoutes(PullReceipts receipts) {
        return new PullReceiptRoutes(receipts);
    }

    @Bean
    KafkaReceipts kafkaReceipts(PullProperties properties, PullReceipts receipts) {
        KafkaReceipts kafka = new KafkaReceipts(properties.kafka(), receipts);
        kafka.start();
        return kafka;
    }

    @Bean
    LookupCounter lookupCounter(PullRepository pulls, PlatformTransactionManager transactions) {
        return new LookupCounter(pulls, new TransactionTemplate(transactions));
    }

    @Bean
    PullService pullService(PullRepository pulls, LookupCounter lookups, PullIdLists idLists, Catalogue catalogue, PersonRepository persons,
            MemberRegistry members, MemberCas cas, AuditLog auditLog, SubjectHasher subjectHasher,
            Pseudonymiser pseudonymiser, PackageDelivery delivery, PackageSigning signing, ProducerTemplate producer,
            PullProperties properties, PopgateProperties popgate) {
        Path packages = properties.packageDir() != null ? properties.packageDir() : popgate.dataDir().resolve("pulls");
        return new PullService(pulls, lookups, idLists, catalogue, persons, members, cas, auditLog, subjectHasher, pseudonymiser,
                delivery, signing, producer, properties, packages, Clock.systemUTC());
    }

    @Bean
    ReceiptWatch receiptWatch(PullService service, AuditProperties audit) {
        return new ReceiptWatch(service, Actor.gateway(audit.member()));
    }

    /** Looks for delivered packages whose receipt is overdue. */
    static final class ReceiptWatch {
        private final PullService service;
        private final Actor gateway;

        ReceiptWatch(PullService service, Actor gateway) {
            this.service = service;
            this.gateway = gateway;
        }

        @Scheduled(fixedDelayString = "${popgate.pulls.receipt-check:1m}")
        void check() {
            try {
                service.reportOverdueReceipts(gateway);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ReceiptWatch.class).error("Overdue-receipt check failed: {} {}",
                        e.getClass().getName(), PullSteps.reason(e));
            }
        }
    }
}
