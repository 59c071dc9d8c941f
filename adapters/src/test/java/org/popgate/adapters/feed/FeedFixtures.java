package org.popgate.adapters.feed;

import java.nio.charset.Charset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.popgate.crypto.idnumber.IdNumbers;

/** Small builders for feed tests: valid ID numbers and CSV feed files. */
public final class FeedFixtures {

    public static final LocalDate TODAY = LocalDate.of(2026, 1, 2);
    public static final Charset GB18030 = Charset.forName("GB18030");

    private FeedFixtures() {}

    /** A valid ID of 新田县 for the birth date; odd sequence = male. */
    public static String id(LocalDate birth, int sequence) {
        return IdNumbers.compose("431128", birth, sequence);
    }

    /** A valid ID whose check character is X. */
    public static String idEndingInX(LocalDate birth) {
        for (int seq = 0; seq < 1000; seq++) {
            String id = IdNumbers.compose("431128", birth, seq);
            if (id.endsWith("X")) {
                return id;
            }
        }
        throw new IllegalStateException("no X check character that day");
    }

    /** A CSV feed file's text: header, column line, rows and the trailer. */
    public static String csv(String format, String encoding, String extra, String columns, List<String> rows) {
        List<String> lines = new ArrayList<>();
        lines.add("#popgate-feed " + format + " v1 encoding=" + encoding + " date=" + TODAY + " sender=431128." + format
                + (extra.isEmpty() ? "" : " " + extra));
        lines.add(columns);
        lines.addAll(rows);
        lines.add("#end records=" + rows.size());
        return String.join("\r\n", lines) + "\r\n";
    }

    /** A feed sink that keeps everything. */
    public static final class Collect implements ParseSink, FeedSink {
        public final List<ParsedRecord> parsed = new ArrayList<>();
        public final List<RejectedRecord> rejected = new ArrayList<>();

        @Override
        public void parsed(ParsedRecord record) {
            parsed.add(record);
        }

        @Override
        public void accepted(ParsedRecord record) {
            parsed.add(record);
        }

        @Override
        public void rejected(RejectedRecord record) {
            rejected.add(record);
        }
    }
}
