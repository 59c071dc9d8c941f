package org.popgate.gateway.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.crypto.SecretKey;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.audit.checkpoint.SignedCheckpoint;
import org.popgate.audit.log.IntegrityAlarm;
import org.popgate.audit.store.JdbcAuditStore;
import org.popgate.audit.store.RowSealer;
import org.popgate.audit.verify.AuditVerifier;
import org.popgate.audit.verify.VerificationReport;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.gateway.audit.AuditKeys;
import org.popgate.gateway.backup.BackupException.Failure;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Restores a data backup into an empty target, in this order: (1) read the whole backup and check the
 * GCM tag, the gateway's signature and every entry's digest, writing nothing; (2) check the target is
 * empty; (3) read it again into the target with the database's own tool (checking everything again,
 * and wiping the target if that second read fails); (4) verify the restored audit log (row seals,
 * sequence, checkpoints) and that its root at the backed-up checkpoint's size equals that checkpoint's.
 */
final class Restorer {

    /** What a restore produced. */
    record Result(BackupManifest manifest, String fileSha256, SignedCheckpoint checkpoint, long auditEvents,
            Map<String, TableDigests.Table> tables) {}

    private final GatewayKeyStore keyStore;
    private final AuditSuite suite;
    private final String member;

    Restorer(GatewayKeyStore keyStore, AuditSuite suite, String member) {
        this.keyStore = keyStore;
        this.suite = suite;
        this.member = member;
    }

    Result restore(Path backup, BackupArchive.Key recipient, DatabaseSnapshot target) {
        X509Certificate signer = BackupKeys.signingCertificate(keyStore);
        if (signer == null) {
            throw new BackupException(Failure.BAD_SIGNATURE, "the key store holds no backup signing key to check the backup against");
        }
        BackupManifest checked = BackupArchive.verify(backup, recipient, signer);
        if (!checked.database().equals(target.kind())) {
            throw new BackupException(Failure.RESTORE_FAILED,
                    "the backup holds a " + checked.database() + " database, the target is " + target.kind());
        }
        if (!target.isEmpty()) {
            throw new BackupException(Failure.TARGET_NOT_EMPTY,
                    "the target already holds a database: restore only into an empty data directory or schema");
        }
        try {
            BackupArchive.read(backup, recipient, signer, (name, data) -> {
                if (name.equals(target.entryName())) {
                    target.restore(data);
                }
            });
            Result result = verifyAudit(checked, target);
            return new Result(checked, sha256(backup), result.checkpoint(), result.auditEvents(), result.tables());
        } catch (RuntimeException e) {
            target.wipe();
            throw e;
        }
    }

    private Result verifyAudit(BackupManifest manifest, DatabaseSnapshot target) {
        SecretKey rowSeal = keyStore.secretKey(AuditKeys.ROW_SEAL_ALIAS);
        X509Certificate auditCertificate = keyStore.certificate(AuditKeys.signingAlias(suite));
        CheckpointVerifier checkpoints = CheckpointVerifier.of(suite, member, auditCertificate);
        RowSealer sealer = new RowSealer(rowSeal);
        try (Connection connection = target.connect()) {
            SingleConnectionDataSource dataSource = new SingleConnectionDataSource(connection, true);
            VerificationReport report;
            try (JdbcAuditStore store = new JdbcAuditStore(dataSource, sealer, false)) {
                AuditVerifier.StartupResult startup = new AuditVerifier(store, checkpoints, sealer, java.util.List.of())
                        .startupCheck(new IntegrityAlarm());
                report = startup.report();
                if (!report.ok()) {
                    throw new BackupException(Failure.AUDIT_MISMATCH, "the restored audit log does not verify: "
                            + report.firstProblem().map(f -> f.code().code()).orElse("?"));
                }
                SignedCheckpoint checkpoint = null;
                if (!manifest.checkpointNote().isEmpty()) {
                    checkpoint = checkpoints.verify(manifest.checkpointNote());
                    if (checkpoint.size() > startup.tree().size()
                            || !MessageDigest.isEqual(startup.tree().root(checkpoint.size()), checkpoint.root())) {
                        throw new BackupException(Failure.AUDIT_MISMATCH,
                                "the restored audit log's root differs from the backed-up checkpoint");
                    }
                }
                Map<String, TableDigests.Table> tables = TableDigests.of(connection, target.schema());
                return new Result(manifest, null, checkpoint, startup.tree().size(), tables);
            }
        } catch (SQLException e) {
            throw new BackupException(Failure.AUDIT_MISMATCH, "cannot read the restored database", e);
        } catch (org.popgate.audit.AuditException e) {
            throw new BackupException(Failure.AUDIT_MISMATCH, "the restored audit log does not verify: " + e.code().code(), e);
        }
    }

    static String sha256(Path file) {
        MessageDigest md = BackupArchive.sha256();
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            byte[] buffer = new byte[BackupArchive.BUFFER];
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new BackupException(Failure.UNREADABLE, "cannot read the backup " + file.getFileName(), e);
        }
        return BackupArchive.hex(md.digest());
    }
}
