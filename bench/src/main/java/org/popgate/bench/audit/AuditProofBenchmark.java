package org.popgate.bench.audit;

import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.checkpoint.Checkpoint;
import org.popgate.audit.checkpoint.CheckpointSigner;
import org.popgate.audit.checkpoint.CheckpointVerifier;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.CanonicalEncoding;
import org.popgate.audit.event.SubjectIndex;
import org.popgate.audit.log.IntegrityAlarm;
import org.popgate.audit.merkle.Merkle;
import org.popgate.audit.merkle.MerkleTree;
import org.popgate.audit.store.JdbcAuditStore;
import org.popgate.audit.store.PendingRow;
import org.popgate.audit.store.StoredCheckpoint;
import org.popgate.audit.verify.AuditVerifier;
import org.popgate.audit.verify.VerificationReport;

/**
 * Proof generation and verification at 1M events (in-memory tree of complete subtree hashes), and
 * full verification (start-up check) of a stored 1M-event log. Args: {@code [events] [h2|pg|none]}.
 */
public final class AuditProofBenchmark {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String db = args.length > 1 ? args[1] : "none";
        proofs(n);
        if (!db.equals("none")) {
            fullVerification(n, db);
        }
    }

    static void proofs(int n) {
        Random r = new Random(1);
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            leaves.add(CanonicalEncoding.encode(AuditBenchSupport.event(r, i)));
        }
        MerkleTree tree = new MerkleTree(AuditSuite.INTL);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            tree.appendEntry(leaves.get(i % 1000));
        }
        long build = System.nanoTime() - t0;
        byte[] root = tree.root();
        int rounds = 50_000;
        for (int warm = 0; warm < 2; warm++) {
            long gen = 0;
            long ver = 0;
            long cgen = 0;
            long cver = 0;
            int ok = 0;
            for (int i = 0; i < rounds; i++) {
                long m = r.nextInt(n);
                long a = System.nanoTime();
                List<byte[]> proof = tree.inclusionProof(m, n);
                long b = System.nanoTime();
                ok += Merkle.verifyInclusion(AuditSuite.INTL, m, n, tree.leafHash(m), proof, root) ? 1 : 0;
                long c = System.nanoTime();
                long first = 1 + r.nextInt(n - 1);
                List<byte[]> cons = tree.consistencyProof(first, n);
                long d = System.nanoTime();
                byte[] firstRoot = tree.root(first);
                long e = System.nanoTime();
                ok += Merkle.verifyConsistency(AuditSuite.INTL, first, n, firstRoot, root, cons) ? 1 : 0;
                long f = System.nanoTime();
                gen += b - a;
                ver += c - b;
                cgen += d - c;
                cver += f - e;
            }
            if (warm == 1) {
                System.out.printf("tree of %,d leaves built in %.2f s (%.0f leaves/s, ~%d MB of node hashes)%n", n,
                        build / 1e9, n / (build / 1e9), (long) n * 64 / 1_000_000);
                System.out.printf("inclusion proof:   generate %.1f µs, verify %.1f µs (%d of %d verified)%n",
                        gen / 1e3 / rounds, ver / 1e3 / rounds, ok, 2 * rounds);
                System.out.printf("consistency proof: generate %.1f µs, verify %.1f µs%n", cgen / 1e3 / rounds,
                        cver / 1e3 / rounds);
            }
        }
    }

    /** Reads every column of every row in order, as the verifier does, and checks nothing; returns a checksum of what it read. */
    static long plainScan(DataSource ds) throws java.sql.SQLException {
        try (java.sql.Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT seq, event_id, event_type, occurred_at,"
                    + " actor_person, actor_member, actor_department, approval_id, exchange_id, subject_count, leaf,"
                    + " row_seal FROM audit_event ORDER BY seq")) {
                ps.setFetchSize(5000);
                if (ps.isWrapperFor(org.postgresql.PGStatement.class)) {
                    ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
                }
                long bytes = 0;
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        bytes += rs.getLong(1) + rs.getString(2).length() + rs.getString(3).length()
                                + rs.getObject(4, java.time.OffsetDateTime.class).getNano()
                                + length(rs.getString(5)) + length(rs.getString(6)) + length(rs.getString(7))
                                + length(rs.getString(8)) + length(rs.getString(9)) + rs.getLong(10)
                                + rs.getBytes(11).length + rs.getBytes(12).length;
                    }
                }
                return bytes;
            } finally {
                c.rollback();
            }
        }
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    static void fullVerification(int n, String db) throws Exception {
        DataSource ds = db.equals("pg") ? AuditBenchSupport.pg("audit_bench_verify")
                : AuditBenchSupport.h2(AuditBenchSupport.tempDir());
        AuditBenchSupport.createSchema(ds, db.equals("pg"));
        KeyPair key = AuditBenchSupport.auditKey();
        CheckpointVerifier verifier = new CheckpointVerifier(AuditSuite.INTL, AuditBenchSupport.ORIGIN,
                AuditBenchSupport.ORIGIN, key.getPublic());
        try (JdbcAuditStore store = new JdbcAuditStore(ds, AuditBenchSupport.sealer(), false)) {
            Random r = new Random(2);
            MerkleTree tree = new MerkleTree(AuditSuite.INTL);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i += 1000) {
                List<PendingRow> batch = new ArrayList<>();
                for (int k = 0; k < 1000 && i + k < n; k++) {
                    AuditEvent e = AuditBenchSupport.event(r, i + k);
                    byte[] leaf = CanonicalEncoding.encode(e);
                    byte[] hash = Merkle.leafHash(AuditSuite.INTL, leaf);
                    batch.add(new PendingRow(e, leaf, hash, SubjectIndex.empty()));
                    tree.appendLeafHash(hash);
                }
                store.append(tree.size() - batch.size(), batch);
            }
            System.out.printf("filled %,d events into %s in %.1f s%n", n, db, (System.nanoTime() - t0) / 1e9);
            var signed = new CheckpointSigner(AuditSuite.INTL, AuditBenchSupport.ORIGIN, key.getPrivate(), key.getPublic())
                    .sign(new Checkpoint(AuditBenchSupport.ORIGIN, n, tree.root(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            store.saveCheckpoint(new StoredCheckpoint(-1, n, tree.root(), signed.checkpoint().time(), signed.note(), null));
            // Baseline in the same run: a plain scan of the same rows (every column read, nothing checked),
            // alternating with the full verification; three runs each, the first one counts as warm-up.
            java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            com.sun.management.OperatingSystemMXBean process = (com.sun.management.OperatingSystemMXBean) os;
            double[] scanWall = new double[3];
            double[] verifyWall = new double[3];
            for (int run = 0; run < 3; run++) {
                long a = System.nanoTime();
                long cpu = process.getProcessCpuTime();
                long sink = plainScan(ds);
                scanWall[run] = (System.nanoTime() - a) / 1e9;
                System.out.printf("plain scan of %,d rows on %s (run %d): %.2f s wall, %.2f s process CPU (checksum %d)%n", n,
                        db, run + 1, scanWall[run], (process.getProcessCpuTime() - cpu) / 1e9, sink);
                a = System.nanoTime();
                cpu = process.getProcessCpuTime();
                VerificationReport report = new AuditVerifier(store, verifier, AuditBenchSupport.sealer(), List.of())
                        .startupCheck(new IntegrityAlarm()).report();
                verifyWall[run] = (System.nanoTime() - a) / 1e9;
                System.out.printf("full verification of %,d events on %s (run %d): %.2f s wall, %.2f s process CPU, ok=%s%n",
                        n, db, run + 1, verifyWall[run], (process.getProcessCpuTime() - cpu) / 1e9, report.ok());
            }
            System.out.printf("%n| %s, %,d events | run 2 | run 3 |%n|---|---|---|%n", db, n);
            System.out.printf("| plain scan of the rows (baseline), s | %.2f | %.2f |%n", scanWall[1], scanWall[2]);
            System.out.printf("| full verification, s | %.2f | %.2f |%n", verifyWall[1], verifyWall[2]);
            System.out.printf("| verification ÷ scan | %.2f | %.2f |%n", verifyWall[1] / scanWall[1], verifyWall[2] / scanWall[2]);
        } finally {
            if (db.equals("pg")) {
                AuditBenchSupport.dropPg("audit_bench_verify");
            }
        }
    }
}
