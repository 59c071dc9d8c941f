package org.popgate.adapters.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.civilaffairs.CivilAffairsMessageParser;
import org.popgate.adapters.education.RosterFileParser;
import org.popgate.adapters.health.HealthMessageParser;
import org.popgate.adapters.police.PoliceChangeFileParser;

/**
 * Seeded mutation run beside the Jazzer targets (whose regression mode replays only the corpus): thousands
 * of mutated seeds per parser, each must parse or fail with a FeedRejectCode, and no rejection may quote input.
 */
class ParserMutationTests {

    static final FeedLimits LIMITS = new FeedLimits(512, 10_000, 4096);

    static final String PUNCTUATION = ",\"{}[]:\n\r#=x0";

    record Target(String corpus, FeedParser parser) {}

    static final List<Target> TARGETS = List.of(
            new Target("police/PoliceChangeFileParserFuzzTestsInputs/parsesOrRejectsWithACode",
                    new PoliceChangeFileParser(LIMITS, FeedFixtures.TODAY)::parse),
            new Target("civilaffairs/CivilAffairsMessageParserFuzzTestsInputs/parsesOrRejectsWithACode",
                    new CivilAffairsMessageParser(LIMITS, FeedFixtures.TODAY)::parse),
            new Target("health/HealthMessageParserFuzzTestsInputs/parsesOrRejectsWithACode",
                    new HealthMessageParser(LIMITS, FeedFixtures.TODAY)::parse),
            new Target("education/RosterFileParserFuzzTestsInputs/parsesOrRejectsWithACode",
                    new RosterFileParser(LIMITS, FeedFixtures.TODAY)::parse));

    @Test
    void everyMutatedInputParsesOrIsRejectedWithACode() throws IOException {
        SplittableRandom random = new SplittableRandom(20260102);
        int runs = 0;
        for (Target t : TARGETS) {
            List<byte[]> seeds = seeds(t.corpus());
            assertThat(seeds).isNotEmpty();
            for (int i = 0; i < 3000; i++) {
                byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
                try {
                    t.parser().parse(new ByteArrayInputStream(input), new FeedFixtures.Collect());
                } catch (FeedException e) {
                    assertThat(e.code()).isNotNull();
                    assertThat(e.getMessage()).startsWith(e.code().code() + " at ");
                }
                runs++;
            }
        }
        assertThat(runs).isEqualTo(12_000);
    }

    static List<byte[]> seeds(String dir) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (String name : List.of("valid", "valid_gb18030", "valid_utf8", "gb18030", "truncated", "array")) {
            try (InputStream in = ParserMutationTests.class.getResourceAsStream("/org/popgate/adapters/" + dir + "/" + name)) {
                if (in != null) {
                    out.add(in.readAllBytes());
                }
            }
        }
        return out;
    }

    static byte[] mutate(byte[] seed, SplittableRandom r) {
        byte[] b = seed.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(5)) {
                case 0 -> b[at] = (byte) r.nextInt(256);
                case 1 -> b = java.util.Arrays.copyOf(b, at); // cut
                case 2 -> { // duplicate a slice
                    int len = Math.min(b.length - at, 1 + r.nextInt(64));
                    byte[] n = new byte[b.length + len];
                    System.arraycopy(b, 0, n, 0, at + len);
                    System.arraycopy(b, at, n, at + len, b.length - at);
                    b = n;
                }
                case 3 -> b[at] = (byte) PUNCTUATION.charAt(r.nextInt(PUNCTUATION.length()));
                default -> { // delete a slice
                    int len = Math.min(b.length - at, 1 + r.nextInt(16));
                    byte[] n = new byte[b.length - len];
                    System.arraycopy(b, 0, n, 0, at);
                    System.arraycopy(b, at + len, n, at, b.length - at - len);
                    b = n;
                }
            }
        }
        return b;
    }
}
