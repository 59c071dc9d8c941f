package org.popgate.gateway.backup;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.popgate.audit.event.Actor;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.Outcome;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.log.Checkpointer;
import org.popgate.audit.store.StoredCheckpoint;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.gateway.audit.AuditProperties;
import org.popgate.gateway.backup.BackupException.Failure;
import org.popgate.gateway.config.PopgateProperties;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.stereotype.Service;

/**
 * Takes backups inside the running gateway (the H2 file is the gateway's own, and every backup is an
 * audit event): a fresh audit checkpoint, then the database's own consistent dump and the effective
 * configuration, into one CMS package encrypted to the backup recipient and signed by the gateway, written
 * locally, copied off site, old ones pruned. Key stores go separately to the escrow ({@link #escrowKeys}).
 */
@Service
public class BackupService {

    static final String PREFIX = "popgate-backup-";
    static final String ESCROW_PREFIX = "popgate-keys-";
    static final String SUFFIX = ".p7m";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final BackupProperties properties;
    private final PopgateProperties popgate;
    private final AuditProperties audit;
    private final GatewayKeyStore keyStore;
    private final DataSource dataSource;
    private final ConfigurableEnvironment environment;
    private final AuditLog auditLog;
    private final Checkpointer checkpointer;
    private final Clock clock = Clock.systemUTC();

    BackupService(BackupProperties properties, PopgateProperties popgate, AuditProperties audit, GatewayKeyStore keyStore,
            DataSource dataSource, ConfigurableEnvironment environment, AuditLog auditLog, Checkpointer checkpointer) {
        this.properties = properties;
        this.popgate = popgate;
        this.audit = audit;
        this.keyStore = keyStore;
        this.dataSource = dataSource;
        this.environment = environment;
        this.auditLog = auditLog;
        this.checkpointer = checkpointer;
    }

    /** A backup file on disk. */
    public record BackupFile(String id, Path file, long size, String sha256, boolean offsite) {}

    /** Takes a data backup now, as {@code actor}; audited whether it succeeds or not. */
    public synchronized BackupFile takeBackup(Actor actor) {
        X509Certificate recipient = certificate(properties.recipientCertificate(), "popgate.backup.recipient-certificate");
        String id = PREFIX + STAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(random(3));
        try {
            checkpointer.checkpoint();
            String note = auditLog.store().latestCheckpoint().map(StoredCheckpoint::note).orElse("");
            DatabaseSnapshot snapshot = DatabaseSnapshot.of(environment.getProperty("spring.datasource.url", ""),
                    pgUser(), pgPassword(), properties.pgBinDir());
            BackupArchive.Key signing = BackupKeys.signing(keyStore, audit.member());
            BackupManifest draft = new BackupManifest(BackupManifest.FORMAT, id,
                    clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(), audit.member(), snapshot.kind(), note,
                    List.of());
            Path scratch = popgate.dataDir().resolve("backup-tmp");
            BackupFile written = write(properties.dir(), id, signing, List.of(recipient), writer -> {
                writer.add(snapshot.entryName(), out -> snapshot.dump(dataSource, out, scratch));
                writer.add("config/popgate.properties", out -> out.write(configuration()));
                writer.finish(draft);
            });
            boolean offsite = copyOffsite(written.file());
            prune(properties.dir(), PREFIX);
            if (properties.offsiteDir() != null) {
                prune(properties.offsiteDir(), PREFIX);
            }
            BackupFile result = new BackupFile(id, written.file(), written.size(), written.sha256(), offsite);
            auditLog.append(event(EventType.BACKUP_TAKEN, actor, "backup").attribute("backup_id", id)
                    .attribute("backup_sha256", result.sha256()).attribute("backup_size", Long.toString(result.size()))
                    .attribute("database", snapshot.kind()).attribute("offsite", Boolean.toString(offsite))
                    .outcome(Outcome.SUCCEEDED).build());
            return result;
        } catch (BackupException e) {
            auditFailure(actor, "backup", id, e);
            throw e;
        } catch (IOException e) {
            BackupException failure = new BackupException(Failure.SNAPSHOT_FAILED, "cannot write the backup", e);
            auditFailure(actor, "backup", id, failure);
            throw failure;
        }
    }

    /** Seals the keys directory to the offline escrow key, as a separate package in the escrow folder. */
    public synchronized BackupFile escrowKeys(Actor actor) {
        X509Certificate escrow = certificate(properties.escrowCertificate(), "popgate.backup.escrow-certificate");
        if (properties.recipientCertificate() != null
                && escrow.equals(certificate(properties.recipientCertificate(), "popgate.backup.recipient-certificate"))) {
            throw new BackupException(Failure.NOT_CONFIGURED,
                    "the escrow certificate must differ from the backup recipient's: keys never open with the data's key");
        }
        String id = ESCROW_PREFIX + STAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(random(3));
        try {
            BackupArchive.Key signing = BackupKeys.signing(keyStore, audit.member());
            Path keysDir = popgate.keys().dir();
            BackupFile written = write(properties.escrowDir(), id, signing, List.of(escrow), writer -> {
                try (Stream<Path> files = Files.list(keysDir)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        writer.addFile("keys/" + file.getFileName(), file);
                    }
                }
                writer.finish(new BackupManifest(BackupManifest.FORMAT, id,
                        clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(), audit.member(), "keys", "", List.of()));
            });
            auditLog.append(event(EventType.BACKUP_TAKEN, actor, "key_escrow").attribute("backup_id", id)
                    .attribute("backup_sha256", written.sha256()).outcome(Outcome.SUCCEEDED).build());
            return written;
        } catch (BackupException e) {
            auditFailure(actor, "key_escrow", id, e);
            throw e;
        } catch (IOException e) {
            BackupException failure = new BackupException(Failure.SNAPSHOT_FAILED, "cannot write the key escrow", e);
            auditFailure(actor, "key_escrow", id, failure);
            throw failure;
        }
    }

    /** The data backups in the local folder, newest first. */
    public List<BackupFile> list() {
        List<BackupFile> result = new ArrayList<>();
        for (Path file : backups(properties.dir(), PREFIX)) {
            String name = file.getFileName().toString();
            String id = name.substring(0, name.length() - SUFFIX.length());
            boolean offsite = properties.offsiteDir() != null && Files.exists(properties.offsiteDir().resolve(name));
            try {
                result.add(new BackupFile(id, file, Files.size(file), null, offsite));
            } catch (IOException gone) {
                // pruned meanwhile
            }
        }
        return result;
    }

    /** The backup files with {@code prefix} in {@code dir}, newest first (names sort by time). */
    static List<Path> backups(Path dir, String prefix) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                    && p.getFileName().toString().endsWith(SUFFIX)).sorted((a, b) -> b.getFileName().compareTo(a.getFileName()))
                    .toList();
        } catch (IOException e) {
            throw new BackupException(Failure.UNREADABLE, "cannot list " + dir, e);
        }
    }

    @FunctionalInterface
    private interface Contents {
        void write(BackupArchive.Writer writer) throws IOException;
    }

    /** Writes a package to {@code <dir>/<id>.p7m.part}, fsyncs it and renames it into place. */
    private static BackupFile write(Path dir, String id, BackupArchive.Key signing, List<X509Certificate> recipients,
            Contents contents) throws IOException {
        Files.createDirectories(dir);
        Path part = dir.resolve(id + SUFFIX + ".part");
        Path target = dir.resolve(id + SUFFIX);
        MessageDigest md = BackupArchive.sha256();
        long size;
        try {
            try (OutputStream file = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW);
                    OutputStream out = new DigestOutputStream(new BufferedOutputStream(file, BackupArchive.BUFFER), md)) {
                contents.write(BackupArchive.open(out, signing.privateKey(), signing.certificate(), recipients));
            }
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                channel.force(true);
                size = channel.size();
            }
            move(part, target);
        } finally {
            Files.deleteIfExists(part);
        }
        return new BackupFile(id, target, size, BackupArchive.hex(md.digest()), false);
    }

    private boolean copyOffsite(Path file) throws IOException {
        if (properties.offsiteDir() == null) {
            return false;
        }
        Files.createDirectories(properties.offsiteDir());
        Path part = properties.offsiteDir().resolve(file.getFileName() + ".part");
        Files.copy(file, part, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        move(part, properties.offsiteDir().resolve(file.getFileName()));
        return true;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    /** Keeps the newest {@code keep} backups in {@code dir}. */
    private void prune(Path dir, String prefix) throws IOException {
        List<Path> all = backups(dir, prefix);
        for (Path old : all.subList(Math.min(Math.max(properties.keep(), 1), all.size()), all.size())) {
            Files.deleteIfExists(old);
        }
    }

    /** The effective non-secret settings ({@code popgate.*}, the database URL): what a rebuilt server needs. */
    private byte[] configuration() throws IOException {
        TreeMap<String, String> settings = new TreeMap<>();
        for (org.springframework.core.env.PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    String lower = name.toLowerCase(Locale.ROOT);
                    if ((lower.startsWith("popgate.") || lower.equals("spring.datasource.url")
                            || lower.startsWith("spring.profiles.")) && !lower.contains("password")
                            && !lower.contains("secret")) {
                        settings.putIfAbsent(name, environment.getProperty(name, ""));
                    }
                }
            }
        }
        Properties properties = new Properties();
        properties.putAll(settings);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        properties.store(out, "popgate effective configuration (secrets excluded)");
        return out.toByteArray();
    }

    private String pgUser() {
        return first(properties.pgUser(), environment.getProperty("spring.flyway.user"),
                environment.getProperty("spring.datasource.username"));
    }

    private String pgPassword() {
        return first(properties.pgPassword(), environment.getProperty("spring.flyway.password"),
                environment.getProperty("spring.datasource.password"));
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    private static X509Certificate certificate(Path file, String property) {
        if (file == null) {
            throw new BackupException(Failure.NOT_CONFIGURED, property + " is not set");
        }
        return BackupKeys.certificate(file);
    }

    private void auditFailure(Actor actor, String operation, String id, BackupException e) {
        try {
            auditLog.append(event(EventType.BACKUP_TAKEN, actor, operation).attribute("backup_id", id)
                    .outcome(Outcome.FAILED).reason(e.failure().code()).build());
        } catch (RuntimeException auditDown) {
            e.addSuppressed(auditDown);
        }
    }

    static AuditEvent.Builder event(EventType type, Actor actor, String operation) {
        return AuditEvent.builder(type).actor(actor).operation(operation);
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
