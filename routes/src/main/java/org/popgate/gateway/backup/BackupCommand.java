package org.popgate.gateway.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.audit.checkpoint.SignedCheckpoint;
import org.popgate.audit.witness.DirectoryWitness;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.gateway.audit.AuditKeys;
import org.popgate.gateway.backup.BackupException.Failure;
import tools.jackson.databind.json.JsonMapper;

/**
 * The offline commands of the gateway jar ({@code java -jar popgate-exec.jar <command> --option=value ...}),
 * run with the gateway stopped (restore) or beside it (drill):
 *
 * <ul>
 *   <li>{@code backup-keygen --dir=D --name=backup-recipient}: an offline key pair for the backup recipient
 *       or the key escrow (password from {@code POPGATE_BACKUP_KEY_PASSWORD});
 *   <li>{@code restore --backup=F --recipient-key=K.p12 --keys-dir=D --data-dir=D [--witness-dir=W]
 *       [--db-url=U --db-user=U --db-password=P] --operator=NAME}: verify, restore into an empty target,
 *       verify the audit log, leave the restore-epoch marker;
 *   <li>{@code drill --backup-dir=D --recipient-key=K.p12 --keys-dir=D [--report=F] [--db-url=... of a scratch
 *       database]}: restore the latest backup into a scratch place, verify, report, clean up;
 *   <li>{@code restore-keys --escrow=F --escrow-key=K.p12 --keys-dir=EMPTY [--expect-signer=backup-signing.cert.pem]}: open a
 *       key escrow into an empty keys directory.
 * </ul>
 *
 * Exit status: 0 done, 1 the backup was refused or did not verify (nothing was changed, or the scratch/target
 * was wiped again), 2 wrong usage.
 */
public final class BackupCommand {

    static final List<String> COMMANDS = List.of("backup-keygen", "restore", "drill", "restore-keys");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BackupCommand() {}

    /** Whether {@code first} names one of these commands. */
    public static boolean handles(String first) {
        return COMMANDS.contains(first);
    }

    /** Runs a command; returns its exit status. */
    public static int run(String[] args, PrintStream out) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                out.println(Failure.USAGE.code() + ": options are --name=value, got " + a);
                return 2;
            }
            options.put(a.substring(2, eq), a.substring(eq + 1));
        }
        try {
            return switch (args[0]) {
                case "backup-keygen" -> keygen(options, out);
                case "restore" -> restore(options, out);
                case "drill" -> drill(options, out);
                case "restore-keys" -> restoreKeys(options, out);
                default -> 2;
            };
        } catch (BackupException e) {
            out.println("REFUSED " + e.getMessage());
            return e.failure() == Failure.USAGE ? 2 : 1;
        }
    }

    private static int keygen(Map<String, String> o, PrintStream out) {
        Path cert = BackupKeys.generateOffline(Path.of(required(o, "dir")), o.getOrDefault("name", "backup-recipient"),
                secret("POPGATE_BACKUP_KEY_PASSWORD", o.get("password-file")));
        out.println("certificate " + cert + " (configure it on the gateway); private key "
                + cert.resolveSibling(cert.getFileName().toString().replace(".cert.pem", ".p12")) + " (keep it offline)");
        return 0;
    }

    private static int restore(Map<String, String> o, PrintStream out) throws BackupException {
        Path dataDir = Path.of(required(o, "data-dir"));
        Path backup = Path.of(required(o, "backup"));
        Context c = context(o, dataDir);
        Restorer.Result result = c.restorer().restore(backup, c.recipient(), c.target());
        Map<String, String> marker = new LinkedHashMap<>();
        marker.put("backup_id", result.manifest().id());
        marker.put("backup_sha256", result.fileSha256());
        marker.put("operator", o.getOrDefault("operator", System.getProperty("user.name", "unknown")));
        if (result.checkpoint() != null) {
            marker.put("restored_size", Long.toString(result.checkpoint().size()));
            marker.put("restored_root", BackupArchive.hex(result.checkpoint().root()));
        }
        if (o.containsKey("witness-dir")) {
            DirectoryWitness witness = new DirectoryWitness(Path.of(o.get("witness-dir")), c.checkpoints());
            Optional<String> latest = witness.latest();
            if (latest.isPresent()) {
                SignedCheckpoint seen = c.checkpoints().verify(latest.get());
                marker.put("witness", witness.name());
                marker.put("witnessed_size", Long.toString(seen.size()));
                marker.put("witnessed_root", BackupArchive.hex(seen.root()));
            }
        }
        try {
            RestoreEpochs.writeMarker(dataDir, marker);
        } catch (IOException e) {
            throw new BackupException(Failure.RESTORE_FAILED, "cannot write the restore-epoch marker", e);
        }
        out.println("RESTORED " + result.manifest().id() + ": " + result.tables().size() + " tables, audit log of "
                + result.auditEvents() + " events verified against checkpoint "
                + (result.checkpoint() == null ? "(none)" : result.checkpoint().size())
                + ". Start the gateway; exchanges resume after a security officer acknowledges the restore epoch.");
        return 0;
    }

    /** Restores the newest backup into a scratch place, verifies it, writes a report, and removes the scratch copy. */
    private static int drill(Map<String, String> o, PrintStream out) {
        Instant started = Instant.now();
        Path backupDir = Path.of(required(o, "backup-dir"));
        Path report = Path.of(o.getOrDefault("report", "drill-report-" + started.toEpochMilli() + ".json"));
        List<Path> all = BackupService.backups(backupDir, BackupService.PREFIX);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("drill", "popgate-restore-drill/1");
        r.put("startedAt", started.toString());
        r.put("backupDir", backupDir.toString());
        Path scratch = null;
        int status;
        try {
            if (all.isEmpty()) {
                throw new BackupException(Failure.UNREADABLE, "no backup in " + backupDir);
            }
            Path latest = all.get(0);
            r.put("backup", latest.getFileName().toString());
            scratch = Files.createTempDirectory(o.containsKey("scratch") ? Path.of(o.get("scratch")) : tmp(), "popgate-drill-");
            Context c = context(o, scratch.resolve("data"));
            try {
                Restorer.Result result = c.restorer().restore(latest, c.recipient(), c.target());
                r.put("backupSha256", result.fileSha256());
                r.put("createdAt", result.manifest().createdAt());
                r.put("database", result.manifest().database());
                r.put("entries", result.manifest().entries());
                r.put("auditEvents", result.auditEvents());
                r.put("checkpointSize", result.checkpoint() == null ? null : result.checkpoint().size());
                r.put("tables", result.tables());
                r.put("outcome", "passed");
            } finally {
                c.target().wipe();
            }
            status = 0;
        } catch (BackupException e) {
            r.put("outcome", "failed");
            r.put("code", e.failure().code());
            r.put("reason", e.getMessage());
            status = 1;
        } catch (IOException e) {
            r.put("outcome", "failed");
            r.put("code", Failure.RESTORE_FAILED.code());
            status = 1;
        } finally {
            if (scratch != null) {
                deleteTree(scratch);
            }
        }
        r.put("seconds", Duration.between(started, Instant.now()).toMillis() / 1000.0);
        try {
            Files.writeString(report, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r), StandardCharsets.UTF_8);
        } catch (IOException e) {
            out.println("cannot write the report " + report);
            return 1;
        }
        out.println((status == 0 ? "DRILL PASSED " : "DRILL FAILED ") + r.get("backup") + " — report " + report);
        return status;
    }

    private static int restoreKeys(Map<String, String> o, PrintStream out) {
        Path keysDir = Path.of(required(o, "keys-dir"));
        Path escrow = Path.of(required(o, "escrow"));
        BackupArchive.Key key = BackupKeys.offline(Path.of(required(o, "escrow-key")),
                secret("POPGATE_BACKUP_KEY_PASSWORD", o.get("password-file")));
        try {
            if (Files.isDirectory(keysDir)) {
                try (Stream<Path> files = Files.list(keysDir)) {
                    if (files.findAny().isPresent()) {
                        throw new BackupException(Failure.TARGET_NOT_EMPTY, "the keys directory is not empty");
                    }
                }
            }
            java.security.cert.X509Certificate signer = o.containsKey("expect-signer")
                    ? BackupKeys.certificate(Path.of(o.get("expect-signer"))) : null;
            BackupManifest checked = BackupArchive.verify(escrow, key, signer);
            Files.createDirectories(keysDir);
            BackupArchive.read(escrow, key, signer, (name, data) -> {
                String file = Path.of(name).getFileName().toString();
                if (!name.startsWith("keys/") || file.startsWith(".")) {
                    throw new BackupException(Failure.DIGEST_MISMATCH, "unexpected entry in the key escrow");
                }
                Files.copy(data, keysDir.resolve(file));
            });
            out.println("RESTORED keys of " + checked.gateway() + " from " + checked.id()
                    + (signer == null ? " (signer not pinned)" : ""));
            return 0;
        } catch (IOException e) {
            throw new BackupException(Failure.RESTORE_FAILED, "cannot write the keys directory", e);
        }
    }

    /** What restore and drill share: the gateway's key store, the recipient key, the target database. */
    private record Context(Restorer restorer, BackupArchive.Key recipient, DatabaseSnapshot target,
            CheckpointVerifier checkpoints) {}

    private static Context context(Map<String, String> o, Path dataDir) {
        Path keysDir = Path.of(required(o, "keys-dir"));
        char[] keysPassword = keysPassword(keysDir);
        GatewayKeyStore keyStore = GatewayKeyStore.openOrCreate(keysDir.resolve("gateway.bcfks"), keysPassword);
        AuditSuite suite = AuditSuite.valueOf(o.getOrDefault("audit-suite", "INTL"));
        String member = o.getOrDefault("member", "431128.popgate");
        BackupArchive.Key recipient = BackupKeys.offline(Path.of(required(o, "recipient-key")),
                secret("POPGATE_BACKUP_KEY_PASSWORD", o.get("password-file")));
        String url = o.getOrDefault("db-url", "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("db/popgate")
                + ";WRITE_DELAY=0");
        DatabaseSnapshot target = DatabaseSnapshot.of(url, o.getOrDefault("db-user", "popgate"),
                o.getOrDefault("db-password", System.getenv().getOrDefault("POPGATE_DB_OWNER_PASSWORD", "")),
                Path.of(o.getOrDefault("pg-bin-dir", "/usr/lib/postgresql/15/bin")));
        CheckpointVerifier checkpoints = CheckpointVerifier.of(suite, member,
                keyStore.certificate(AuditKeys.signingAlias(suite)));
        return new Context(new Restorer(keyStore, suite, member), recipient, target, checkpoints);
    }

    private static char[] keysPassword(Path keysDir) {
        String env = System.getenv("POPGATE_KEYS_PASSWORD");
        if (env != null && !env.isEmpty()) {
            return env.toCharArray();
        }
        try {
            return Files.readString(keysDir.resolve("keystore.password"), StandardCharsets.UTF_8).strip().toCharArray();
        } catch (IOException e) {
            throw new BackupException(Failure.USAGE, "no key-store password: set POPGATE_KEYS_PASSWORD");
        }
    }

    private static char[] secret(String env, String file) {
        try {
            if (file != null) {
                return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip().toCharArray();
            }
        } catch (IOException e) {
            throw new BackupException(Failure.USAGE, "cannot read the password file");
        }
        String value = System.getenv(env);
        if (value == null || value.isEmpty()) {
            throw new BackupException(Failure.USAGE, "set " + env + " or --password-file");
        }
        return value.toCharArray();
    }

    private static String required(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null || v.isEmpty()) {
            throw new BackupException(Failure.USAGE, "--" + name + " is required");
        }
        return v;
    }

    private static Path tmp() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: the report says where the scratch copy was
        }
    }
}
