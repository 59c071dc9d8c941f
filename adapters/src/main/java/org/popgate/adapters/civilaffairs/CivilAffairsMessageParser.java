package org.popgate.adapters.civilaffairs;

import java.io.InputStream;
import java.time.LocalDate;
import org.popgate.adapters.feed.BusinessKey;
import org.popgate.adapters.feed.ChangeRecord;
import org.popgate.adapters.feed.Counterpart;
import org.popgate.adapters.feed.FeedLimits;
import org.popgate.adapters.feed.FeedRejectCode;
import org.popgate.adapters.feed.JsonFeedReader;
import org.popgate.adapters.feed.JsonMessage;
import org.popgate.adapters.feed.JsonMessages;
import org.popgate.adapters.feed.ParseSink;
import org.popgate.crypto.idnumber.IdNumber;

/**
 * Reads civil-affairs messages (民政: marriage, divorce, death with cremation) as JSON, one object per
 * message, a batch as JSON Lines or an array. Schema {@value #SCHEMA}; fields in docs/decisions/feeds.md.
 */
public final class CivilAffairsMessageParser {

    /** The schema every message names. */
    public static final String SCHEMA = "popgate.civilaffairs.v1";

    private final JsonMessages messages;

    /** @param today the date against which ID birth dates "in the future" are judged */
    public CivilAffairsMessageParser(FeedLimits limits, LocalDate today) {
        this.messages = new JsonMessages(new JsonFeedReader(limits), SCHEMA, today);
    }

    /**
     * Parses every message, handing each record to {@code sink}.
     *
     * @throws org.popgate.adapters.feed.FeedException when the input as a whole is rejected
     */
    public long parse(InputStream in, ParseSink sink) {
        return messages.read(in, sink, (m, f) -> {
            String messageId = f.text("messageId", m.text("messageId"), 64);
            BusinessKey key = messageId == null ? null : new BusinessKey(Counterpart.CIVIL_AFFAIRS, messageId);
            String kind = m.text("kind");
            ChangeRecord record = switch (kind == null ? "" : kind) {
                case "marriage", "divorce" -> {
                    IdNumber husband = f.id("husband.idNumber", m.text("husband.idNumber"), null);
                    String husbandName = f.name("husband.name", m.text("husband.name"));
                    IdNumber wife = f.id("wife.idNumber", m.text("wife.idNumber"), null);
                    String wifeName = f.name("wife.name", m.text("wife.name"));
                    String office = f.area("office", m.text("office"));
                    String certificate = f.text("certificateNo", m.text("certificateNo"), 32);
                    boolean marriage = "marriage".equals(kind);
                    String dateField = marriage ? "marriageDate" : "divorceDate";
                    LocalDate date = f.date(dateField, m.text(dateField));
                    if (!f.ok() || key == null) {
                        yield null;
                    }
                    yield marriage
                            ? new ChangeRecord.Marriage(key, husband, husbandName, wife, wifeName, date, office, certificate)
                            : new ChangeRecord.Divorce(key, husband, husbandName, wife, wifeName, date, office, certificate);
                }
                case "death" -> {
                    IdNumber person = f.id("person.idNumber", m.text("person.idNumber"), null);
                    String name = f.name("person.name", m.text("person.name"));
                    LocalDate died = f.date("dateOfDeath", m.text("dateOfDeath"));
                    LocalDate cremated = f.date("cremationDate", m.text("cremationDate"));
                    String area = f.area("area", m.text("area"));
                    String certificate = f.text("certificateNo", m.text("certificateNo"), 32);
                    yield f.ok() && key != null
                            ? new ChangeRecord.Cremation(key, person, name, died, cremated, area, certificate) : null;
                }
                default -> {
                    f.fail(FeedRejectCode.UNKNOWN_KIND, "kind");
                    yield null;
                }
            };
            return new JsonMessages.Mapped(key, record);
        });
    }
}
