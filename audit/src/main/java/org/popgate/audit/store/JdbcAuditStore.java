package org.popgate.audit.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.popgate.audit.AuditErrorCode;
import org.popgate.audit.AuditException;
import org.popgate.audit.event.EventType;
import org.popgate.audit.event.SubjectIndex;

/**
 * {@link AuditStore} over JDBC for H2 2.x and PostgreSQL 15, on the schema of the
 * {@code db/audit} Flyway migrations.
 *
 * <p>Sequencer: on PostgreSQL {@code pg_advisory_xact_lock} inside the append transaction, so
 * several gateway processes share one order; on H2 a {@code SELECT ... FOR UPDATE} of the one
 * {@code audit_sequencer} row. The next sequence number is read inside the lock.
 *
 * <p>Durability: PostgreSQL commits are durable with its default {@code synchronous_commit=on}. H2
 * delays writing commits by default (WRITE_DELAY 500 ms), which loses acknowledged appends on a
 * crash, so on H2 this store sets {@code WRITE_DELAY 0} and, when {@code syncEachBatch}, runs
 * {@code CHECKPOINT SYNC} after each batch (survives power loss, not only SIGKILL). Appends run on
 * one dedicated connection; for PostgreSQL add {@code reWriteBatchedInserts=true} to the URL (the
 * subject index and batches other processes interleave with are written with batched inserts).
 *
 * <p>Round trips: on PostgreSQL a batch is one round trip (see {@link #appendInOneTrip}) unless it carries a bulk
 * exchange's subject index; that takes three (sequencer and next sequence number, the inserts, the commit).
 *
 * <p>Commit and flush apart (PostgreSQL): {@link #appendCommitted} commits with {@code synchronous_commit} off for
 * that transaction, so the sequencer is released without waiting for the WAL to reach the disk, and {@link #flush}
 * makes it durable: on a second connection, a transaction that writes one WAL record
 * ({@code pg_logical_emit_message}, a transactional message no reader of the log sees) and commits under the
 * database's own {@code synchronous_commit} (on by default), so PostgreSQL flushes the WAL up to that commit, which
 * lies after every commit that returned before the flush began. The WAL is one sequence: a crash that loses a
 * committed batch loses everything after it, so the log never has a gap. When the database role may not call that
 * function, this store appends durably in {@code appendCommitted} and {@code flush} has nothing to do.
 */
public final class JdbcAuditStore implements AuditStore {

    /** Advisory lock key: "popgate" in ASCII. */
    static final long SEQUENCER_KEY = 0x706f7067617465L;

    private static final String EVENT_COLUMNS = "seq, event_id, event_type, occurred_at, actor_person, actor_member,"
            + " actor_department, approval_id, exchange_id, subject_count, leaf, row_seal";

    /** Parameters of one row of {@link #EVENT_COLUMNS} in {@link #multiRowInsert}, typed as the columns are. */
    private static final String EVENT_VALUES_TYPED =
            "(?::bigint, ?, ?, ?::timestamptz, ?, ?, ?, ?, ?, ?::bigint, ?::bytea, ?::bytea)";

    /** Parameters a row takes in {@link #multiRowInsert}: the offset step of {@code bindRow(ps, offset, row)}. */
    public static final int EVENT_COLUMN_COUNT = 12;

    /** Largest batch appended in one round trip (its rows go as arrays, one a column). */
    static final int MAX_ONE_TRIP_ROWS = 1024;

    /**
     * Most subject-index rows a one-trip batch carries (sent as arrays). A bulk exchange's index (up to a county)
     * takes the general path's batched inserts.
     */
    static final int MAX_ONE_TRIP_SUBJECTS = 1024;

    /** Rows per round trip of a scan: a full verification streams the whole log. */
    private static final int SCAN_FETCH = 5000;

    private final DataSource dataSource;
    private final RowSealer sealer;
    private final boolean syncEachBatch;
    private final Dialect dialect;
    private Connection writer;
    /** PostgreSQL and the flush barrier callable: commits and flushes apart (see the class comment). */
    private final boolean flushApart;
    /** Guards {@link #flusher}: a flush runs beside an append, not under the store's monitor. */
    private final Object flushLock = new Object();
    private Connection flusher;

    public JdbcAuditStore(DataSource dataSource, RowSealer sealer) {
        this(dataSource, sealer, true);
    }

    public JdbcAuditStore(DataSource dataSource, RowSealer sealer, boolean syncEachBatch) {
        this.dataSource = dataSource;
        this.sealer = sealer;
        this.syncEachBatch = syncEachBatch;
        try (Connection c = dataSource.getConnection()) {
            this.dialect = Dialect.of(c.getMetaData().getDatabaseProductName());
            if (dialect == Dialect.H2) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET WRITE_DELAY 0");
                }
            }
            this.flushApart = dialect == Dialect.POSTGRESQL && flushBarrierAllowed(c);
        } catch (SQLException e) {
            throw unavailable("cannot open the audit database", e);
        }
    }

    /** The row sealer this store seals appended rows with. */
    public RowSealer sealer() {
        return sealer;
    }

    @Override
    public AppendResult append(long knownSize, List<PendingRow> rows) {
        return append(knownSize, rows, true);
    }

    @Override
    public AppendResult appendCommitted(long knownSize, List<PendingRow> rows) {
        return append(knownSize, rows, !flushApart);
    }

    /** Whether this store commits and flushes apart: {@link #appendCommitted} then needs a {@link #flush}. */
    boolean flushesApart() {
        return flushApart;
    }

    @Override
    public void flush() {
        if (!flushApart) {
            return;
        }
        synchronized (flushLock) {
            try {
                if (flusher == null || flusher.isClosed()) {
                    flusher = dataSource.getConnection();
                    flusher.setAutoCommit(true);
                    flusher.setClientInfo("ApplicationName", FLUSH_CONNECTION_NAME); // for pg_stat_activity
                }
                try (Statement s = flusher.createStatement()) {
                    s.execute(FLUSH_BARRIER);
                }
            } catch (SQLException e) {
                closeQuietly(flusher);
                flusher = null;
                throw unavailable("flush failed", e);
            }
        }
    }

    /** {@code application_name} of the flush connection. */
    static final String FLUSH_CONNECTION_NAME = "popgate-audit-flush";

    /**
     * One round trip: a transaction that writes one WAL record and commits under the database's own
     * {@code synchronous_commit} (on by default: the commit returns once the WAL up to it is on disk; with
     * synchronous standbys, once they have it too), as every append did before commit and flush were apart. A
     * transaction that writes no WAL would commit without a flush.
     */
    private static final String FLUSH_BARRIER =
            "BEGIN; SELECT pg_logical_emit_message(true, 'popgate.audit', 'flush'); COMMIT";

    /** Whether the role may run {@link #FLUSH_BARRIER}; a refusal (privilege, no such function) means no. */
    private static boolean flushBarrierAllowed(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(FLUSH_BARRIER);
            return true;
        } catch (SQLException e) {
            String state = e.getSQLState();
            if ("42501".equals(state) || "42883".equals(state)) {
                try (Statement s = c.createStatement()) {
                    s.execute("ROLLBACK");
                }
                return false;
            }
            throw e;
        }
    }

    private synchronized AppendResult append(long knownSize, List<PendingRow> rows, boolean durable) {
        if (dialect == Dialect.POSTGRESQL && !rows.isEmpty() && rows.size() <= MAX_ONE_TRIP_ROWS
                && subjectRows(rows) <= MAX_ONE_TRIP_SUBJECTS) {
            try {
                if (appendInOneTrip(writer(), knownSize, rows, durable)) {
                    return new AppendResult(knownSize, List.of());
                }
            } catch (SQLException | RuntimeException e) {
                closeWriter();
                throw unavailable("append failed", e);
            }
        }
        Connection c = null;
        try {
            c = writer();
            c.setAutoCommit(false);
            if (!durable) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL synchronous_commit TO off");
                }
            }
            long next = lockAndNextSeq(c);
            if (next < knownSize) {
                throw new AuditException(AuditErrorCode.LOG_TRUNCATED,
                        "store holds " + next + " rows, fewer than the " + knownSize + " already appended");
            }
            List<byte[]> foreign = next > knownSize ? leaves(c, knownSize, next) : List.of();
            insert(c, next, rows);
            c.commit();
            if (dialect == Dialect.H2 && syncEachBatch) {
                try (Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT SYNC");
                }
            }
            return new AppendResult(next, foreign);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            if (e instanceof AuditException ae) {
                throw ae;
            }
            closeWriter();
            throw unavailable("append failed", e);
        }
    }

    /** Subject-index rows of a batch: the keyed hashes of all its events' subjects. */
    private static long subjectRows(List<PendingRow> rows) {
        long m = 0;
        for (PendingRow r : rows) {
            m += r.subjects().size();
        }
        return m;
    }

    /**
     * PostgreSQL, batches whose subject indexes hold at most {@value #MAX_ONE_TRIP_SUBJECTS} hashes in all (every
     * event but a bulk exchange's): the whole batch in one round trip and one transaction, {@code BEGIN; take the
     * sequencer; insert the rows at knownSize.. if and only if the log ends at knownSize; insert their subject rows if
     * and only if the first of those rows is this batch's; COMMIT}, sent as one pipeline (pgjdbc sends the statements
     * with one Sync; the server runs them in order, the inserts taking their snapshots only after the lock is held,
     * and answers the COMMIT only after the WAL is flushed). The rows are sealed for the sequence numbers this process
     * expects (its own tree's size); the subject rows' guard looks up the first row by that seal, which no other
     * process's row at that sequence number carries. When another process appended in between, or the log is shorter
     * than the tree, both guarded inserts write nothing, the empty transaction commits, and this returns false: the
     * caller takes the general path, which reads the foreign rows or reports the truncation.
     */
    private boolean appendInOneTrip(Connection c, long knownSize, List<PendingRow> rows, boolean durable)
            throws SQLException {
        c.setAutoCommit(true);
        int n = rows.size();
        int m = (int) subjectRows(rows);
        try (PreparedStatement ps = c.prepareStatement(oneTripSql(m > 0, durable))) {
            byte[] firstSeal = bindEventArrays(ps, knownSize, rows);
            int p = EVENT_COLUMN_COUNT;
            ps.setLong(++p, knownSize);
            if (m > 0) {
                List<SubjectIndex> indexes = new ArrayList<>(n);
                for (PendingRow r : rows) {
                    indexes.add(r.subjects());
                }
                p = bindSubjectArrays(ps, p, knownSize, indexes);
                ps.setLong(++p, knownSize);
                ps.setBytes(++p, firstSeal);
            }
            // results: BEGIN, (SET LOCAL,) the lock, the event insert, (the subject insert,) COMMIT
            boolean resultSet = ps.execute();
            int inserted = -1;
            int subjectsInserted = 0;
            int events = durable ? 2 : 3;
            for (int i = 0; ; i++) {
                if (!resultSet) {
                    int count = ps.getUpdateCount();
                    if (count == -1) {
                        break;
                    }
                    if (i == events) {
                        inserted = count;
                    } else if (i == events + 1 && m > 0) {
                        subjectsInserted = count;
                    }
                }
                resultSet = ps.getMoreResults();
            }
            if (inserted == n && subjectsInserted != m) {
                throw new SQLException("one-trip append stored " + subjectsInserted + " of " + m + " subject rows");
            }
            return inserted == n;
        }
    }

    /**
     * Inserts subject-index rows given as three arrays (sequence numbers, ordinals, hashes), so that the statement is
     * the same for any number of rows: the one-trip append's technique, for benchmarks too. Bind with
     * {@link #bindSubjectArrays}.
     */
    public static final String SUBJECT_ARRAY_INSERT = "INSERT INTO audit_subject (seq, ordinal, subject_hash)"
            + " SELECT * FROM unnest(?::bigint[], ?::int[], ?::bytea[])";

    /** The one-trip append's subject insert: writes only if the batch's first row is this batch's (by its seal). */
    private static final String GUARDED_SUBJECT_INSERT = SUBJECT_ARRAY_INSERT
            + " WHERE EXISTS (SELECT 1 FROM audit_event WHERE seq = ? AND row_seal = ?); ";

    private static String oneTripSql(boolean subjects, boolean durable) {
        return ONE_TRIP_SQL[(subjects ? 1 : 0) + (durable ? 0 : 2)];
    }

    /**
     * The one-trip append statements: without and with subject rows, durable ({@code [0]}, {@code [1]}) and committed
     * only ({@code [2]}, {@code [3]}). Rows and subject rows are bound as arrays, so there are only these four
     * statements, whatever the batch size: the driver prepares each on the server once, and a batch of a size not seen
     * before is not parsed and planned anew (docs/BENCHMARKS.md, audit, "Session 11").
     */
    private static final String[] ONE_TRIP_SQL = {
        oneTripSqlWith(true, ""), oneTripSqlWith(true, GUARDED_SUBJECT_INSERT),
        oneTripSqlWith(false, ""), oneTripSqlWith(false, GUARDED_SUBJECT_INSERT)};

    private static String oneTripSqlWith(boolean durable, String subjectInsert) {
        return "BEGIN; " + (durable ? "" : "SET LOCAL synchronous_commit TO off; ")
                + "SELECT pg_advisory_xact_lock(" + SEQUENCER_KEY + "); " + EVENT_ARRAY_INSERT
                + " WHERE (SELECT COALESCE(MAX(seq) + 1, 0) FROM audit_event) = ?; " + subjectInsert + "COMMIT";
    }

    /**
     * Inserts event rows given as one array a column (bind with {@link #bindEventArrays(PreparedStatement, List)}), so
     * that the statement is the same for any number of rows: the one-trip append's form, for benchmarks too. The time
     * goes as microseconds since the epoch (events are stamped to the microsecond): a number needs no parsing on the
     * server. Whole seconds and the microseconds within them are converted apart, so that no step rounds through a
     * {@code float8} carrying more than 2^53 microseconds.
     */
    public static final String EVENT_ARRAY_INSERT = "INSERT INTO audit_event (" + EVENT_COLUMNS + ")"
            + " SELECT s, e, t, to_timestamp(o / 1000000) + (o % 1000000) * interval '1 microsecond',"
            + " p, m, d, a, x, c, l, r"
            + " FROM unnest(?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[],"
            + " ?::text[], ?::text[], ?::bigint[], ?::bytea[], ?::bytea[]) AS v(s, e, t, o, p, m, d, a, x, c, l, r)";

    /**
     * Seals {@code rows} for the sequence numbers from {@code firstSeq} on and binds them to parameters 1 ..
     * {@value #EVENT_COLUMN_COUNT} of {@link #EVENT_ARRAY_INSERT}; returns the first row's seal.
     */
    private byte[] bindEventArrays(PreparedStatement ps, long firstSeq, List<PendingRow> rows) throws SQLException {
        List<StoredRow> stored = new ArrayList<>(rows.size());
        long seq = firstSeq;
        for (PendingRow r : rows) {
            stored.add(StoredRow.of(seq, r.event(), r.leaf(), sealer.seal(seq, r.leafHash())));
            seq++;
        }
        bindEventArrays(ps, stored);
        return stored.get(0).rowSeal();
    }

    /**
     * Binds {@code rows} to parameters 1 .. {@value #EVENT_COLUMN_COUNT} of {@link #EVENT_ARRAY_INSERT}, one array a
     * column. PostgreSQL only.
     */
    public static void bindEventArrays(PreparedStatement ps, List<StoredRow> rows) throws SQLException {
        int n = rows.size();
        long[] seqs = new long[n];
        String[] eventIds = new String[n];
        String[] types = new String[n];
        long[] micros = new long[n];
        String[] persons = new String[n];
        String[] members = new String[n];
        String[] departments = new String[n];
        String[] approvals = new String[n];
        String[] exchanges = new String[n];
        long[] subjectCounts = new long[n];
        byte[][] leaves = new byte[n][];
        byte[][] seals = new byte[n][];
        for (int i = 0; i < n; i++) {
            StoredRow r = rows.get(i);
            seqs[i] = r.seq();
            eventIds[i] = r.eventId();
            types[i] = r.eventType();
            micros[i] = ChronoUnit.MICROS.between(Instant.EPOCH, r.occurredAt()); // as the canonical encoding has it
            persons[i] = r.actorPerson();
            members[i] = r.actorMember();
            departments[i] = r.actorDepartment();
            approvals[i] = r.approvalId();
            exchanges[i] = r.exchangeId();
            subjectCounts[i] = r.subjectCount();
            leaves[i] = r.leaf();
            seals[i] = r.rowSeal();
        }
        Object[] columns = {seqs, eventIds, types, micros, persons, members, departments, approvals, exchanges,
            subjectCounts, leaves, seals};
        for (int c = 0; c < columns.length; c++) {
            ps.setObject(c + 1, columns[c]);
        }
    }

    /**
     * Binds the subject rows of consecutive events from {@code firstSeq} on to parameters {@code offset + 1 ..
     * offset + 3} of {@link #SUBJECT_ARRAY_INSERT}; returns {@code offset + 3}. PostgreSQL only (primitive arrays).
     */
    public static int bindSubjectArrays(PreparedStatement ps, int offset, long firstSeq, List<SubjectIndex> indexes)
            throws SQLException {
        int m = 0;
        for (SubjectIndex index : indexes) {
            m += index.size();
        }
        long[] seqs = new long[m];
        int[] ordinals = new int[m];
        byte[][] hashes = new byte[m][];
        int k = 0;
        long seq = firstSeq;
        for (SubjectIndex index : indexes) {
            for (int i = 0; i < index.size(); i++, k++) {
                seqs[k] = seq;
                ordinals[k] = i;
                hashes[k] = index.hashBytes(i);
            }
            seq++;
        }
        ps.setObject(offset + 1, seqs);
        ps.setObject(offset + 2, ordinals);
        ps.setObject(offset + 3, hashes);
        return offset + 3;
    }

    /**
     * {@code INSERT INTO audit_event (...) VALUES (...), (...)} for {@code n} rows: the multi-row insert the
     * one-trip append uses, for benchmarks that insert the same rows the plain way. Bind with
     * {@link #bindRow(PreparedStatement, int, StoredRow)}.
     */
    public static String multiRowInsert(int n) {
        return "INSERT INTO audit_event (" + EVENT_COLUMNS + ") " + valuesRows(n, EVENT_VALUES_TYPED);
    }

    private static String valuesRows(int n, String row) {
        StringBuilder sb = new StringBuilder(8 + n * (row.length() + 2)).append("VALUES ");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ", ").append(row);
        }
        return sb.toString();
    }

    private void insert(Connection c, long first, List<PendingRow> rows) throws SQLException {
        boolean subjects = false;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_event (" + EVENT_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            long seq = first;
            for (PendingRow r : rows) {
                bindRow(ps, StoredRow.of(seq, r.event(), r.leaf(), sealer.seal(seq, r.leafHash())));
                ps.addBatch();
                subjects |= r.subjects().size() > 0;
                seq++;
            }
            ps.executeBatch();
        }
        if (subjects) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO audit_subject (seq, ordinal, subject_hash) VALUES (?, ?, ?)")) {
                long seq = first;
                int pending = 0;
                for (PendingRow r : rows) {
                    for (int i = 0; i < r.subjects().size(); i++) {
                        ps.setLong(1, seq);
                        ps.setInt(2, i);
                        ps.setBytes(3, r.subjects().hashBytes(i));
                        ps.addBatch();
                        if (++pending == 1000) {
                            ps.executeBatch();
                            pending = 0;
                        }
                    }
                    seq++;
                }
                if (pending > 0) {
                    ps.executeBatch();
                }
            }
        }
    }

    /** Binds all event columns; shared with tests and benchmarks that write rows the plain way. */
    public static void bindRow(PreparedStatement ps, StoredRow r) throws SQLException {
        bindRow(ps, 0, r);
    }

    /** Binds all event columns to parameters {@code offset + 1 ..} (a row of a multi-row insert). */
    public static void bindRow(PreparedStatement ps, int offset, StoredRow r) throws SQLException {
        ps.setLong(offset + 1, r.seq());
        ps.setString(offset + 2, r.eventId());
        ps.setString(offset + 3, r.eventType());
        ps.setObject(offset + 4, OffsetDateTime.ofInstant(r.occurredAt(), ZoneOffset.UTC));
        ps.setString(offset + 5, r.actorPerson());
        ps.setString(offset + 6, r.actorMember());
        ps.setString(offset + 7, r.actorDepartment());
        ps.setString(offset + 8, r.approvalId());
        ps.setString(offset + 9, r.exchangeId());
        ps.setLong(offset + 10, r.subjectCount());
        ps.setBytes(offset + 11, r.leaf());
        ps.setBytes(offset + 12, r.rowSeal());
    }

    /**
     * Takes the sequencer and reads the next sequence number under it. On PostgreSQL both statements
     * go in one round trip (pgjdbc sends a multi-statement string as one pipeline); the second still
     * runs, and takes its snapshot, only after the first has acquired the lock.
     */
    private long lockAndNextSeq(Connection c) throws SQLException {
        if (dialect != Dialect.POSTGRESQL) {
            lock(c);
            return nextSeq(c);
        }
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + SEQUENCER_KEY + "); SELECT MAX(seq) FROM audit_event");
            if (!s.getMoreResults()) {
                throw new SQLException("sequencer query returned no sequence number");
            }
            try (ResultSet rs = s.getResultSet()) {
                rs.next();
                long max = rs.getLong(1);
                return rs.wasNull() ? 0 : max + 1;
            }
        }
    }

    private void lock(Connection c) throws SQLException {
        String sql = dialect == Dialect.POSTGRESQL
                ? "SELECT pg_advisory_xact_lock(" + SEQUENCER_KEY + ")"
                : "SELECT id FROM audit_sequencer WHERE id = 1 FOR UPDATE";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
        }
    }

    private static long nextSeq(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(seq) FROM audit_event")) {
            rs.next();
            long max = rs.getLong(1);
            return rs.wasNull() ? 0 : max + 1;
        }
    }

    private static List<byte[]> leaves(Connection c, long from, long to) throws SQLException {
        List<byte[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, leaf FROM audit_event WHERE seq >= ? AND seq < ? ORDER BY seq")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                long expected = from;
                while (rs.next()) {
                    if (rs.getLong(1) != expected++) {
                        throw new AuditException(AuditErrorCode.LOG_GAP, "gap in the log before seq " + (expected - 1));
                    }
                    out.add(rs.getBytes(2));
                }
                if (expected != to) {
                    throw new AuditException(AuditErrorCode.LOG_GAP, "gap in the log before seq " + expected);
                }
            }
        }
        return out;
    }

    @Override
    public long size() {
        try (Connection c = dataSource.getConnection()) {
            return nextSeq(c);
        } catch (SQLException e) {
            throw unavailable("cannot read the log size", e);
        }
    }

    @Override
    public void scan(long fromSeq, RowVisitor visitor) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + EVENT_COLUMNS + " FROM audit_event WHERE seq >= ? ORDER BY seq")) {
                ps.setFetchSize(SCAN_FETCH);
                binaryResults(ps);
                ps.setLong(1, fromSeq);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        visitor.visit(readRow(rs));
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw unavailable("cannot read audit rows", e);
        }
    }

    /**
     * PostgreSQL: asks the driver for binary results (pgjdbc's {@code prepareThreshold = -1}), so a scan
     * of a million rows ships raw bytea and binary timestamps instead of hex text and formatted times,
     * which the server would format and the driver parse again. Reflective because the audit module
     * does not depend on the driver; without it the scan still works, in text.
     */
    private void binaryResults(PreparedStatement ps) {
        if (dialect != Dialect.POSTGRESQL) {
            return;
        }
        try {
            Class<?> pgStatement = Class.forName("org.postgresql.PGStatement", false, ps.getClass().getClassLoader());
            if (ps.isWrapperFor(pgStatement)) {
                pgStatement.getMethod("setPrepareThreshold", int.class).invoke(ps.unwrap(pgStatement), -1);
            }
        } catch (ReflectiveOperationException | SQLException | LinkageError e) {
            // text results: slower, same rows
        }
    }

    @Override
    public void scanSubjects(SubjectVisitor visitor) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT seq, ordinal, subject_hash FROM audit_subject ORDER BY seq, ordinal")) {
                ps.setFetchSize(SCAN_FETCH);
                binaryResults(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        visitor.visit(rs.getLong(1), rs.getInt(2), rs.getBytes(3));
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw unavailable("cannot read the subject index", e);
        }
    }

    @Override
    public List<byte[]> subjects(long seq) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT subject_hash FROM audit_subject WHERE seq = ? ORDER BY ordinal")) {
            ps.setLong(1, seq);
            List<byte[]> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getBytes(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw unavailable("cannot read the subject index", e);
        }
    }

    @Override
    public List<StoredRow> query(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + EVENT_COLUMNS + " FROM audit_event WHERE seq > ?");
        List<Object> args = new ArrayList<>();
        args.add(q.afterSeq());
        if (q.from() != null) {
            sql.append(" AND occurred_at >= ?");
            args.add(OffsetDateTime.ofInstant(q.from(), ZoneOffset.UTC));
        }
        if (q.to() != null) {
            sql.append(" AND occurred_at < ?");
            args.add(OffsetDateTime.ofInstant(q.to(), ZoneOffset.UTC));
        }
        condition(sql, args, "actor_person", q.actorPerson());
        condition(sql, args, "actor_member", q.actorMember());
        condition(sql, args, "actor_department", q.department());
        condition(sql, args, "approval_id", q.approvalId());
        condition(sql, args, "exchange_id", q.exchangeId());
        if (q.subject() != null) {
            sql.append(" AND seq IN (SELECT seq FROM audit_subject WHERE subject_hash = ?)");
            args.add(q.subject().value());
        }
        if (!q.types().isEmpty()) {
            sql.append(" AND event_type IN (");
            String sep = "";
            for (EventType t : q.types()) {
                sql.append(sep).append('?');
                args.add(t.code());
                sep = ", ";
            }
            sql.append(')');
        }
        sql.append(" ORDER BY seq FETCH FIRST ").append(q.limit()).append(" ROWS ONLY");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            List<StoredRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(readRow(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw unavailable("audit query failed", e);
        }
    }

    private static void condition(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private static StoredRow readRow(ResultSet rs) throws SQLException {
        return new StoredRow(rs.getLong(1), rs.getString(2).trim(), rs.getString(3),
                rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getString(8), rs.getString(9), rs.getLong(10), rs.getBytes(11), rs.getBytes(12));
    }

    @Override
    public synchronized boolean saveCheckpoint(StoredCheckpoint cp) {
        Connection c = null;
        try {
            c = writer();
            c.setAutoCommit(false);
            lock(c);
            long nextId = 0;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id, tree_size FROM audit_checkpoint"
                            + " WHERE id = (SELECT MAX(id) FROM audit_checkpoint)")) {
                if (rs.next()) {
                    nextId = rs.getLong(1) + 1;
                    if (rs.getLong(2) > cp.treeSize()) {
                        c.rollback();
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_checkpoint"
                    + " (id, tree_size, root_hash, signed_at, note, timestamp_token) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, nextId);
                ps.setLong(2, cp.treeSize());
                ps.setBytes(3, cp.rootHash());
                ps.setObject(4, OffsetDateTime.ofInstant(cp.signedAt(), ZoneOffset.UTC));
                ps.setString(5, cp.note());
                ps.setBytes(6, cp.timestampToken());
                ps.executeUpdate();
            }
            c.commit();
            if (dialect == Dialect.H2 && syncEachBatch) {
                try (Statement s = c.createStatement()) {
                    s.execute("CHECKPOINT SYNC");
                }
            }
            return true;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c);
            closeWriter();
            throw unavailable("cannot store checkpoint", e);
        }
    }

    @Override
    public List<StoredCheckpoint> checkpoints() {
        return readCheckpoints("SELECT id, tree_size, root_hash, signed_at, note, timestamp_token"
                + " FROM audit_checkpoint ORDER BY id");
    }

    @Override
    public Optional<StoredCheckpoint> latestCheckpoint() {
        return readCheckpoints("SELECT id, tree_size, root_hash, signed_at, note, timestamp_token FROM audit_checkpoint"
                + " WHERE id = (SELECT MAX(id) FROM audit_checkpoint)").stream().findFirst();
    }

    private List<StoredCheckpoint> readCheckpoints(String sql) {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<StoredCheckpoint> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new StoredCheckpoint(rs.getLong(1), rs.getLong(2), rs.getBytes(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), rs.getBytes(6)));
            }
            return out;
        } catch (SQLException e) {
            throw unavailable("cannot read checkpoints", e);
        }
    }

    private Connection writer() throws SQLException {
        if (writer == null || writer.isClosed()) {
            writer = dataSource.getConnection();
        }
        return writer;
    }

    private void closeWriter() {
        closeQuietly(writer);
        writer = null;
    }

    @Override
    public synchronized void close() {
        closeWriter();
        synchronized (flushLock) {
            closeQuietly(flusher);
            flusher = null;
        }
    }

    private static void rollbackQuietly(Connection c) {
        quietly(c, Connection::rollback);
    }

    private static void closeQuietly(Connection c) {
        quietly(c, Connection::close);
    }

    private interface ConnectionStep {
        void run(Connection c) throws SQLException;
    }

    /**
     * A clean-up step on a connection that failed or is being given up: its own failure is dropped, because the
     * original failure (or none, on close) is what the caller sees.
     */
    private static void quietly(Connection c, ConnectionStep step) {
        if (c != null) {
            try {
                step.run(c);
            } catch (SQLException ignored) {
                // see above
            }
        }
    }

    private static AuditException unavailable(String what, Exception cause) {
        return new AuditException(AuditErrorCode.STORE_UNAVAILABLE, what, cause);
    }

    /** Databases this store knows. */
    enum Dialect {
        H2,
        POSTGRESQL;

        static Dialect of(String productName) {
            String p = productName.toLowerCase(Locale.ROOT);
            if (p.contains("h2")) {
                return H2;
            }
            if (p.contains("postgres")) {
                return POSTGRESQL;
            }
            throw new AuditException(AuditErrorCode.STORE_UNAVAILABLE, "unsupported database for the audit store");
        }
    }
}
