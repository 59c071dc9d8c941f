package org.popgate.adapters.population;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.popgate.crypto.idnumber.IdNumbers;
import org.popgate.crypto.keys.GatewayKeyStore;
import org.popgate.crypto.pseudonym.Generalise;
import org.popgate.crypto.pseudonym.Pseudonymiser;

class RecordMinimiserTests {

    static Pseudonymiser pseudonymiser;

    static final String ID = IdNumbers.compose("431128", LocalDate.of(1987, 6, 14), 123);
    static final PersonRecord PERSON = new PersonRecord(7, ID, "李秀英", "M", LocalDate.of(1987, 6, 14), "AGRICULTURAL",
            "431128103007", "431128103007", "RESIDENT", LocalDate.of(1987, 6, 14), "MARRIED", null, null);

    @BeforeAll
    static void keys() throws Exception {
        pseudonymiser = Pseudonymiser.from(GatewayKeyStore.openOrCreate(
                Files.createTempDirectory("minimiser").resolve("k.bcfks"), "test".toCharArray()));
    }

    static Map<PullField, FieldRule> healthRules() {
        Map<PullField, FieldRule> rules = new LinkedHashMap<>();
        rules.put(PullField.ID_NUMBER, FieldRule.PSEUDONYMISED);
        rules.put(PullField.BIRTH_DATE, new FieldRule.GeneralisedDate(Generalise.BirthDate.YEAR_MONTH));
        rules.put(PullField.REGISTRATION_AREA, new FieldRule.GeneralisedArea(Generalise.Area.TOWNSHIP));
        return rules;
    }

    @Test
    void carriesExactlyTheApprovedFieldsTransformedByTheirRules() {
        String line = new RecordMinimiser(healthRules(), pseudonymiser, "431128.health").toJsonLine(PERSON);
        assertThat(line).startsWith("{\"idNumber\":\"").contains("\"birthDate\":\"1987-06\"")
                .contains("\"registrationArea\":\"431128103\"")
                .doesNotContain(ID).doesNotContain("李秀英").doesNotContain("gender").doesNotContain("MARRIED");
        String pseudonym = line.substring(13, 31);
        assertThat(IdNumbers.withShippedAreas().check(pseudonym).isValid()).as("a pseudonym never passes as an ID").isFalse();
    }

    @Test
    void theSamePersonIsUnlinkableAcrossDepartmentsAndStableWithinOne() {
        String health = new RecordMinimiser(healthRules(), pseudonymiser, "431128.health").toJsonLine(PERSON);
        String healthAgain = new RecordMinimiser(healthRules(), pseudonymiser, "431128.health").toJsonLine(PERSON);
        String police = new RecordMinimiser(healthRules(), pseudonymiser, "431128.police").toJsonLine(PERSON);
        assertThat(healthAgain).isEqualTo(health);
        assertThat(police.substring(13, 31)).isNotEqualTo(health.substring(13, 31));
    }

    @Test
    void aRecordWhoseIdFailsValidationIsWithheldAndAnOriginCountyStaysAsItIs() {
        String badCheck = ID.substring(0, 17) + (ID.charAt(17) == '0' ? '1' : '0');
        PersonRecord defective = new PersonRecord(8, badCheck, "王伟", "M", PERSON.birthDate(), "AGRICULTURAL", "431127",
                "431128103007", "IN_MIGRANT", null, "MARRIED", null, null);
        RecordMinimiser minimiser = new RecordMinimiser(healthRules(), pseudonymiser, "431128.health");
        assertThat(minimiser.toJsonLine(defective)).isNull();
        PersonRecord inMigrant = new PersonRecord(9, ID, "王伟", "M", PERSON.birthDate(), "AGRICULTURAL", "431127",
                "431128103007", "IN_MIGRANT", null, "MARRIED", null, null);
        assertThat(minimiser.toJsonLine(inMigrant)).contains("\"registrationArea\":\"431127\"");
    }

    @Test
    void writesTheSameLineAsUtf8BytesAndLeavesAWithheldRecordEmpty() {
        RecordMinimiser minimiser = new RecordMinimiser(nameRules(), pseudonymiser, "431128.police");
        Utf8Line line = new Utf8Line();
        assertThat(minimiser.writeJsonLine(PERSON, line)).isTrue();
        assertThat(java.util.Arrays.copyOf(line.bytes(), line.length()))
                .isEqualTo(minimiser.toJsonLine(PERSON).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(line.toString()).contains("\"name\":\"李秀英\"");

        String badCheck = ID.substring(0, 17) + (ID.charAt(17) == '0' ? '1' : '0');
        PersonRecord defective = new PersonRecord(8, badCheck, "王伟", "M", PERSON.birthDate(), "AGRICULTURAL", "431127",
                "431128103007", "IN_MIGRANT", null, "MARRIED", null, null);
        RecordMinimiser pseudonymising = new RecordMinimiser(healthRules(), pseudonymiser, "431128.health");
        assertThat(pseudonymising.writeJsonLine(defective, line)).isFalse();
        assertThat(line.length()).isZero();
    }

    static Map<PullField, FieldRule> nameRules() {
        Map<PullField, FieldRule> rules = new LinkedHashMap<>();
        rules.put(PullField.ID_NUMBER, FieldRule.PSEUDONYMISED);
        rules.put(PullField.NAME, FieldRule.AS_IS);
        return rules;
    }
}
