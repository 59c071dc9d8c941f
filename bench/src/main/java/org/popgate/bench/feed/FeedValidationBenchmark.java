package org.popgate.bench.feed;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Locale;
import org.popgate.adapters.feed.Counterpart;
import org.popgate.adapters.feed.FeedIntake;
import org.popgate.adapters.feed.FeedLimits;
import org.popgate.adapters.feed.FeedReport;
import org.popgate.adapters.feed.FeedSink;
import org.popgate.adapters.feed.FeedValidator;
import org.popgate.adapters.feed.ParseSink;
import org.popgate.adapters.feed.ParsedRecord;
import org.popgate.adapters.feed.RejectedRecord;
import org.popgate.adapters.police.PoliceChangeFileParser;
import org.popgate.adapters.synthetic.CountyRegister;
import org.popgate.adapters.synthetic.CountySpec;
import org.popgate.adapters.synthetic.DefectPlan;
import org.popgate.adapters.synthetic.DepartmentSimulator;

/**
 * Police change file of 100,000 records (GB18030, 2% defective records) from the simulator over a
 * 150,000-person synthetic county: parse only (strict decoding, CSV, ID normalisation and GB 11643 checks)
 * against parse + validate (logic relations, duplicates, areas, database state from an in-memory register),
 * alternating in the same run; median of the measured rounds. The database apply comes with the routes.
 *
 * <p>Run: {@code ./mvnw -o -q -Pbench -pl crypto,audit,adapters,bench verify -DskipTests
 * -Dbench.main=org.popgate.bench.feed.FeedValidationBenchmark [-Dbench.args="100000 5"]}
 */
public final class FeedValidationBenchmark {

    public static void main(String[] args) {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        CountyRegister register = CountyRegister.of(new CountySpec(431128, 150_000, DefectPlan.DEFAULT, CountySpec.DEFAULT_AS_OF));
        DepartmentSimulator simulator = new DepartmentSimulator(register);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        simulator.police(new DepartmentSimulator.Options(1, records, 0.02, null, Charset.forName("GB18030")), out);
        byte[] file = out.toByteArray();
        PoliceChangeFileParser parser = new PoliceChangeFileParser(FeedLimits.DEFAULT, simulator.feedDate());
        FeedIntake intake = new FeedIntake(new FeedValidator(register, register.knownAreas(), simulator.feedDate()));

        double[] parseOnly = new double[rounds];
        double[] validated = new double[rounds];
        FeedReport last = null;
        for (int round = -2; round < rounds; round++) { // two warm-up rounds
            long t0 = System.nanoTime();
            long[] n = new long[1];
            parser.parse(new ByteArrayInputStream(file), new ParseSink() {
                @Override
                public void parsed(ParsedRecord record) {
                    n[0]++;
                }

                @Override
                public void rejected(RejectedRecord record) {
                    n[0]++;
                }
            });
            long t1 = System.nanoTime();
            last = intake.run(Counterpart.POLICE, parser::parse, new ByteArrayInputStream(file), new FeedSink() {
                @Override
                public void accepted(ParsedRecord record) {}

                @Override
                public void rejected(RejectedRecord record) {}
            });
            long t2 = System.nanoTime();
            if (round >= 0) {
                parseOnly[round] = n[0] / ((t1 - t0) / 1e9);
                validated[round] = last.read() / ((t2 - t1) / 1e9);
            }
        }
        double p = median(parseOnly);
        double v = median(validated);
        System.out.printf(Locale.ROOT, "police change file: %,d records, %,d bytes (GB18030), %d rounds, median%n",
                records, file.length, rounds);
        System.out.printf(Locale.ROOT, "| step | records/s | ratio |%n|---|---:|---:|%n");
        System.out.printf(Locale.ROOT, "| parse only (decode, CSV, ID check) | %,.0f | 1.00 |%n", p);
        System.out.printf(Locale.ROOT, "| parse + validate | %,.0f | %.2f |%n", v, v / p);
        System.out.printf(Locale.ROOT, "accepted %,d, rejected %,d%n", last.accepted(), last.rejected());
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
