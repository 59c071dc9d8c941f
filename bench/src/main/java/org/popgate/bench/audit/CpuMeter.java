package org.popgate.bench.audit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent over a measured window, split into this JVM and the local PostgreSQL server (every process named
 * {@code postgres}: the backends and the WAL writer, checkpointer and autovacuum they keep busy). It tells a rate that
 * is bound by the machine's CPU from one bound by waiting: on a shared two-core VM the sum per operation, set against
 * the cores, gives the highest rate the work could reach there. The server's share is read from Linux's {@code /proc}
 * and so only counts a server on this machine; elsewhere, and for H2 (which runs inside the JVM), it is reported as
 * unknown.
 */
final class CpuMeter {

    /** Clock ticks per second of {@code /proc/[pid]/stat} (USER_HZ: 100 on every Linux architecture Java runs on). */
    static final double TICKS_PER_SECOND = 100;

    private final com.sun.management.OperatingSystemMXBean jvm =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long jvmStart;
    private long serverStart;
    private long jvmNanos;
    private long serverSpent;
    private final boolean postgres;

    /** @param postgres whether the database is a PostgreSQL server (counted when it runs on this machine) */
    CpuMeter(boolean postgres) {
        this.postgres = postgres;
    }

    void start() {
        jvmStart = jvm.getProcessCpuTime();
        serverStart = postgres ? serverTicks() : -1;
    }

    void stop() {
        jvmNanos = jvm.getProcessCpuTime() - jvmStart;
        long now = postgres ? serverTicks() : -1;
        serverSpent = now < 0 || serverStart < 0 ? -1 : now - serverStart;
    }

    /** CPU microseconds this JVM spent per operation over the window. */
    double jvmMicrosPer(double operations) {
        return jvmNanos / 1e3 / operations;
    }

    /** CPU microseconds the local PostgreSQL server spent per operation over the window; NaN when unknown. */
    double serverMicrosPer(double operations) {
        return serverSpent < 0 ? Double.NaN : serverSpent / TICKS_PER_SECOND * 1e6 / operations;
    }

    /** utime + stime of every process named postgres, in clock ticks; -1 without /proc. */
    private static long serverTicks() {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return -1;
        }
        long total = 0;
        try (Stream<Path> entries = Files.list(proc)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                total += postgresTicks(p.resolve("stat"));
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    /** utime + stime of one process, in clock ticks; 0 when it is not a postgres process or has ended. */
    static long postgresTicks(Path stat) {
        String line;
        try {
            line = Files.readString(stat);
        } catch (IOException | RuntimeException e) {
            return 0; // the process ended meanwhile
        }
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open || !line.substring(open + 1, close).equals("postgres")) {
            return 0;
        }
        // after "pid (comm) ": state is field 3; utime and stime are fields 14 and 15
        String[] f = line.substring(close + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
