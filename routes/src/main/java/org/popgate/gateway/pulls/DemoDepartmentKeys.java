package org.popgate.gateway.pulls;

import java.nio.file.Path;
import java.time.Instant;
import org.popgate.audit.event.Actor;
import org.popgate.crypto.ca.CertificateUse;
import org.popgate.gateway.audit.AuditProperties;
import org.popgate.gateway.config.PopgateProperties;
import org.popgate.gateway.members.MemberRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Demo only (with the demo accounts): gives the demo department 431128.health signing and encryption keys, enrolled
 * like a real department's, in {@code <keys dir>/departments/431128.health.p12} (password beside it), so the README's
 * health pull can be opened with the department tool. A real department keeps its keys on its own machine.
 */
@Component
@Order(1)
class DemoDepartmentKeys implements ApplicationRunner {

    static final String DEMO_DEPARTMENT = "431128.health";

    private static final Logger log = LoggerFactory.getLogger(DemoDepartmentKeys.class);

    private final DepartmentKeyStores keyStores;
    private final MemberRegistry members;
    private final PopgateProperties properties;
    private final Actor bootstrap;

    DemoDepartmentKeys(DepartmentKeyStores keyStores, MemberRegistry members, PopgateProperties properties,
            AuditProperties audit) {
        this.keyStores = keyStores;
        this.members = members;
        this.properties = properties;
        this.bootstrap = new Actor("bootstrap", "system", audit.member(), null, null);
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.demo().accounts() || members.find(DEMO_DEPARTMENT).isEmpty()
                || members.currentCertificate(DEMO_DEPARTMENT, CertificateUse.ENCRYPTION, Instant.now()).isPresent()) {
            return;
        }
        Path dir = properties.keys().dir().resolve("departments");
        DepartmentKeyStores.Written written = keyStores.issue(DEMO_DEPARTMENT, dir, bootstrap);
        log.info("Demo department keys for {} written to {} (password in {})", DEMO_DEPARTMENT, written.keyStore(),
                written.passwordFile());
    }
}
