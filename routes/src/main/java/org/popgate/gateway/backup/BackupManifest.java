package org.popgate.gateway.backup;

import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a backup holds, written as the archive's last entry ({@code manifest.json}) and so covered by the
 * gateway's signature: every entry's size and SHA-256, the database kind, and the audit checkpoint the
 * snapshot contains (a restore checks that the restored log's root equals it).
 *
 * @param format {@value #FORMAT}
 * @param id the backup's id (its file name without extension)
 * @param createdAt ISO-8601 UTC
 * @param gateway the gateway's member name
 * @param database {@code h2} or {@code postgresql}
 * @param checkpointNote the latest signed audit checkpoint stored before the snapshot (empty when none)
 * @param entries the archive's entries, in order
 */
public record BackupManifest(String format, String id, String createdAt, String gateway, String database,
        String checkpointNote, List<Entry> entries) {

    public static final String FORMAT = "popgate-backup/1";
    static final String ENTRY_NAME = "manifest.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public BackupManifest {
        entries = List.copyOf(entries);
    }

    /** One archive entry: name, byte count, SHA-256 (hex). */
    public record Entry(String name, long size, String sha256) {}

    /** The entry named {@code name}, if any. */
    public Entry entry(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
    }

    byte[] toJson() {
        return JSON.writeValueAsBytes(this);
    }

    static BackupManifest fromJson(byte[] json) {
        BackupManifest m = JSON.readValue(json, BackupManifest.class);
        if (!FORMAT.equals(m.format())) {
            throw new BackupException(BackupException.Failure.DIGEST_MISMATCH, "unknown backup format " + m.format());
        }
        return m;
    }
}
