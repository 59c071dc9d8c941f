package org.popgate.bench.audit;


import java.security.KeyPair;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.CanonicalEncoding;
import org.popgate.audit.event.SubjectIndex;
import org.popgate.audit.log.AuditLog;
import org.popgate.audit.log.IntegrityAlarm;
import org.popgate.audit.store.JdbcAuditStore;
import org.popgate.audit.store.StoredRow;
import org.popgate.audit.verify.AuditVerifier;

/**
 * Durable appends/s through {@link AuditLog} (group commit, encoding, hashing, row seal, sequencer)
 * with 1, 8 and 64 concurrent writers, against the same rows inserted the plain way (256 rows per
 * transaction, one connection, no hashing or sealing or lock; on PostgreSQL one multi-row INSERT a
 * transaction, the audit store's technique) on the same database in the same run. The rows follow the
 * gateway's event mix, lookups with their one-person subject index, so both sides also write the
 * subject rows ({@code -Dbench.audit.subjects=false}: without, as up to session 5). Args:
 * {@code h2|pg [seconds] [rounds] [writer counts, e.g. 8,64]}; plain and audit
 * alternate round by round and the medians are printed as a table. H2: file database, WRITE_DELAY=0
 * and CHECKPOINT SYNC per batch for both. PostgreSQL: synchronous_commit on (default) for both; the audit side
 * acknowledges an append once it is durable, and under load commits a batch and flushes the WAL apart (see
 * {@code AuditLog}), {@code -Dbench.audit.flushApartFrom}.
 */
public final class AuditAppendBenchmark {

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "h2";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int[] writerCounts = args.length > 3
                ? java.util.Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 8, 64};
        // Plain and audit alternate (A, B, A, B, ...) so that both see the same load; the table gives the
        // median of the per-round ratios, and the median rates beside it.
        double[][] plain = new double[writerCounts.length][rounds];
        double[][] audit = new double[writerCounts.length][rounds];
        double[][] ratio = new double[writerCounts.length][rounds];
        // A discarded warm-up pair first: otherwise the first round's plain side runs on a cold JVM (the audit side
        // after it on a warmer one), which flatters the audit side of a short run.
        measurePlain(db, 2);
        measureAudit(db, writerCounts[writerCounts.length - 1], 2);
        for (int round = 0; round < rounds; round++) {
            for (int w = 0; w < writerCounts.length; w++) {
                plain[w][round] = measurePlain(db, seconds);
                audit[w][round] = measureAudit(db, writerCounts[w], seconds);
                ratio[w][round] = audit[w][round] / plain[w][round];
                System.out.printf("round %d: %s %d writers: audit %.0f/s, plain %.0f/s, ratio %.0f%%%n", round + 1, db,
                        writerCounts[w], audit[w][round], plain[w][round], 100 * ratio[w][round]);
            }
        }
        System.out.printf("%nmedians of %d round(s), %d s each:%n", rounds, seconds);
        System.out.printf("%-4s %-8s %14s %14s %8s %16s%n", "db", "writers", "audit/s", "plain/s", "ratio", "ratio min-max");
        for (int w = 0; w < writerCounts.length; w++) {
            System.out.printf("%-4s %-8d %14.0f %14.0f %7.0f%% %7.0f%%-%.0f%%%n", db, writerCounts[w], median(audit[w]),
                    median(plain[w]), 100 * median(ratio[w]), 100 * java.util.Arrays.stream(ratio[w]).min().orElseThrow(),
                    100 * java.util.Arrays.stream(ratio[w]).max().orElseThrow());
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static DataSource fresh(String db, String name) throws Exception {
        DataSource ds = db.equals("pg") ? AuditBenchSupport.pg(name) : AuditBenchSupport.h2(AuditBenchSupport.tempDir());
        AuditBenchSupport.createSchema(ds, db.equals("pg"));
        return ds;
    }

    static double measureAudit(String db, int writers, int seconds) throws Exception {
        DataSource ds = fresh(db, "audit_bench_log");
        KeyPair key = AuditBenchSupport.auditKey();
        try (JdbcAuditStore store = new JdbcAuditStore(ds, AuditBenchSupport.sealer())) {
            AuditVerifier.StartupResult start = new AuditVerifier(store,
                    new CheckpointVerifier(AuditSuite.INTL, AuditBenchSupport.ORIGIN, AuditBenchSupport.ORIGIN, key.getPublic()),
                    AuditBenchSupport.sealer(), List.of()).startupCheck(new IntegrityAlarm());
            try (AuditLog log = new AuditLog(store, start.tree(), new IntegrityAlarm(),
                    AuditLog.Settings.defaults("bench").withFlushApartFrom(FLUSH_APART_FROM.getAsInt()))) {
                return run(writers, seconds, (r, i) -> {
                    if (SUBJECTS) {
                        AuditBenchSupport.Sample s = AuditBenchSupport.sample(r, i);
                        log.append(s.event(), s.subjects());
                    } else {
                        log.append(AuditBenchSupport.event(r, i));
                    }
                });
            }
        } finally {
            if (db.equals("pg")) {
                AuditBenchSupport.dropPg("audit_bench_log");
            }
        }
    }

    /**
     * Whether the lookups carry their one-person subject index, as in the gateway (default; session 6 on). Both sides
     * then write the subject rows. {@code -Dbench.audit.subjects=false}: the rows without, as in session 5.
     */
    static final boolean SUBJECTS = !"false".equals(System.getProperty("bench.audit.subjects"));

    /**
     * Batch size from which the audit side commits and flushes apart (PostgreSQL): the gateway's default, 16, unless
     * {@code -Dbench.audit.flushApartFrom=N} (read at each measurement; a large N: every batch durable at once, as up
     * to session 6).
     */
    static final java.util.function.IntSupplier FLUSH_APART_FROM = () -> Integer.getInteger("bench.audit.flushApartFrom",
            AuditLog.Settings.defaults("bench").flushApartFrom());

    /** Rows per plain insert transaction. */
    static final int PLAIN_BATCH = 256;

    /**
     * Plain inserts of the same rows: one connection, {@value #PLAIN_BATCH} rows per commit, no hashing, sealing
     * or sequencer. PostgreSQL: the insert technique of the audit path, one multi-row {@code INSERT ... VALUES} a
     * batch sent in autocommit (one round trip, one transaction); H2: a JDBC batch, then commit and
     * {@code CHECKPOINT SYNC}, as the audit store does on H2.
     */
    static double measurePlain(String db, int seconds) throws Exception {
        DataSource ds = fresh(db, "audit_bench_plain");
        boolean pg = db.equals("pg");
        Random r = new Random(1);
        byte[] seal = new byte[32];
        long[] seq = {0};
        List<StoredRow> rows = new ArrayList<>(PLAIN_BATCH);
        List<SubjectIndex> indexes = new ArrayList<>(PLAIN_BATCH);
        try (Connection c = ds.getConnection();
                PreparedStatement eventsOnly = pg ? c.prepareStatement(JdbcAuditStore.multiRowInsert(PLAIN_BATCH)) : null;
                PreparedStatement withSubjects = pg ? c.prepareStatement(JdbcAuditStore.multiRowInsert(PLAIN_BATCH)
                        + "; " + JdbcAuditStore.SUBJECT_ARRAY_INSERT) : null;
                PreparedStatement events = c.prepareStatement("INSERT INTO audit_event (seq, event_id, event_type,"
                        + " occurred_at, actor_person, actor_member, actor_department, approval_id, exchange_id,"
                        + " subject_count, leaf, row_seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement subjects = c.prepareStatement("INSERT INTO audit_subject (seq, ordinal, subject_hash)"
                        + " VALUES (?, ?, ?)");
                Statement sync = c.createStatement()) {
            c.setAutoCommit(pg);
            return timeBatches(seconds, () -> {
                rows.clear();
                indexes.clear();
                int m = 0;
                for (int i = 0; i < PLAIN_BATCH; i++) {
                    AuditBenchSupport.Sample s = SUBJECTS ? AuditBenchSupport.sample(r, seq[0])
                            : new AuditBenchSupport.Sample(AuditBenchSupport.event(r, seq[0]), SubjectIndex.empty());
                    rows.add(StoredRow.of(seq[0]++, s.event(), CanonicalEncoding.encode(s.event()), seal));
                    indexes.add(s.subjects());
                    m += s.subjects().size();
                }
                if (pg) {
                    // the audit store's technique: a multi-row insert of the rows and one of their subject rows sent
                    // as three arrays, one pipeline in autocommit (one round trip, one transaction)
                    PreparedStatement ps = m > 0 ? withSubjects : eventsOnly;
                    int p = 0;
                    for (StoredRow row : rows) {
                        JdbcAuditStore.bindRow(ps, p, row);
                        p += JdbcAuditStore.EVENT_COLUMN_COUNT;
                    }
                    if (m > 0) {
                        JdbcAuditStore.bindSubjectArrays(ps, p, rows.get(0).seq(), indexes);
                    }
                    ps.execute();
                    return;
                }
                for (int i = 0; i < rows.size(); i++) {
                    JdbcAuditStore.bindRow(events, rows.get(i));
                    events.addBatch();
                    for (int k = 0; k < indexes.get(i).size(); k++) {
                        subjects.setLong(1, rows.get(i).seq());
                        subjects.setInt(2, k);
                        subjects.setBytes(3, indexes.get(i).hashBytes(k));
                        subjects.addBatch();
                    }
                }
                events.executeBatch();
                if (m > 0) {
                    subjects.executeBatch();
                }
                c.commit();
                sync.execute("CHECKPOINT SYNC");
            });
        } finally {
            if (pg) {
                AuditBenchSupport.dropPg("audit_bench_plain");
            }
        }
    }

    interface Batch {
        void run() throws Exception;
    }

    /** Runs batches of {@value #PLAIN_BATCH} rows for 1 s warm-up plus {@code seconds}; returns rows/s after it. */
    private static double timeBatches(int seconds, Batch batch) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long warm = System.nanoTime() + 1_000_000_000L;
        long counted = 0;
        long startCount = -1;
        long startNanos = 0;
        while (System.nanoTime() < end + 1_000_000_000L) {
            batch.run();
            counted += PLAIN_BATCH;
            if (startCount < 0 && System.nanoTime() > warm) {
                startCount = counted;
                startNanos = System.nanoTime();
            }
        }
        return (counted - startCount) / ((System.nanoTime() - startNanos) / 1e9);
    }

    interface Op {
        void run(Random r, long i) throws Exception;
    }

    /** Runs writers for 1 s warm-up plus {@code seconds}; returns completed operations per second after warm-up. */
    static double run(int writers, int seconds, Op op) throws Exception {
        LongAdder done = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(writers);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            long seed = w;
            Thread t = new Thread(() -> {
                Random r = new Random(seed);
                try {
                    for (long i = 0; !stop.get(); i++) {
                        op.run(r, i);
                        done.increment();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    finished.countDown();
                }
            });
            threads.add(t);
            t.start();
        }
        finished.await(1, java.util.concurrent.TimeUnit.SECONDS);
        long before = done.sum();
        long t0 = System.nanoTime();
        finished.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
        long after = done.sum();
        long t1 = System.nanoTime();
        stop.set(true);
        finished.await();
        return (after - before) / ((t1 - t0) / 1e9);
    }

}
