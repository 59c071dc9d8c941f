package org.popgate.adapters.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.popgate.adapters.feed.FeedFixtures.TODAY;
import static org.popgate.adapters.feed.FeedFixtures.id;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.popgate.adapters.feed.ChangeRecord;
import org.popgate.adapters.feed.FeedFixtures;
import org.popgate.adapters.feed.FeedLimits;
import org.popgate.adapters.feed.FeedRejectCode;
import org.popgate.adapters.feed.Reason;

class HealthMessageParserTests {

    static final String MOTHER = id(LocalDate.of(1996, 6, 6), 22);

    static FeedFixtures.Collect parse(String text) {
        FeedFixtures.Collect sink = new FeedFixtures.Collect();
        new HealthMessageParser(FeedLimits.DEFAULT, TODAY).parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), sink);
        return sink;
    }

    @Test
    void readsBirthCertificatesAndVaccinationsByIdOrCertificateNumber() {
        String certificate = "{\"schema\":\"popgate.health.v1\",\"messageId\":\"H1\",\"kind\":\"birth_certificate\","
                + "\"certificateNo\":\"Q430000001\",\"issuedOn\":\"2025-12-22\",\"birthPlace\":\"431128100\","
                + "\"child\":{\"name\":\"陈小明\",\"gender\":\"男\",\"birthDate\":\"2025-12-20\"},"
                + "\"mother\":{\"idNumber\":\"" + MOTHER + "\",\"name\":\"陈母\"}}";
        String vaccination = "{\"schema\":\"popgate.health.v1\",\"messageId\":\"H2\",\"kind\":\"vaccination\","
                + "\"child\":{\"birthCertificateNo\":\"Q430000001\",\"birthDate\":\"2025-12-20\"},\"vaccine\":\"HepB\","
                + "\"dose\":1,\"vaccinatedOn\":\"2025-12-21\",\"cardCreatedOn\":\"2025-12-21\",\"clinic\":\"431128100\"}";
        FeedFixtures.Collect sink = parse(certificate + "\n" + vaccination);
        assertThat(sink.rejected).isEmpty();
        assertThat(sink.parsed).extracting(p -> p.record().kind().code())
                .containsExactly("birth_medical_certificate", "vaccination");
        assertThat(((ChangeRecord.Vaccination) sink.parsed.get(1).record()).dose()).isEqualTo(1);
    }

    @Test
    void rejectsVaccinationThatNamesNoChildAndUnknownKinds() {
        String noChild = "{\"schema\":\"popgate.health.v1\",\"messageId\":\"H2\",\"kind\":\"vaccination\","
                + "\"child\":{\"birthDate\":\"2025-12-20\"},\"vaccine\":\"HepB\",\"dose\":\"1\",\"vaccinatedOn\":\"2025-12-21\","
                + "\"cardCreatedOn\":\"2025-12-21\",\"clinic\":\"431128100\"}";
        String other = "{\"schema\":\"popgate.health.v1\",\"messageId\":\"H3\",\"kind\":\"autopsy\"}";
        String wrongSchema = "{\"schema\":\"popgate.police.v1\",\"messageId\":\"H4\"}";
        FeedFixtures.Collect sink = parse(noChild + other + wrongSchema + "42");
        assertThat(sink.rejected).extracting(r -> r.reasons().get(0)).containsExactly(
                Reason.of(FeedRejectCode.MISSING_FIELD, "child.idNumber"), Reason.of(FeedRejectCode.UNKNOWN_KIND, "kind"),
                Reason.of(FeedRejectCode.UNKNOWN_KIND, "schema"), Reason.of(FeedRejectCode.NOT_AN_OBJECT));
    }
}
