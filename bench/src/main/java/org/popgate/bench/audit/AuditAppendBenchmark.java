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
 * alternate round by round, after {@code -Dbench.audit.warmupRounds} (3) rounds that are not counted, and the medians
 * are printed as a table, with the CPU each side spent per append or row (this JVM, and a local PostgreSQL server).
 * H2: file database, WRITE_DELAY=0 and CHECKPOINT SYNC per batch for both. PostgreSQL: synchronous_commit on
 * (default) for both; the audit side acknowledges an append once it is durable, and under load commits a batch and
 * flushes the WAL apart (see {@code AuditLog}), {@code -Dbench.audit.flushApartFrom}.
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
        Result[][] plain = new Result[writerCounts.length][rounds];
        Result[][] audit = new Result[writerCounts.length][rounds];
        double[][] ratio = new double[writerCounts.length][rounds];
        // Warm-up rounds first (round < 0), measured the same way and not counted. A JVM compiles the audit path (encoding,
        // hashing, the driver's binding, the committer and publisher) with C2 for its first ~15 s; on two cores the
        // compiler thread then takes CPU from the writers and the server, and it costs the multi-threaded audit side
        // more than the single-threaded plain one (BENCHMARKS.md, audit, "Session 8").
        for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
            for (int w = 0; w < writerCounts.length; w++) {
                Result p = measurePlain(db, seconds);
                Result a = measureAudit(db, writerCounts[w], seconds);
                String label = round < 0 ? "warm-up " + (round + WARMUP_ROUNDS + 1) + " (not counted)"
                        : "round " + (round + 1);
                System.out.printf("%s: %s %d writers: %s, ratio %.0f%%%n", label, db, writerCounts[w], describe(a, p),
                        100 * a.rate() / p.rate());
                if (round >= 0) {
                    plain[w][round] = p;
                    audit[w][round] = a;
                    ratio[w][round] = a.rate() / p.rate();
                }
            }
        }
        System.out.printf("%nmedians of %d round(s), %d s each, after %d warm-up round(s); CPU in µs per append or row:"
                + " this JVM (H2 runs inside it) + the PostgreSQL server:%n", rounds, seconds, WARMUP_ROUNDS);
        System.out.printf("%-4s %-8s %10s %10s %8s %14s %16s %16s%n", "db", "writers", "audit/s", "plain/s", "ratio",
                "ratio min-max", "audit CPU", "plain CPU");
        for (int w = 0; w < writerCounts.length; w++) {
            System.out.printf("%-4s %-8d %10.0f %10.0f %7.0f%% %7.0f%%-%.0f%% %16s %16s%n", db, writerCounts[w],
                    median(audit[w], Result::rate), median(plain[w], Result::rate), 100 * median(ratio[w]),
                    100 * java.util.Arrays.stream(ratio[w]).min().orElseThrow(),
                    100 * java.util.Arrays.stream(ratio[w]).max().orElseThrow(), cpu(audit[w]), cpu(plain[w]));
        }
    }

    /** Warm-up rounds before the counted ones ({@code -Dbench.audit.warmupRounds}, default 3). */
    static final int WARMUP_ROUNDS = Integer.getInteger("bench.audit.warmupRounds", 3);

    /**
     * One measurement: operations (appends or rows) per second, and the CPU microseconds per operation that this JVM
     * and the local database server spent in the same window (NaN when the server's is unknown).
     */
    record Result(double rate, double jvmMicros, double serverMicros) {}

    private static String describe(Result audit, Result plain) {
        return String.format("audit %.0f/s (CPU %s), plain %.0f/s (CPU %s)", audit.rate(), cpu(audit), plain.rate(),
                cpu(plain));
    }

    private static String cpu(Result... results) {
        double jvm = median(results, Result::jvmMicros);
        double server = median(results, Result::serverMicros);
        return Double.isNaN(server) ? String.format("%.0f µs", jvm) : String.format("%.0f + %.0f µs", jvm, server);
    }

    private static double median(Result[] results, java.util.function.ToDoubleFunction<Result> value) {
        return median(java.util.Arrays.stream(results).mapToDouble(value).toArray());
    }

    static double median(double[] values) {
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

    static Result measureAudit(String db, int writers, int seconds) throws Exception {
        DataSource ds = fresh(db, "audit_bench_log");
        KeyPair key = AuditBenchSupport.auditKey();
        try (JdbcAuditStore store = new JdbcAuditStore(ds, AuditBenchSupport.sealer())) {
            AuditVerifier.StartupResult start = new AuditVerifier(store,
                    new CheckpointVerifier(AuditSuite.INTL, AuditBenchSupport.ORIGIN, AuditBenchSupport.ORIGIN, key.getPublic()),
                    AuditBenchSupport.sealer(), List.of()).startupCheck(new IntegrityAlarm());
            try (AuditLog log = new AuditLog(store, start.tree(), new IntegrityAlarm(),
                    AuditLog.Settings.defaults("bench").withFlushApartFrom(FLUSH_APART_FROM.getAsInt()))) {
                return run(writers, seconds, CpuMeter.of(ds, db.equals("pg")), (r, i) -> {
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
    static Result measurePlain(String db, int seconds) throws Exception {
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
            return timeBatches(seconds, CpuMeter.of(ds, pg), () -> {
                rows.clear();
                indexes.clear();
                int m = AuditBenchSupport.sampleRows(r, seq[0], PLAIN_BATCH, SUBJECTS, seal, rows, indexes);
                seq[0] += PLAIN_BATCH;
                if (pg) {
                    // the audit store's technique: a multi-row insert of the rows and one of their subject rows sent
                    // as three arrays, one pipeline in autocommit (one round trip, one transaction)
                    PreparedStatement ps = m > 0 ? withSubjects : eventsOnly;
                    AuditBenchSupport.bindMultiRow(ps, rows, indexes, m > 0);
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

    /**
     * Runs batches of {@value #PLAIN_BATCH} rows for 1 s warm-up plus {@code seconds}; measures rows/s, and the CPU per
     * row, after it.
     */
    private static Result timeBatches(int seconds, CpuMeter cpu, Batch batch) throws Exception {
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
                cpu.start();
            }
        }
        cpu.stop();
        double rows = counted - startCount;
        return new Result(rows / ((System.nanoTime() - startNanos) / 1e9), cpu.jvmMicrosPer(rows),
                cpu.serverMicrosPer(rows));
    }

    interface Op {
        void run(Random r, long i) throws Exception;
    }

    /**
     * Runs writers for 1 s warm-up plus {@code seconds}; measures completed operations per second, and the CPU per
     * operation, after warm-up.
     */
    static Result run(int writers, int seconds, CpuMeter cpu, Op op) throws Exception {
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
        cpu.start();
        finished.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
        long after = done.sum();
        long t1 = System.nanoTime();
        cpu.stop();
        stop.set(true);
        finished.await();
        double ops = after - before;
        return new Result(ops / ((t1 - t0) / 1e9), cpu.jvmMicrosPer(ops), cpu.serverMicrosPer(ops));
    }

}
