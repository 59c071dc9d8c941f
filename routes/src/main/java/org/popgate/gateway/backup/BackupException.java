package org.popgate.gateway.backup;

import java.util.Locale;

/** Why a backup could not be taken, or why a backup was refused before a restore touched anything. */
public final class BackupException extends RuntimeException {

    /** Stable reasons, written as snake_case codes (e.g. {@code backup_wrong_key}) into reports and exit messages. */
    public enum Failure {
        /** Backups need a recipient (and, for keys, an escrow) certificate in the configuration. */
        NOT_CONFIGURED,
        /** The database tool or the file system failed while taking the backup. */
        SNAPSHOT_FAILED,
        /** The backup file is missing or cannot be read. */
        UNREADABLE,
        /** The backup is not encrypted to the key the restore was given. */
        WRONG_KEY,
        /** The backup ends before it is complete. */
        TRUNCATED,
        /** The encrypted content does not authenticate (altered bytes). */
        TAMPERED,
        /** The signature does not verify, or the signer is not this gateway's backup key. */
        BAD_SIGNATURE,
        /** An entry's bytes differ from the digest or size its signed manifest names, or the manifest is missing. */
        DIGEST_MISMATCH,
        /** The restore target (data directory or database schema) is not empty. */
        TARGET_NOT_EMPTY,
        /** The database tool failed while restoring. */
        RESTORE_FAILED,
        /** The restored audit log does not verify, or its root differs from the backed-up checkpoint. */
        AUDIT_MISMATCH,
        /** Wrong command-line use. */
        USAGE;

        public String code() {
            return "backup_" + name().toLowerCase(Locale.ROOT);
        }
    }

    private final Failure failure;

    public BackupException(Failure failure, String message) {
        super(failure.code() + ": " + message);
        this.failure = failure;
    }

    public BackupException(Failure failure, String message, Throwable cause) {
        super(failure.code() + ": " + message, cause);
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
