package org.popgate.adapters.police;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.popgate.adapters.feed.FeedFixtures.GB18030;
import static org.popgate.adapters.feed.FeedFixtures.TODAY;
import static org.popgate.adapters.feed.FeedFixtures.csv;
import static org.popgate.adapters.feed.FeedFixtures.id;

import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.feed.ChangeRecord;
import org.popgate.adapters.feed.FeedException;
import org.popgate.adapters.feed.FeedFixtures;
import org.popgate.adapters.feed.FeedLimits;
import org.popgate.adapters.feed.FeedRejectCode;
import org.popgate.adapters.feed.Reason;

class PoliceChangeFileParserTests {

    static final LocalDate MOTHER_BIRTH = LocalDate.of(1995, 3, 4);
    static final LocalDate CHILD_BIRTH = LocalDate.of(2025, 12, 20);
    static final String MOTHER = id(MOTHER_BIRTH, 22);
    static final String CHILD = id(CHILD_BIRTH, 31);

    static String birthRow(String changeNo, String childId, String name) {
        return changeNo + ",BIRTH,2026-01-02,," + childId + "," + name + ",M,2025-12-20,431128100001,," + MOTHER + ",,,Q43000000001";
    }

    static FeedFixtures.Collect parse(String text, Charset charset) {
        FeedFixtures.Collect sink = new FeedFixtures.Collect();
        new PoliceChangeFileParser(FeedLimits.DEFAULT, TODAY).parse(new ByteArrayInputStream(text.getBytes(charset)), sink);
        return sink;
    }

    static String file(String encoding, List<String> rows) {
        return csv("police", encoding, "", PoliceChangeFileParser.columnLine(), rows);
    }

    @Test
    void readsGb18030FileWithChineseNamesIntact() {
        String text = file("GB18030", List.of(birthRow("P1", CHILD, "欧阳晓燕"), birthRow("P2", id(CHILD_BIRTH, 33), "李䶮")));
        FeedFixtures.Collect sink = parse(text, GB18030);
        assertThat(sink.rejected).isEmpty();
        assertThat(sink.parsed).extracting(p -> ((ChangeRecord.BirthRegistration) p.record()).name())
                .containsExactly("欧阳晓燕", "李䶮");
        assertThat(sink.parsed.get(0).original()).isEqualTo(birthRow("P1", CHILD, "欧阳晓燕"));
    }

    @Test
    void rejectsFileWhoseBytesDoNotDecodeAsDeclared() {
        String text = file("UTF-8", List.of(birthRow("P1", CHILD, "欧阳晓燕")));
        assertThatThrownBy(() -> parse(text, GB18030))
                .isInstanceOfSatisfying(FeedException.class, e -> {
                    assertThat(e.code()).isEqualTo(FeedRejectCode.BAD_ENCODING);
                    assertThat(e.position()).isEqualTo(3);
                });
    }

    @Test
    void rejectsUnsupportedEncodingDeclaration() {
        String text = file("Big5", List.of());
        assertThatThrownBy(() -> parse(text, StandardCharsets.UTF_8))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.code()).isEqualTo(FeedRejectCode.UNSUPPORTED_ENCODING));
    }

    @Test
    void rejectsFileCutBeforeItsTrailer() {
        String text = file("UTF-8", List.of(birthRow("P1", CHILD, "张三"), birthRow("P2", id(CHILD_BIRTH, 33), "李四")));
        String cut = text.substring(0, text.indexOf("#end") - 10);
        assertThatThrownBy(() -> parse(cut, StandardCharsets.UTF_8))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.code()).isEqualTo(FeedRejectCode.TRUNCATED));
    }

    @Test
    void rejectsFileWithFewerRecordsThanItsTrailerDeclares() {
        String text = file("UTF-8", List.of(birthRow("P1", CHILD, "张三"))).replace("records=1", "records=2");
        assertThatThrownBy(() -> parse(text, StandardCharsets.UTF_8))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.code()).isEqualTo(FeedRejectCode.TRUNCATED));
    }

    @Test
    void rejectsFileWithUnexpectedColumnHeader() {
        String text = csv("police", "UTF-8", "", "change_no,change_type", List.of());
        assertThatThrownBy(() -> parse(text, StandardCharsets.UTF_8))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.code()).isEqualTo(FeedRejectCode.WRONG_COLUMN_HEADER));
    }

    @Test
    void rejectsFileWithAHugeLineWithoutReadingItWhole() {
        String huge = birthRow("P1", CHILD, "张".repeat(100_000));
        assertThatThrownBy(() -> parse(file("UTF-8", List.of(huge)), StandardCharsets.UTF_8))
                .isInstanceOfSatisfying(FeedException.class, e -> {
                    assertThat(e.code()).isEqualTo(FeedRejectCode.LINE_TOO_LONG);
                    assertThat(e.position()).isEqualTo(3);
                });
    }

    @Test
    void rejectsBinaryGarbage() {
        byte[] garbage = new byte[2000];
        new java.util.SplittableRandom(1).nextBytes(garbage);
        String header = "#popgate-feed police v1 encoding=GB18030 date=2026-01-02 sender=431128.police\n"
                + PoliceChangeFileParser.columnLine() + "\n";
        byte[] bytes = new byte[header.length() + garbage.length];
        System.arraycopy(header.getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, header.length());
        System.arraycopy(garbage, 0, bytes, header.length(), garbage.length);
        assertThatThrownBy(() -> new PoliceChangeFileParser(FeedLimits.DEFAULT, TODAY)
                        .parse(new ByteArrayInputStream(bytes), new FeedFixtures.Collect()))
                .isInstanceOfSatisfying(FeedException.class, e -> assertThat(e.code())
                        .isIn(FeedRejectCode.BINARY_CONTENT, FeedRejectCode.BAD_ENCODING, FeedRejectCode.LINE_TOO_LONG));
    }

    @Test
    void rejectsOnlyTheRecordWithWrongColumnsOrBadDates() {
        String text = file("UTF-8", List.of(birthRow("P1", CHILD, "张三"), "P2,BIRTH,2026-01-02",
                birthRow("P3", id(CHILD_BIRTH, 33), "李四").replace("2025-12-20", "2025-02-30"),
                birthRow("P4", id(CHILD_BIRTH, 35), "王五").replace("BIRTH", "ADOPTION")));
        FeedFixtures.Collect sink = parse(text, StandardCharsets.UTF_8);
        assertThat(sink.parsed).hasSize(1);
        assertThat(sink.rejected).extracting(r -> r.reasons().get(0))
                .containsExactly(Reason.of(FeedRejectCode.WRONG_COLUMNS), Reason.of(FeedRejectCode.BAD_DATE, "birth_date"),
                        Reason.of(FeedRejectCode.UNKNOWN_KIND, "change_type"));
        assertThat(sink.rejected).extracting(r -> r.position()).containsExactly(4L, 5L, 6L);
    }

    @Test
    void normalisesIdNumbersAsPeopleWriteThem() {
        LocalDate born = LocalDate.of(1980, 5, 6);
        String withX = FeedFixtures.idEndingInX(born);
        String fullWidth = toFullWidth(id(born, 13));
        String legacy = id(LocalDate.of(1965, 7, 8), 15);
        String legacy15 = legacy.substring(0, 6) + legacy.substring(8, 17);
        List<String> rows = List.of(
                "P1,DEATH,2026-01-02,2026-01-01, " + withX.toLowerCase() + " ,赵六,,,431128100001,,,,,",
                "P2,DEATH,2026-01-02,2026-01-01," + fullWidth + ",钱七,,,431128100001,,,,,",
                "P3,DEATH,2026-01-02,2026-01-01," + legacy15 + ",孙八,,,431128100001,,,,,");
        FeedFixtures.Collect sink = parse(file("UTF-8", rows), StandardCharsets.UTF_8);
        assertThat(sink.rejected).isEmpty();
        assertThat(sink.parsed).extracting(p -> p.record().subject().value())
                .containsExactly(withX, id(born, 13), legacy);
    }

    @Test
    void rejectsBadIdNumberWithItsDefectCode() {
        String bad = CHILD.substring(0, 17) + (CHILD.charAt(17) == '0' ? '1' : '0');
        FeedFixtures.Collect sink = parse(file("UTF-8", List.of(birthRow("P1", bad, "张三"))), StandardCharsets.UTF_8);
        assertThat(sink.rejected).singleElement().satisfies(r -> assertThat(r.reasons())
                .containsExactly(Reason.of(FeedRejectCode.BAD_ID_NUMBER, "id_bad_check_character")));
    }

    @Test
    void neverPrintsPersonalDataInRecordsRejectsOrErrors() {
        String text = file("UTF-8", List.of(birthRow("P1", CHILD, "欧阳晓燕"), birthRow("P2", CHILD.substring(3), "欧阳晓燕")));
        FeedFixtures.Collect sink = parse(text, StandardCharsets.UTF_8);
        String printed = sink.parsed + " " + sink.rejected;
        assertThat(printed).doesNotContain("欧阳", CHILD, MOTHER, "2025-12-20", "Q43000000001", "P1");
        FeedException e = org.junit.jupiter.api.Assertions.assertThrows(FeedException.class,
                () -> parse(text.replace("records=2", "records=x欧阳"), StandardCharsets.UTF_8));
        assertThat(e.getMessage()).doesNotContain("欧阳", CHILD, "x");
    }

    static String toFullWidth(String digits) {
        StringBuilder sb = new StringBuilder();
        for (char c : digits.toCharArray()) {
            sb.append(c >= '0' && c <= '9' ? (char) ('\uFF10' + (c - '0')) : c);
        }
        return sb.toString();
    }
}
