package org.popgate.gateway.members;

import java.time.Clock;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.gateway.audit.AuditProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

/** The member CAs, opened from the key store with the revocations recorded in the database. */
@Configuration(proxyBeanMethods = false)
class MembersConfiguration {

    @Bean
    @DependsOn("flywayInitializer")
    MemberCas memberCas(GatewayKeyStore keys, AuditProperties audit, MemberRegistry registry) {
        return new MemberCas(keys, audit.member(), Clock.systemUTC(), registry.revoked());
    }
}
