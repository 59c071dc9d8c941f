package org.popgate.adapters.police;

import java.io.InputStream;
import java.time.LocalDate;
import java.util.List;
import org.popgate.adapters.feed.BusinessKey;
import org.popgate.adapters.feed.ChangeRecord;
import org.popgate.adapters.feed.Counterpart;
import org.popgate.adapters.feed.CsvFeedReader;
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
 * Reads a police daily change file of the household register (公安户籍变动文件): CSV in GB18030 or UTF-8 as
 * its header declares, one change per row. Format: {@code docs/decisions/feeds.md}. Streaming: rows go to
 * the sink as they are read.
 */
public final class PoliceChangeFileParser {

    /** Format name in the header line. */
    public static final String FORMAT = "police";

    /** The columns, in order, as the column header line names them. */
    public static final List<String> COLUMNS = List.of("change_no", "change_type", "change_date", "event_date",
            "id_number", "name", "gender", "birth_date", "area_code", "other_area", "mother_id", "father_id",
            "new_name", "certificate_no");

    private static final int CHANGE_NO = 0;
    private static final int TYPE = 1;
    private static final int CHANGE_DATE = 2;
    private static final int EVENT_DATE = 3;
    private static final int ID = 4;
    private static final int NAME = 5;
    private static final int GENDER = 6;
    private static final int BIRTH = 7;
    private static final int AREA = 8;
    private static final int OTHER_AREA = 9;
    private static final int MOTHER = 10;
    private static final int FATHER = 11;
    private static final int NEW_NAME = 12;
    private static final int CERTIFICATE = 13;

    private final CsvFeedReader reader;
    private final LocalDate today;

    /** @param today the date against which ID birth dates "in the future" are judged */
    public PoliceChangeFileParser(FeedLimits limits, LocalDate today) {
        this.reader = new CsvFeedReader(FORMAT, COLUMNS, limits);
        this.today = today;
    }

    /** The column header line (simulators write it). */
    public static String columnLine() {
        return String.join(",", COLUMNS);
    }

    /**
     * Parses the file, handing each record to {@code sink}.
     *
     * @throws org.popgate.adapters.feed.FeedException when the file as a whole is rejected
     */
    public FeedHeader parse(InputStream in, ParseSink sink) {
        IdNumbers ids = new IdNumbers(AreaCodes.shipped()::isKnown, today);
        Fields fields = new Fields(ids);
        return reader.read(in, (header, line, row, original) -> handle(header, line, row, original, fields, sink));
    }

    private void handle(FeedHeader header, long line, String[] row, String original, Fields f, ParseSink sink) {
        if (row == null || row.length != COLUMNS.size()) {
            sink.rejected(new RejectedRecord(line, null, List.of(Reason.of(FeedRejectCode.WRONG_COLUMNS)), original));
            return;
        }
        f.reset();
        String changeNo = f.text("change_no", row[CHANGE_NO], 64);
        BusinessKey key = changeNo == null ? null : new BusinessKey(Counterpart.POLICE, header.sender() + "/" + changeNo);
        String type = row[TYPE].strip();
        LocalDate changeDate = f.date("change_date", row[CHANGE_DATE]);
        ChangeRecord record = switch (type) {
            case "BIRTH" -> {
                Gender g = f.gender("gender", row[GENDER]);
                IdNumber child = f.id("id_number", row[ID], g);
                String name = f.name("name", row[NAME]);
                LocalDate birth = f.date("birth_date", row[BIRTH]);
                String area = f.area("area_code", row[AREA]);
                IdNumber mother = f.id("mother_id", row[MOTHER], null);
                IdNumber father = f.optionalId("father_id", row[FATHER], null);
                String certificate = f.optionalText("certificate_no", row[CERTIFICATE], 32);
                yield f.ok() && key != null ? new ChangeRecord.BirthRegistration(key, child, name, g, birth, area,
                        mother, father, certificate, changeDate) : null;
            }
            case "DEATH" -> {
                IdNumber person = f.id("id_number", row[ID], null);
                String name = f.name("name", row[NAME]);
                LocalDate died = f.date("event_date", row[EVENT_DATE]);
                String area = f.area("area_code", row[AREA]);
                yield f.ok() && key != null
                        ? new ChangeRecord.DeathCancellation(key, person, name, died, area, changeDate) : null;
            }
            case "MOVE_IN" -> {
                Gender g = f.gender("gender", row[GENDER]);
                IdNumber person = f.id("id_number", row[ID], g);
                String name = f.name("name", row[NAME]);
                LocalDate birth = f.date("birth_date", row[BIRTH]);
                String area = f.area("area_code", row[AREA]);
                String from = f.area("other_area", row[OTHER_AREA]);
                LocalDate moved = f.date("event_date", row[EVENT_DATE]);
                yield f.ok() && key != null
                        ? new ChangeRecord.MoveIn(key, person, name, g, birth, area, from, moved) : null;
            }
            case "MOVE_OUT" -> {
                IdNumber person = f.id("id_number", row[ID], null);
                String name = f.name("name", row[NAME]);
                String area = f.area("area_code", row[AREA]);
                String to = f.area("other_area", row[OTHER_AREA]);
                LocalDate moved = f.date("event_date", row[EVENT_DATE]);
                yield f.ok() && key != null ? new ChangeRecord.MoveOut(key, person, name, area, to, moved) : null;
            }
            case "ID_ISSUED" -> {
                IdNumber person = f.id("id_number", row[ID], null);
                String name = f.name("name", row[NAME]);
                String area = f.area("area_code", row[AREA]);
                LocalDate issued = f.date("event_date", row[EVENT_DATE]);
                yield f.ok() && key != null ? new ChangeRecord.IdIssued(key, person, name, area, issued) : null;
            }
            case "NAME_CHANGE" -> {
                IdNumber person = f.id("id_number", row[ID], null);
                String oldName = f.name("name", row[NAME]);
                String newName = f.name("new_name", row[NEW_NAME]);
                String area = f.area("area_code", row[AREA]);
                LocalDate changed = f.date("event_date", row[EVENT_DATE]);
                yield f.ok() && key != null
                        ? new ChangeRecord.NameChange(key, person, oldName, newName, area, changed) : null;
            }
            default -> {
                f.fail(FeedRejectCode.UNKNOWN_KIND, "change_type");
                yield null;
            }
        };
        if (record == null) {
            sink.rejected(new RejectedRecord(line, key, f.reasons(), original));
        } else {
            sink.parsed(new ParsedRecord(line, record, original));
        }
    }
}
