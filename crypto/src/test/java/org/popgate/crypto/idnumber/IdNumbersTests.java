package org.popgate.crypto.idnumber;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdNumbersTests {

    private final IdNumbers ids = new IdNumbers(AreaCodes.shipped()::isKnown, LocalDate.of(2026, 11, 28));

    @Test
    void acceptsTheStandardsExamples() {
        assertThat(ids.check("11010519491231002X")).isInstanceOf(IdCheck.Valid.class);
        assertThat(ids.check("440524188001010014")).isInstanceOf(IdCheck.Valid.class);
        IdNumber id = ((IdCheck.Valid) ids.check("11010519491231002X")).id();
        assertThat(id.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(id.gender()).isEqualTo(Gender.FEMALE);
        assertThat(id.areaCode()).isEqualTo("110105");
    }

    @Test
    void checkCharactersForRemaindersZeroAndOneAreOneAndZero() {
        // Worked by hand: S = 298, 298 mod 11 = 1 -> '0'; S = 341, 341 mod 11 = 0 -> '1'.
        assertThat(IdNumbers.checkCharacter("43112819750226262")).isEqualTo('0');
        assertThat(IdNumbers.checkCharacter("43112819470528295")).isEqualTo('1');
    }

    @Test
    void checkCharacterAgreesWithTheStandardsFormulaOnRandomBodies() {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        SplittableRandom random = new SplittableRandom(11643);
        for (int n = 0; n < 100_000; n++) {
            StringBuilder body = new StringBuilder();
            int sum = 0;
            for (int i = 0; i < 17; i++) {
                int digit = random.nextInt(10);
                body.append(digit);
                sum += digit * weights[i];
            }
            int value = (12 - sum % 11) % 11;
            char expected = value == 10 ? 'X' : (char) ('0' + value);
            assertThat(IdNumbers.checkCharacter(body)).as(body.toString()).isEqualTo(expected);
        }
    }

    @Test
    void rejectsEachDefectWithItsOwnReason() {
        String valid = IdNumbers.compose("431128", LocalDate.of(1980, 5, 17), 123);
        assertThat(defect("")).isEqualTo(IdDefect.EMPTY);
        assertThat(defect(valid.substring(0, 17))).isEqualTo(IdDefect.BAD_LENGTH);
        assertThat(defect(valid.substring(0, 10) + "A" + valid.substring(11))).isEqualTo(IdDefect.BAD_CHARACTERS);
        assertThat(defect(IdNumbers.compose("999999", LocalDate.of(1980, 5, 17), 123)))
                .isEqualTo(IdDefect.UNKNOWN_AREA);
        String feb30 = "43112819800230123";
        assertThat(defect(feb30 + IdNumbers.checkCharacter(feb30))).isEqualTo(IdDefect.BAD_BIRTH_DATE);
        assertThat(defect(IdNumbers.compose("431128", LocalDate.of(2027, 1, 1), 123)))
                .isEqualTo(IdDefect.BIRTH_DATE_IN_FUTURE);
        char wrong = valid.charAt(17) == '0' ? '1' : '0';
        assertThat(defect(valid.substring(0, 17) + wrong)).isEqualTo(IdDefect.BAD_CHECK_CHARACTER);
        assertThat(((IdCheck.Invalid) ids.check(valid, Gender.FEMALE)).defect()).isEqualTo(IdDefect.SEX_MISMATCH);
        assertThat(ids.check(valid, Gender.MALE).isValid()).isTrue();
    }

    @Test
    void normalisesWhatPeopleType() {
        assertThat(ids.check("  11010519491231002x ")).isEqualTo(ids.check("11010519491231002X"));
        assertThat(ids.check("１１０１０５１９４９１２３１００２Ｘ")).isEqualTo(ids.check("11010519491231002X"));
        assertThat(defect("110105 19491231002X")).isEqualTo(IdDefect.BAD_LENGTH);
    }

    @Test
    void convertsLegacyFifteenDigitNumbers() {
        IdCheck check = ids.check("431128800517123");
        assertThat(check).isInstanceOf(IdCheck.Valid.class);
        IdNumber id = ((IdCheck.Valid) check).id();
        assertThat(id.value()).isEqualTo(IdNumbers.compose("431128", LocalDate.of(1980, 5, 17), 123));
        assertThat(id.gender()).isEqualTo(Gender.MALE);
    }

    @Test
    void neverPrintsTheNumberItself() {
        IdNumber id = ((IdCheck.Valid) ids.check("11010519491231002X")).id();
        assertThat(id.toString()).doesNotContain("19491231");
    }

    @Test
    void composedNumbersAlwaysValidateAndAnySingleDigitChangeIsCaught() {
        SplittableRandom random = new SplittableRandom(20261128);
        List<AreaCodes.Area> areas = AreaCodes.shipped().all();
        for (int i = 0; i < 100_000; i++) {
            String area = areas.get(random.nextInt(areas.size())).code();
            LocalDate birth = LocalDate.ofEpochDay(random.nextLong(LocalDate.of(1900, 1, 1).toEpochDay(),
                    LocalDate.of(2026, 11, 28).toEpochDay()));
            int sequence = random.nextInt(1000);
            String id = IdNumbers.compose(area, birth, sequence);
            IdCheck check = ids.check(id, sequence % 2 == 1 ? Gender.MALE : Gender.FEMALE);
            assertThat(check.isValid()).as("composed number %d", i).isTrue();
            IdNumber parsed = ((IdCheck.Valid) check).id();
            assertThat(parsed.birthDate()).isEqualTo(birth);
            assertThat(parsed.areaCode()).isEqualTo(area);

            // GB 11643's check character catches every single-digit substitution in the body.
            int pos = 14 + random.nextInt(3);
            char original = id.charAt(pos);
            char replacement = (char) ('0' + (original - '0' + 1 + random.nextInt(9)) % 10);
            String mutated = id.substring(0, pos) + replacement + id.substring(pos + 1);
            assertThat(ids.check(mutated).isValid()).as("mutated number %d", i).isFalse();
        }
    }

    private IdDefect defect(String raw) {
        IdCheck check = ids.check(raw);
        assertThat(check).isInstanceOf(IdCheck.Invalid.class);
        return ((IdCheck.Invalid) check).defect();
    }
}
