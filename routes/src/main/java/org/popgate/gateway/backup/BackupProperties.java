package org.popgate.gateway.backup;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Backups ({@code popgate.backup.*}).
 *
 * @param dir the local folder backups are written to
 * @param offsiteDir a second target (another disk, an NFS/SMB mount off site) every backup is copied to;
 *     empty: no copy
 * @param recipientCertificate PEM certificate of the backup recipient: data backups are encrypted to it,
 *     and only the holder of its offline private key can restore them. Backups are refused until it is set
 * @param escrowCertificate PEM certificate of the offline key escrow: key-store backups are sealed to it.
 *     Must differ from the recipient, so keys and the data they protect never open with one key
 * @param escrowDir where key-store escrow packages are written (kept apart from data backups)
 * @param keep how many data backups to keep in each folder (older ones are deleted after a new one is
 *     written and copied)
 * @param schedule how often the gateway takes a backup on its own; empty or zero: only on request
 * @param pgBinDir folder holding {@code pg_dump} and {@code pg_restore} matching the server's major version
 * @param pgUser the PostgreSQL role {@code pg_dump} connects as (it must read every table: the schema
 *     owner); empty: the Flyway user
 * @param pgPassword its password; empty: the Flyway password
 */
@ConfigurationProperties("popgate.backup")
public record BackupProperties(
        @DefaultValue("./backups") Path dir,
        Path offsiteDir,
        Path recipientCertificate,
        Path escrowCertificate,
        @DefaultValue("./escrow") Path escrowDir,
        @DefaultValue("7") int keep,
        Duration schedule,
        @DefaultValue("/usr/lib/postgresql/15/bin") Path pgBinDir,
        String pgUser,
        String pgPassword) {}
