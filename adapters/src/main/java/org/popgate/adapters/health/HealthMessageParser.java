package org.popgate.adapters.health;

import java.io.InputStream;
import java.time.LocalDate;
import org.popgate.adapters.feed.BusinessKey;
import org.popgate.adapters.feed.ChangeRecord;
import org.popgate.adapters.feed.Counterpart;
import org.popgate.adapters.feed.FeedLimits;
import org.popgate.adapters.feed.FeedRejectCode;
import org.popgate.adapters.feed.JsonFeedReader;
import org.popgate.adapters.feed.JsonMessages;
import org.popgate.adapters.feed.ParseSink;
import org.popgate.crypto.idnumber.Gender;
import org.popgate.crypto.idnumber.IdNumber;

/**
 * Reads health messages (卫生健康: birth medical certificates, vaccination records) as JSON, one object per
 * message, a batch as JSON Lines or an array (HTTPS POST). Schema {@value #SCHEMA}.
 */
public final class HealthMessageParser {

    /** The schema every message names. */
    public static final String SCHEMA = "popgate.health.v1";

    private final JsonMessages messages;

    /** @param today the date against which ID birth dates "in the future" are judged */
    public HealthMessageParser(FeedLimits limits, LocalDate today) {
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
            BusinessKey key = messageId == null ? null : new BusinessKey(Counterpart.HEALTH, messageId);
            String kind = m.text("kind");
            ChangeRecord record = switch (kind == null ? "" : kind) {
                case "birth_certificate" -> {
                    String certificate = f.text("certificateNo", m.text("certificateNo"), 32);
                    String childName = f.name("child.name", m.text("child.name"));
                    Gender gender = f.gender("child.gender", m.text("child.gender"));
                    LocalDate birth = f.date("child.birthDate", m.text("child.birthDate"));
                    IdNumber mother = f.id("mother.idNumber", m.text("mother.idNumber"), null);
                    String motherName = f.name("mother.name", m.text("mother.name"));
                    IdNumber father = f.optionalId("father.idNumber", m.text("father.idNumber"), null);
                    String place = f.area("birthPlace", m.text("birthPlace"));
                    LocalDate issued = f.date("issuedOn", m.text("issuedOn"));
                    yield f.ok() && key != null ? new ChangeRecord.BirthMedicalCertificate(key, certificate, childName,
                            gender, birth, mother, motherName, father, place, issued) : null;
                }
                case "vaccination" -> {
                    IdNumber child = f.optionalId("child.idNumber", m.text("child.idNumber"), null);
                    String certificate = f.optionalText("child.birthCertificateNo", m.text("child.birthCertificateNo"), 32);
                    if (child == null && certificate == null && f.ok()) {
                        f.fail(FeedRejectCode.MISSING_FIELD, "child.idNumber");
                    }
                    LocalDate birth = f.date("child.birthDate", m.text("child.birthDate"));
                    String vaccine = f.text("vaccine", m.text("vaccine"), 16);
                    int dose = f.integer("dose", m.text("dose"), 1, 9);
                    LocalDate vaccinated = f.date("vaccinatedOn", m.text("vaccinatedOn"));
                    LocalDate card = f.date("cardCreatedOn", m.text("cardCreatedOn"));
                    String clinic = f.area("clinic", m.text("clinic"));
                    yield f.ok() && key != null ? new ChangeRecord.Vaccination(key, child, certificate, birth, vaccine,
                            dose, vaccinated, card, clinic) : null;
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
