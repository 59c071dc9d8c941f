package org.popgate.adapters.education;

import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;
import org.popgate.adapters.feed.BusinessKey;
import org.popgate.adapters.feed.ChangeRecord;
import org.popgate.adapters.feed.Counterpart;
import org.popgate.adapters.feed.CsvFeedReader;
import org.popgate.adapters.feed.FeedException;
import org.popgate.adapters.feed.FeedHeader;
import org.popgate.adapters.feed.FeedLimits;
import org.popgate.adapters.feed.FeedRejectCode;
import org.popgate.adapters.feed.Fields;
import org.popgate.adapters.feed.ParseSink;
import org.popgate.adapters.feed.ParsedRecord;
import org.popgate.adapters.feed.Reason;
import org.popgate.adapters.feed.RejectedRecord;
import org.popgate.crypto.idnumber.AreaCodes;
import org.popgate.crypto.idnumber.Gender;
import org.popgate.crypto.idnumber.IdNumber;
import org.popgate.crypto.idnumber.IdNumbers;

/**
 * Reads a school's student roster for one term (学籍名册): CSV in GB18030 or UTF-8, header
 * {@code #popgate-feed education v1 encoding=UTF-8 date=2026-01-02 sender=431128.education school=431128100901 term=2025-2026-1}.
 */
public final class RosterFileParser {

    /** Format name in the header line. */
    public static final String FORMAT = "education";

    /** The columns, in order. */
    public static final List<String> COLUMNS = List.of("student_no", "id_number", "name", "gender", "birth_date",
            "grade", "area_code", "enrolled_on");

    private final CsvFeedReader reader;
    private final LocalDate today;

    /** @param today the date against which ID birth dates "in the future" are judged */
    public RosterFileParser(FeedLimits limits, LocalDate today) {
        this.reader = new CsvFeedReader(FORMAT, COLUMNS, limits);
        this.today = today;
    }

    /** The column header line (simulators write it). */
    public static String columnLine() {
        return String.join(",", COLUMNS);
    }

    /**
     * Parses the roster, handing each entry to {@code sink}.
     *
     * @throws FeedException when the file as a whole is rejected (including a header without school or term)
     */
    public FeedHeader parse(InputStream in, ParseSink sink) {
        Fields f = new Fields(new IdNumbers(AreaCodes.shipped()::isKnown, today));
        FeedHeader read = reader.read(in, (header, line, row, original) -> {
            checkSchoolAndTerm(header);
            String school = header.attribute("school");
            String term = header.attribute("term");
            if (row == null || row.length != COLUMNS.size()) {
                sink.rejected(new RejectedRecord(line, null, List.of(Reason.of(FeedRejectCode.WRONG_COLUMNS)), original));
                return;
            }
            f.reset();
            String studentNo = f.text("student_no", row[0], 32);
            BusinessKey key = studentNo == null ? null
                    : new BusinessKey(Counterpart.EDUCATION, school + "/" + term + "/" + studentNo);
            Gender gender = f.gender("gender", row[3]);
            IdNumber student = f.id("id_number", row[1], gender);
            String name = f.name("name", row[2]);
            LocalDate birth = f.date("birth_date", row[4]);
            int grade = f.integer("grade", row[5], 1, 12);
            String area = f.area("area_code", row[6]);
            LocalDate enrolled = f.date("enrolled_on", row[7]);
            if (f.ok() && key != null) {
                sink.parsed(new ParsedRecord(line, new ChangeRecord.StudentRosterEntry(key, school, term, studentNo,
                        student, name, gender, birth, grade, area, enrolled), original));
            } else {
                sink.rejected(new RejectedRecord(line, key, f.reasons(), original));
            }
        });
        checkSchoolAndTerm(read);
        return read;
    }

    private static void checkSchoolAndTerm(FeedHeader header) {
        String school = header.attribute("school");
        String term = header.attribute("term");
        if (school == null || term == null || !school.matches("[0-9]{6,15}") || !term.matches("[0-9]{4}-[0-9]{4}-[12]")) {
            throw new FeedException(FeedRejectCode.BAD_HEADER, 1);
        }
    }
}
