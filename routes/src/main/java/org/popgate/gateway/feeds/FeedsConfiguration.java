package org.popgate.gateway.feeds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.popgate.adapters.feedstore.FeedDeliveries;
import org.popgate.adapters.feedstore.PopulationQuality;
import org.popgate.adapters.population.PersonRecordCodec;
import org.popgate.audit.log.AuditLog;
import org.popgate.crypto.column.ColumnCipher;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.gateway.audit.AuditProperties;
import org.popgate.gateway.config.PopgateProperties;
import org.popgate.gateway.members.MemberCas;
import org.popgate.gateway.security.MemberStatusCheck;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

/** Department feeds: the delivery store, quality, the gateway's feed key, the pipeline steps and routes. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FeedsProperties.class)
class FeedsConfiguration {

    @Bean
    @DependsOn("flywayInitializer")
    PopulationQuality populationQuality(DataSource dataSource, PersonRecordCodec codec) {
        return new PopulationQuality(dataSource, codec, Clock.systemUTC());
    }

    @Bean
    FeedDeliveries feedDeliveries(DataSource dataSource, PersonRecordCodec codec, ColumnCipher cipher,
            PopulationQuality quality) {
        return new FeedDeliveries(dataSource, codec, cipher, quality::areas, Clock.systemUTC());
    }

    @Bean
    FeedKeys feedKeys(GatewayKeyStore keys, MemberCas cas, AuditProperties audit) {
        return new FeedKeys(keys, cas, audit.member());
    }

    @Bean
    FeedSteps feedSteps(FeedDeliveries deliveries, PopulationQuality quality, FeedKeys keys, MemberCas cas,
            MemberStatusCheck status, AuditLog auditLog, ColumnCipher cipher, FeedsProperties properties,
            AuditProperties audit, PopgateProperties popgate) {
        return new FeedSteps(deliveries, quality, keys, cas, status, auditLog, cipher, properties, audit.member(),
                directory(popgate.dataDir().resolve("feeds/spool")), Clock.systemUTC());
    }

    @Bean
    FeedRoutes feedRoutes(FeedSteps steps, FeedsProperties properties, PopgateProperties popgate) {
        Path inbox = properties.inbox() != null ? properties.inbox() : popgate.dataDir().resolve("feeds/inbox");
        boolean simulate = properties.simulators().enabled() && popgate.demo().enabled();
        // Plain files only from a folder configured explicitly, or the demo simulators' own folder when they run.
        Path trusted = properties.trustedDir() != null ? properties.trustedDir()
                : simulate ? popgate.dataDir().resolve("feeds/simulated") : null;
        FeedSimulators simulators = simulate ? new FeedSimulators(popgate.demo(), properties.simulators(), trusted) : null;
        return new FeedRoutes(steps, properties, inbox, trusted, simulators);
    }

    static Path directory(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
