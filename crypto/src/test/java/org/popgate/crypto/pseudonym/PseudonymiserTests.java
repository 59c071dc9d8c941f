package org.popgate.crypto.pseudonym;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.popgate.crypto.error.CryptoErrorCode;
import org.popgate.crypto.error.CryptoException;
import org.popgate.crypto.keys.GatewayKeyStore;

class PseudonymiserTests {

    private static final int[] W = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

    @TempDir
    Path dir;

    @Test
    void givesTheSameIdDifferentPseudonymsPerRecipientAndTheSameWithinOne() {
        Pseudonymiser p = pseudonymiser();
        Pseudonym police = p.idNumbers("431128.police").pseudonymise("11010519491231002X");
        Pseudonym health = p.idNumbers("431128.health").pseudonymise("11010519491231002X");
        assertThat(police.value()).isNotEqualTo(health.value());
        assertThat(p.idNumbers("431128.police").pseudonymise("11010519491231002X")).isEqualTo(police);
        assertThat(police.value()).hasSize(18);
    }

    @Test
    void pseudonymsNeverPassGb11643ValidationAndReverseToTheId() {
        Pseudonymiser p = pseudonymiser();
        IdDomain domain = p.idNumbers("431128.police");
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 20_000; i++) {
            String id = validId(random);
            Pseudonym pseudonym = domain.pseudonymise(id);
            assertThat(isValidGb11643(pseudonym.value())).as("pseudonym validates").isFalse();
            assertThat(p.reidentify("431128.police", pseudonym)).isEqualTo(id);
        }
    }

    @Test
    void oldVersionsStillReverseAfterRotation() {
        GatewayKeyStore store = GatewayKeyStore.openOrCreate(dir.resolve("keys.bcfks"), "pw".toCharArray());
        Pseudonymiser p = Pseudonymiser.from(store);
        Pseudonym v1 = p.idNumbers("431128.police").pseudonymise("440524188001010014");
        store.rotate(PseudonymKeys.PURPOSE);
        Pseudonym v2 = p.idNumbers("431128.police").pseudonymise("440524188001010014");
        assertThat(v1.keyVersion()).isEqualTo(1);
        assertThat(v2.keyVersion()).isEqualTo(2);
        assertThat(v2.value()).isNotEqualTo(v1.value());
        Pseudonymiser reopened = Pseudonymiser.from(GatewayKeyStore.openOrCreate(dir.resolve("keys.bcfks"), "pw".toCharArray()));
        assertThat(reopened.reidentify("431128.police", v1)).isEqualTo("440524188001010014");
        assertThat(reopened.reidentify("431128.police", v2)).isEqualTo("440524188001010014");
    }

    @Test
    void refusesToReverseAnUnknownKeyVersionOrARealId() {
        Pseudonymiser p = pseudonymiser();
        assertThat(p.currentVersion()).isEqualTo(1);
        assertThatThrownBy(() -> p.reidentify("431128.police", new Pseudonym("11010519491231002X", 7)))
                .isInstanceOfSatisfying(CryptoException.class, e -> assertThat(e.code()).isEqualTo(CryptoErrorCode.UNKNOWN_KEY_VERSION));
        assertThatThrownBy(() -> p.reidentify("431128.police", new Pseudonym("11010519491231002X", 1)))
                .isInstanceOfSatisfying(CryptoException.class, e -> assertThat(e.code()).isEqualTo(CryptoErrorCode.INVALID_INPUT));
    }

    @Test
    void tokensAreStableWithinADomainAndDifferAcrossRecipientsAndFields() {
        Pseudonymiser p = pseudonymiser();
        Pseudonym a = p.tokens("431128.police", "name").token("张三");
        assertThat(p.tokens("431128.police", "name").token("张三")).isEqualTo(a);
        assertThat(p.tokens("431128.health", "name").token("张三").value()).isNotEqualTo(a.value());
        assertThat(p.tokens("431128.police", "phone").token("张三").value()).isNotEqualTo(a.value());
        assertThat(a.value()).hasSize(22).doesNotContain("张三");
    }

    @Test
    void generalisesBirthDatesAndAreaCodes() {
        LocalDate date = LocalDate.of(1987, 6, 14);
        assertThat(Generalise.birthDate(date, Generalise.BirthDate.YEAR)).isEqualTo("1987");
        assertThat(Generalise.birthDate(date, Generalise.BirthDate.YEAR_MONTH)).isEqualTo("1987-06");
        assertThat(Generalise.birthDate(LocalDate.of(2001, 12, 1), Generalise.BirthDate.YEAR_MONTH)).isEqualTo("2001-12");
        assertThat(Generalise.birthDate(LocalDate.of(987, 1, 31), Generalise.BirthDate.YEAR_MONTH)).isEqualTo("0987-01");
        assertThat(Generalise.birthDate(LocalDate.of(12345, 3, 1), Generalise.BirthDate.YEAR_MONTH)).isEqualTo("12345-03");
        assertThat(Generalise.birthDate(date, Generalise.BirthDate.FIVE_YEAR_BAND)).isEqualTo("1985-1989");
        String area = "431128103";
        assertThat(Generalise.area(area, Generalise.Area.PROVINCE)).isEqualTo("43");
        assertThat(Generalise.area(area, Generalise.Area.CITY)).isEqualTo("4311");
        assertThat(Generalise.area(area, Generalise.Area.COUNTY)).isEqualTo("431128");
        assertThat(Generalise.area(area, Generalise.Area.TOWNSHIP)).isEqualTo("431128103");
        assertThatThrownBy(() -> Generalise.area("431128", Generalise.Area.TOWNSHIP)).isInstanceOf(CryptoException.class);
    }

    private Pseudonymiser pseudonymiser() {
        return Pseudonymiser.from(GatewayKeyStore.openOrCreate(dir.resolve("keys.bcfks"), "pw".toCharArray()));
    }

    static String validId(SplittableRandom random) {
        StringBuilder body = new StringBuilder("431128");
        body.append(1950 + random.nextInt(70)).append(String.format("%02d%02d", 1 + random.nextInt(12), 1 + random.nextInt(28)));
        body.append(String.format("%03d", random.nextInt(1000)));
        return body.toString() + check(body.toString());
    }

    static boolean isValidGb11643(String id) {
        return id.length() == 18 && id.substring(0, 17).chars().allMatch(Character::isDigit)
                && id.charAt(17) == check(id.substring(0, 17));
    }

    private static char check(String body) {
        int s = 0;
        for (int i = 0; i < 17; i++) {
            s += (body.charAt(i) - '0') * W[i];
        }
        int c = (12 - s % 11) % 11;
        return c == 10 ? 'X' : (char) ('0' + c);
    }
}
