package org.popgate.adapters.civilaffairs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.popgate.adapters.feed.FeedFixtures.TODAY;
import static org.popgate.adapters.feed.FeedFixtures.id;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.feed.ChangeRecord;
import org.popgate.adapters.feed.FeedException;
import org.popgate.adapters.feed.FeedFixtures;
import org.popgate.adapters.feed.FeedLimits;
import org.popgate.adapters.feed.FeedRejectCode;
import org.popgate.adapters.feed.Reason;

class CivilAffairsMessageParserTests {

    static final String HUSBAND = id(LocalDate.of(1998, 1, 1), 11);
    static final String WIFE = id(LocalDate.of(2000, 2, 2), 12);

    static String marriage(String messageId, String wife) {
        return "{\"schema\":\"popgate.civilaffairs.v1\",\"messageId\":\"" + messageId + "\",\"kind\":\"marriage\","
                + "\"office\":\"431128\",\"certificateNo\":\"J431128-2026-000001\",\"marriageDate\":\"2026-01-02\","
                + "\"husband\":{\"idNumber\":\"" + HUSBAND + "\",\"name\":\"王强\"},"
                + "\"wife\":{\"idNumber\":\"" + wife + "\",\"name\":\"李芳\"}}";
    }

    static FeedFixtures.Collect parse(String text) {
        FeedFixtures.Collect sink = new FeedFixtures.Collect();
        new CivilAffairsMessageParser(FeedLimits.DEFAULT, TODAY)
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), sink);
        return sink;
    }

    @Test
    void readsMarriageDivorceAndCremationMessages() {
        String death = "{\"schema\":\"popgate.civilaffairs.v1\",\"messageId\":\"M3\",\"kind\":\"death\",\"area\":\"431128100001\","
                + "\"certificateNo\":\"H1\",\"dateOfDeath\":\"2025-12-30\",\"cremationDate\":\"2026-01-01\","
                + "\"person\":{\"idNumber\":\"" + id(LocalDate.of(1930, 1, 1), 1) + "\",\"name\":\"周老\"}}";
        FeedFixtures.Collect sink = parse(marriage("M1", WIFE) + "\n" + marriage("M2", WIFE).replace("marriage\"", "divorce\"")
                .replace("marriageDate", "divorceDate") + "\n" + death);
        assertThat(sink.rejected).isEmpty();
        assertThat(sink.parsed).extracting(p -> (Object) p.record().getClass())
                .containsExactly(ChangeRecord.Marriage.class, ChangeRecord.Divorce.class, ChangeRecord.Cremation.class);
        ChangeRecord.Marriage m = (ChangeRecord.Marriage) sink.parsed.get(0).record();
        assertThat(m.wifeName()).isEqualTo("李芳");
        assertThat(m.husband().value()).isEqualTo(HUSBAND);
    }

    @Test
    void readsAnArrayBatchAsWellAsJsonLines() {
        FeedFixtures.Collect sink = parse("[" + marriage("M1", WIFE) + "," + marriage("M2", WIFE) + "]");
        assertThat(sink.parsed).hasSize(2);
    }

    @Test
    void rejectsOnlyTheMessageWithAMissingOrBadField() {
        FeedFixtures.Collect sink = parse(marriage("M1", WIFE).replace("\"name\":\"李芳\"", "\"name\":null") + "\n"
                + marriage("M2", WIFE).replace("2026-01-02", "02/01/2026") + "\n" + marriage("M3", "12345"));
        assertThat(sink.parsed).isEmpty();
        assertThat(sink.rejected).extracting(r -> r.reasons().get(0)).containsExactly(
                Reason.of(FeedRejectCode.MISSING_FIELD, "wife.name"), Reason.of(FeedRejectCode.BAD_DATE, "marriageDate"),
                Reason.of(FeedRejectCode.BAD_ID_NUMBER, "id_bad_length"));
        assertThat(sink.rejected.get(0).original()).contains("\"wife\"");
    }

    @Test
    void rejectsAmbiguousMessageWithARepeatedField() {
        FeedFixtures.Collect sink = parse(marriage("M1", WIFE).replace("{\"schema\"", "{\"kind\":\"death\",\"schema\""));
        assertThat(sink.rejected).singleElement().satisfies(r -> assertThat(r.code()).isEqualTo(FeedRejectCode.BAD_VALUE));
    }

    @Test
    void rejectsTruncatedAndMalformedAndMisencodedInputWhole() {
        String m = marriage("M1", WIFE);
        assertThatThrownBy(() -> parse(m.substring(0, m.length() - 20)))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.code()).isEqualTo(FeedRejectCode.TRUNCATED));
        assertThatThrownBy(() -> parse(m.replace("\"kind\":", "\"kind\" ")))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.code()).isEqualTo(FeedRejectCode.BAD_JSON));
        byte[] gb = m.getBytes(FeedFixtures.GB18030);
        assertThatThrownBy(() -> new CivilAffairsMessageParser(FeedLimits.DEFAULT, TODAY)
                        .parse(new ByteArrayInputStream(gb), new FeedFixtures.Collect()))
                .isInstanceOfSatisfying(FeedException.class, e -> {
                    assertThat(e.code()).isEqualTo(FeedRejectCode.BAD_ENCODING);
                    assertThat(e.getMessage()).doesNotContain(WIFE, "李");
                });
        assertThatThrownBy(() -> parse(""))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.code()).isEqualTo(FeedRejectCode.EMPTY));
    }

    @Test
    void rejectsOversizedMessagesAndDeepNesting() {
        String big = marriage("M1", WIFE).replace("王强", "王".repeat(70_000));
        assertThatThrownBy(() -> parse(big))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.code()).isEqualTo(FeedRejectCode.TOO_LARGE));
        String deep = "{\"a\":".repeat(20) + "1" + "}".repeat(20);
        assertThatThrownBy(() -> parse(deep))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.code()).isEqualTo(FeedRejectCode.TOO_LARGE));
    }
}
