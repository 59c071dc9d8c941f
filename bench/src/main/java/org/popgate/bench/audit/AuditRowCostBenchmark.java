package org.popgate.bench.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.popgate.audit.event.SubjectIndex;
import org.popgate.audit.store.JdbcAuditStore;
import org.popgate.audit.store.StoredRow;

/**
 * What one PostgreSQL backend spends per audit row on the sequencer's path, and so the highest rate one sequencer can
 * reach on this CPU. The audit store writes every batch on one connection under one lock, so however many writers
 * and cores there are, the log grows no faster than that backend inserts rows: {@code 10^6 / (its CPU µs per row)}
 * rows/s with a whole core to itself.
 *
 * <p>It inserts the gateway's event mix (lookups with their one-person subject index) serially, the store's way: the
 * rows and their subject rows as arrays, one insert each a batch, in autocommit, with {@code synchronous_commit} off
 * as the committer's batches are under load (the WAL flush is the publisher's, on another connection). It measures the
 * backend's CPU from Linux's {@code /proc} (so the server must run on this machine) for two schemas in the same run:
 * the shipped one (V30 with V32's query indexes) and the same tables with their primary keys only, the floor that the
 * rows and their WAL cost. Args: {@code [rows per measurement] [rows per batch] [rounds]} (default 100000, 27, 3;
 * 27 is the committer's batch with 64 writers); the two schemas alternate and the medians are printed.
 */
public final class AuditRowCostBenchmark {

    private static final String SCHEMA = "audit_bench_row_cost";

    /**
     * {@code -Dbench.audit.valuesList=true}: the rows as one {@code VALUES} list with twelve parameters a row, the
     * store's form before session 11 (and the plain side's of {@code AuditAppendBenchmark}), instead of the store's
     * arrays.
     */
    private static final boolean VALUES_LIST = Boolean.getBoolean("bench.audit.valuesList");

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 27;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        double[] shipped = new double[rounds];
        double[] keysOnly = new double[rounds];
        // one round not counted first: the JVM compiles the encoding and the driver's binding meanwhile
        for (int round = -1; round < rounds; round++) {
            double s = measure(rows, batch, true);
            double k = measure(rows, batch, false);
            System.out.printf("%s: backend CPU per row: shipped indexes %.1f µs, primary keys only %.1f µs%n",
                    round < 0 ? "warm-up (not counted)" : "round " + (round + 1), s, k);
            if (round >= 0) {
                shipped[round] = s;
                keysOnly[round] = k;
            }
        }
        double s = AuditAppendBenchmark.median(shipped);
        double k = AuditAppendBenchmark.median(keysOnly);
        System.out.printf("%nmedians of %d round(s), %d rows in batches of %d:%n", rounds, rows, batch);
        System.out.printf("%-22s %18s %26s%n", "schema", "backend µs/row", "one sequencer's ceiling/s");
        System.out.printf("%-22s %18.1f %26.0f%n", "shipped (V30 + V32)", s, 1e6 / s);
        System.out.printf("%-22s %18.1f %26.0f%n", "primary keys only", k, 1e6 / k);
        System.out.printf("the query indexes: %.1f µs/row, %.0f%% of the shipped cost%n", s - k, 100 * (s - k) / s);
    }

    /** Inserts {@code rows} rows in batches; returns the backend's CPU µs per row over the last four fifths. */
    private static double measure(int rows, int batch, boolean queryIndexes) throws Exception {
        DataSource ds = AuditBenchSupport.pg(SCHEMA);
        AuditBenchSupport.createSchema(ds, true, queryIndexes);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            Path backend = CpuMeter.backendStat(c);
            if (!Files.isReadable(backend)) {
                throw new IllegalStateException("no /proc entry for the PostgreSQL backend: run the server on this"
                        + " machine");
            }
            s.execute("SET synchronous_commit TO off");
            try (PreparedStatement ps = c.prepareStatement((VALUES_LIST ? JdbcAuditStore.multiRowInsert(batch)
                    : JdbcAuditStore.EVENT_ARRAY_INSERT) + "; " + JdbcAuditStore.SUBJECT_ARRAY_INSERT)) {
                Random r = new Random(1);
                byte[] seal = new byte[32];
                List<StoredRow> batchRows = new ArrayList<>(batch);
                List<SubjectIndex> indexes = new ArrayList<>(batch);
                long countedFrom = -1;
                long startTicks = 0;
                long seq = 0;
                while (seq < rows) {
                    if (countedFrom < 0 && seq >= rows / 5) {
                        startTicks = CpuMeter.postgresTicks(backend);
                        countedFrom = seq;
                    }
                    batchRows.clear();
                    indexes.clear();
                    AuditBenchSupport.sampleRows(r, seq, batch, true, seal, batchRows, indexes);
                    seq += batch;
                    if (VALUES_LIST) {
                        AuditBenchSupport.bindMultiRow(ps, batchRows, indexes, true);
                    } else {
                        JdbcAuditStore.bindEventArrays(ps, batchRows);
                        JdbcAuditStore.bindSubjectArrays(ps, JdbcAuditStore.EVENT_COLUMN_COUNT, batchRows.get(0).seq(),
                                indexes);
                    }
                    ps.execute();
                }
                long ticks = CpuMeter.postgresTicks(backend) - startTicks;
                return ticks / CpuMeter.TICKS_PER_SECOND * 1e6 / (seq - countedFrom);
            }
        } finally {
            AuditBenchSupport.dropPg(SCHEMA);
        }
    }
}
