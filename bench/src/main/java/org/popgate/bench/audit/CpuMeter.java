package org.popgate.bench.audit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * CPU time spent over a measured window, split into this JVM and the local PostgreSQL server that the benchmark's
 * database is on (its postmaster and every process the postmaster started: the backends and the WAL writer,
 * checkpointer and autovacuum they keep busy; another cluster on the same machine is not counted). It tells a rate that
 * is bound by the machine's CPU from one bound by waiting: on a shared two-core VM the sum per operation, set against
 * the cores, gives the highest rate the work could reach there. The server's share is read from Linux's {@code /proc}
 * and so only counts a server on this machine; elsewhere, and for H2 (which runs inside the JVM), it is reported as
 * unknown.
 */
final class CpuMeter {

    /** Clock ticks per second of {@code /proc/[pid]/stat} (USER_HZ: 100 on every Linux architecture Java runs on). */
    static final double TICKS_PER_SECOND = 100;

    /** Fields of {@link #stat}'s answer: the parent pid, and utime + stime. */
    private static final int PPID = 0;
    private static final int TICKS = 1;

    private final com.sun.management.OperatingSystemMXBean jvm =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long jvmStart;
    private long serverStart;
    private long jvmNanos;
    private long serverSpent;
    /** The postmaster of the server measured; -1 when there is none to measure (H2, or a server elsewhere). */
    private final long postmaster;

    private CpuMeter(long postmaster) {
        this.postmaster = postmaster;
    }

    /** Measures this JVM and, when {@code ds} is a PostgreSQL server on this machine, that server. */
    static CpuMeter of(DataSource ds, boolean postgres) throws SQLException {
        if (!postgres) {
            return new CpuMeter(-1);
        }
        try (Connection c = ds.getConnection()) {
            long[] backend = stat(backendStat(c));
            return new CpuMeter(backend == null ? -1 : backend[PPID]);
        }
    }

    /** The {@code /proc} stat file of the PostgreSQL backend serving {@code c} (present when the server is local). */
    static Path backendStat(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return Path.of("/proc", Integer.toString(rs.getInt(1)), "stat");
        }
    }

    void start() {
        jvmStart = jvm.getProcessCpuTime();
        serverStart = serverTicks();
    }

    void stop() {
        jvmNanos = jvm.getProcessCpuTime() - jvmStart;
        long now = serverTicks();
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

    /** utime + stime of the postmaster and its children, in clock ticks; -1 when unknown. */
    private long serverTicks() {
        Path proc = Path.of("/proc");
        if (postmaster < 0 || !Files.isDirectory(proc)) {
            return -1;
        }
        long total = 0;
        try (Stream<Path> entries = Files.list(proc)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long[] f = stat(p.resolve("stat"));
                if (f != null && (Long.parseLong(name) == postmaster || f[PPID] == postmaster)) {
                    total += f[TICKS];
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    /** utime + stime of one process, in clock ticks; 0 when it is not a postgres process or has ended. */
    static long postgresTicks(Path stat) {
        long[] f = stat(stat);
        return f == null ? 0 : f[TICKS];
    }

    /** A postgres process's parent pid and utime + stime in clock ticks; null when it is another program or ended. */
    private static long[] stat(Path stat) {
        String line;
        try {
            line = Files.readString(stat);
        } catch (IOException | RuntimeException e) {
            return null; // the process ended meanwhile
        }
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open || !line.substring(open + 1, close).equals("postgres")) {
            return null;
        }
        // after "pid (comm) ": state is field 3, the parent pid field 4; utime and stime are fields 14 and 15
        String[] f = line.substring(close + 2).split(" ");
        return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12])};
    }
}
