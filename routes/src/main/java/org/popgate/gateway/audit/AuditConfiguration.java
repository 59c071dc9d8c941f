package org.popgate.gateway.audit;

import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.popgate.audit.checkpoint.CheckpointPolicy;
import org.popgate.audit.checkpoint.CheckpointSigner;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.SubjectHasher;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.log.Checkpointer;
import org.popgate.audit.log.IntegrityAlarm;
import org.popgate.audit.store.JdbcAuditStore;
import org.popgate.audit.store.RowSealer;
import org.popgate.audit.verify.AuditVerifier;
import org.popgate.audit.verify.VerificationReport;
import org.popgate.audit.witness.DirectoryWitness;
import org.popgate.audit.witness.Witness;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

/**
 * The audit log inside the gateway: JDBC store on the gateway's database (after Flyway), keys from the key
 * store, the security officers' directory witness, and the start-up check that rebuilds the tree from
 * storage and compares it with the last signed checkpoint and the witnesses before anything is appended.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

    @Bean
    IntegrityAlarm integrityAlarm() {
        return new IntegrityAlarm();
    }

    @Bean
    RowSealer rowSealer(GatewayKeyStore keyStore) {
        return new RowSealer(keyStore.secretKey(AuditKeys.ROW_SEAL_ALIAS));
    }

    /** The gateway-wide, stable subject-hash key: "who accessed person X" is a query on these hashes. */
    @Bean
    SubjectHasher subjectHasher(GatewayKeyStore keyStore) {
        return new SubjectHasher(keyStore.secretKey(AuditKeys.SUBJECT_HASH_ALIAS));
    }

    @Bean
    AuditKeys.Signing auditSigning(GatewayKeyStore keyStore, AuditProperties properties) {
        return AuditKeys.signing(keyStore, properties.suite(), properties.member());
    }

    @Bean
    CheckpointVerifier checkpointVerifier(AuditKeys.Signing signing, AuditProperties properties) {
        return CheckpointVerifier.of(properties.suite(), properties.member(), signing.certificate());
    }

    @Bean
    DirectoryWitness officersWitness(AuditProperties properties, CheckpointVerifier verifier) {
        return new DirectoryWitness(properties.witnessDir(), verifier);
    }

    @Bean(destroyMethod = "close")
    @DependsOn("flywayInitializer")
    JdbcAuditStore auditStore(DataSource dataSource, RowSealer sealer) {
        return new JdbcAuditStore(dataSource, sealer);
    }

    @Bean
    AuditVerifier auditVerifier(JdbcAuditStore store, CheckpointVerifier verifier, RowSealer sealer,
            List<Witness> witnesses) {
        return new AuditVerifier(store, verifier, sealer, witnesses);
    }

    /**
     * The log, opened only after the start-up check: a mismatch with the last checkpoint or a witness
     * raises the integrity alarm, and the log then refuses exchange events until an officer acknowledges it.
     */
    @Bean(destroyMethod = "close")
    AuditLog auditLog(JdbcAuditStore store, AuditVerifier verifier, IntegrityAlarm alarm, AuditProperties properties) {
        AuditVerifier.StartupResult startup = verifier.startupCheck(alarm);
        AuditLog auditLog = new AuditLog(store, startup.tree(), alarm, AuditLog.Settings.defaults(properties.member()));
        VerificationReport report = startup.report();
        if (report.ok()) {
            log.info("Audit log verified at start-up: {} events", report.head().size());
        } else {
            log.error("Audit log failed its start-up check: {}; exchanges are refused until a security officer "
                    + "acknowledges the integrity alarm", report.firstProblem().map(f -> f.code().code()).orElse("?"));
        }
        auditLog.append(report.toEvent(Actor.gateway(properties.member())));
        return auditLog;
    }

    @Bean
    Checkpointer checkpointer(AuditLog auditLog, AuditKeys.Signing signing, AuditProperties properties,
            List<Witness> witnesses) {
        CheckpointSigner signer = new CheckpointSigner(properties.suite(), properties.member(), signing.privateKey(),
                signing.certificate().getPublicKey());
        CheckpointPolicy policy = new CheckpointPolicy(properties.checkpointInterval(),
                properties.checkpointMaxEntries(), properties.checkpointHeartbeat());
        return new Checkpointer(auditLog, signer, policy, witnesses, null, Clock.systemUTC());
    }
}
