package org.popgate.adapters.education;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.popgate.adapters.feed.FeedFixtures.TODAY;
import static org.popgate.adapters.feed.FeedFixtures.csv;
import static org.popgate.adapters.feed.FeedFixtures.id;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.feed.ChangeRecord;
import org.popgate.adapters.feed.FeedException;
import org.popgate.adapters.feed.FeedFixtures;
import org.popgate.adapters.feed.FeedLimits;
import org.popgate.adapters.feed.FeedRejectCode;

class RosterFileParserTests {

    static FeedFixtures.Collect parse(String text) {
        FeedFixtures.Collect sink = new FeedFixtures.Collect();
        new RosterFileParser(FeedLimits.DEFAULT, TODAY)
                .parse(new ByteArrayInputStream(text.getBytes(FeedFixtures.GB18030)), sink);
        return sink;
    }

    @Test
    void readsARosterWithSchoolAndTermFromTheHeader() {
        String pupil = id(LocalDate.of(2015, 9, 1), 42);
        String text = csv("education", "GB18030", "school=431128100901 term=2025-2026-1", RosterFileParser.columnLine(),
                List.of("S001," + pupil + ",\"欧阳, 小红\",F,2015-09-01,4,431128100001,2021-09-01"));
        FeedFixtures.Collect sink = parse(text.replace(",F,", ",女,"));
        assertThat(sink.rejected).isEmpty();
        ChangeRecord.StudentRosterEntry e = (ChangeRecord.StudentRosterEntry) sink.parsed.get(0).record();
        assertThat(e.name()).isEqualTo("欧阳, 小红");
        assertThat(e.key().value()).isEqualTo("431128100901/2025-2026-1/S001");
    }

    @Test
    void rejectsRosterWithoutSchoolOrTerm() {
        String text = csv("education", "UTF-8", "", RosterFileParser.columnLine(), List.of());
        assertThatThrownBy(() -> parse(text))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.code()).isEqualTo(FeedRejectCode.BAD_HEADER));
    }
}
