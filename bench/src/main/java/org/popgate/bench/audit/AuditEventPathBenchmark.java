package org.popgate.bench.audit;

import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.popgate.audit.AuditSuite;
import org.popgate.audit.event.AuditEvent;
import org.popgate.audit.event.CanonicalEncoding;
import org.popgate.audit.merkle.Merkle;

/**
 * What an append costs the calling thread before it joins a batch, on the audit benchmark's event mix: the event
 * built and validated, its canonical bytes, its leaf hash ({@code AuditLog.append}); and what a full verification
 * pays per row to decode the stored bytes (decode re-encodes them to prove they are canonical). Baseline in the same
 * run: the leaf hash alone over the same bytes (one SHA-256 of ~300 bytes), the part no encoding can avoid.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AuditEventPathBenchmark {

    private static final int EVENTS = 1024;

    private final AuditEvent.Builder[] builders = new AuditEvent.Builder[EVENTS];
    private final AuditEvent[] events = new AuditEvent[EVENTS];
    private final byte[][] leaves = new byte[EVENTS][];
    private final MessageDigest md = AuditSuite.INTL.newDigest();
    private int next;

    @Setup
    public void setUp() {
        Random r = new Random(11);
        for (int i = 0; i < EVENTS; i++) {
            events[i] = AuditBenchSupport.event(r, i);
            builders[i] = events[i].toBuilder();
            leaves[i] = CanonicalEncoding.encode(events[i]);
        }
    }

    private int nextIndex() {
        next = (next + 1) & (EVENTS - 1);
        return next;
    }

    /** Baseline: {@code H(0x00 || leaf)} with a digest the thread keeps. */
    @Benchmark
    public byte[] leafHashOnly() {
        return Merkle.leafHash(md, leaves[nextIndex()]);
    }

    /** What {@code AuditLog.append} does with a built event: encode it and hash the leaf with a fresh digest. */
    @Benchmark
    public byte[] encodeAndHash() {
        byte[] leaf = CanonicalEncoding.encode(events[nextIndex()]);
        return Merkle.leafHash(AuditSuite.INTL, leaf);
    }

    /** The caller's whole share: build (validate) the event, then encode and hash it. */
    @Benchmark
    public byte[] buildEncodeAndHash() {
        AuditEvent e = builders[nextIndex()].build();
        return Merkle.leafHash(AuditSuite.INTL, CanonicalEncoding.encode(e));
    }

    /** A full verification's per-row decode of the stored bytes. */
    @Benchmark
    public AuditEvent decode() {
        return CanonicalEncoding.decode(leaves[nextIndex()]);
    }
}
