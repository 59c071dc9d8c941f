package org.popgate.adapters.civilaffairs;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import org.popgate.adapters.feed.FeedException;
import org.popgate.adapters.feed.FeedFixtures;
import org.popgate.adapters.feed.FeedLimits;

/**
 * Fuzz target: every input either parses or is rejected with a FeedRejectCode, never another exception.
 * Regression mode (the seed corpus in src/test/resources) runs in every build; fuzz with JAZZER_FUZZ=1.
 */
class CivilAffairsMessageParserFuzzTests {

    private static final FeedLimits LIMITS = new FeedLimits(512, 10_000, 4096);

    @FuzzTest(maxDuration = "30s")
    void parsesOrRejectsWithACode(byte[] input) {
        try {
            new CivilAffairsMessageParser(LIMITS, FeedFixtures.TODAY).parse(new ByteArrayInputStream(input), new FeedFixtures.Collect());
        } catch (FeedException expected) {
            if (expected.code() == null) {
                throw new AssertionError("a rejection without a code");
            }
        }
    }
}
