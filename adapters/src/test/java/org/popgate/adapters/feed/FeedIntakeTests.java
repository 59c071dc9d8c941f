package org.popgate.adapters.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.popgate.adapters.feed.FeedFixtures.TODAY;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.education.RosterFileParser;
import org.popgate.adapters.police.PoliceChangeFileParser;

class FeedIntakeTests {

    final FeedIntake intake = new FeedIntake(new FeedValidator(PopulationState.EMPTY,
            KnownAreas.shippedPlus(List.of("431128100001")), TODAY));

    static String birth(String no, String area) {
        return no + ",BIRTH,2026-01-02,," + FeedFixtures.id(LocalDate.of(2025, 12, 1), Integer.parseInt(no.substring(1)) * 2 + 1)
                + ",张小,M,2025-12-01," + area + ",," + FeedFixtures.id(LocalDate.of(1990, 1, 1), 2) + ",,,";
    }

    @Test
    void policeFileAppliesItsGoodRecordsAndKeepsItsRejects() {
        String text = FeedFixtures.csv("police", "UTF-8", "", PoliceChangeFileParser.columnLine(),
                List.of(birth("P1", "431128100001"), birth("P2", "431128100999"), birth("P3", "431128100001")));
        FeedFixtures.Collect sink = new FeedFixtures.Collect();
        FeedReport report = intake.run(Counterpart.POLICE, new PoliceChangeFileParser(FeedLimits.DEFAULT, TODAY)::parse,
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), sink);
        assertThat(report.applies()).isTrue();
        assertThat(report.accepted()).isEqualTo(2);
        assertThat(report.rejectedByCode()).containsEntry(FeedRejectCode.UNKNOWN_AREA, 1L);
        assertThat(sink.rejected).singleElement().satisfies(r -> assertThat(r.original()).isEqualTo(birth("P2", "431128100999")));
    }

    @Test
    void truncatedPoliceFileAppliesNothing() {
        String text = FeedFixtures.csv("police", "UTF-8", "", PoliceChangeFileParser.columnLine(),
                List.of(birth("P1", "431128100001")));
        byte[] cut = text.substring(0, text.indexOf("#end")).getBytes(StandardCharsets.UTF_8);
        FeedReport report = intake.run(Counterpart.POLICE, new PoliceChangeFileParser(FeedLimits.DEFAULT, TODAY)::parse,
                new ByteArrayInputStream(cut), new FeedFixtures.Collect());
        assertThat(report.applies()).isFalse();
        assertThat(report.fileRejection()).isEqualTo(FeedRejectCode.TRUNCATED);
    }

    @Test
    void rosterWithOneBadEntryIsRejectedWholeWithEveryRejectKept() {
        String good = "S1," + FeedFixtures.id(LocalDate.of(2015, 3, 3), 41) + ",王小,M,2015-03-03,4,431128100001,2021-09-01";
        String bad = "S2," + FeedFixtures.id(LocalDate.of(2015, 3, 3), 43) + ",王二,M,2015-03-04,4,431128100001,2021-09-01";
        String text = FeedFixtures.csv("education", "UTF-8", "school=431128100901 term=2025-2026-1",
                RosterFileParser.columnLine(), List.of(good, bad));
        FeedFixtures.Collect sink = new FeedFixtures.Collect();
        FeedReport report = intake.run(Counterpart.EDUCATION, new RosterFileParser(FeedLimits.DEFAULT, TODAY)::parse,
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), sink);
        assertThat(report.applies()).isFalse();
        assertThat(report.fileRejection()).isEqualTo(FeedRejectCode.RECORD_REJECTED_IN_ATOMIC_FILE);
        assertThat(sink.rejected).extracting(RejectedRecord::code).containsExactly(FeedRejectCode.BIRTH_DATE_MISMATCH);
    }
}
