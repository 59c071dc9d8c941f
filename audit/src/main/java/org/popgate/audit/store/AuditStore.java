package org.popgate.audit.store;

import java.util.List;
import java.util.Optional;

/**
 * Append-only storage of audit rows, subject indexes and checkpoints. Implementations write each
 * {@link #append} in one durable transaction under a single sequencer shared by every process on
 * the same database, and throw {@code audit_store_unavailable} when they cannot.
 */
public interface AuditStore extends AutoCloseable {

    /**
     * Appends rows at the end of the log in one durable transaction. {@code knownSize} is the size
     * the caller's tree has; rows other writers appended since are returned (read under the
     * sequencer) so the caller's tree can catch up before adding its own.
     */
    AppendResult append(long knownSize, List<PendingRow> rows);

    /**
     * Appends like {@link #append}, but may return as soon as the rows are committed (visible to every reader, in
     * their place in the one order), before they are durable: the next {@link #flush} makes them durable. A crash
     * before that flush may lose them, together with everything committed after them. A store that cannot tell
     * the two apart appends durably (the default).
     */
    default AppendResult appendCommitted(long knownSize, List<PendingRow> rows) {
        return append(knownSize, rows);
    }

    /**
     * Makes every row committed so far (by {@link #appendCommitted}, from any thread) durable; throws
     * {@code audit_store_unavailable} when it cannot say that they are. May run while another thread appends.
     */
    default void flush() {}

    /** Number of rows ({@code max(seq) + 1}). */
    long size();

    /** Streams rows with {@code seq >= fromSeq} in sequence order. */
    void scan(long fromSeq, RowVisitor visitor);

    /** Streams all subject-index rows ordered by (seq, ordinal). */
    void scanSubjects(SubjectVisitor visitor);

    /** The subject hashes of one event, in order. */
    List<byte[]> subjects(long seq);

    List<StoredRow> query(AuditQuery query);

    /** Stores a checkpoint unless a larger one is already stored; returns whether it was stored. */
    boolean saveCheckpoint(StoredCheckpoint checkpoint);

    /** All stored checkpoints, in id order. */
    List<StoredCheckpoint> checkpoints();

    Optional<StoredCheckpoint> latestCheckpoint();

    @Override
    void close();

    /** Receives rows from {@link #scan}. */
    @FunctionalInterface
    interface RowVisitor {
        void visit(StoredRow row);
    }

    /** Receives subject-index rows from {@link #scanSubjects}. */
    @FunctionalInterface
    interface SubjectVisitor {
        void visit(long seq, int ordinal, byte[] subjectHash);
    }
}
