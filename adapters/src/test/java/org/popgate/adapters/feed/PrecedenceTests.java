package org.popgate.adapters.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PrecedenceTests {

    static Claim claim(DataItem item, Counterpart source, String value) {
        return new Claim(item, source, value, LocalDate.of(2026, 1, 2), new BusinessKey(source, "k-" + value));
    }

    @Test
    void cremationRecordWinsTheDateOfDeathOverThePoliceCancellationAndTheConflictIsListed() {
        Claim police = claim(DataItem.DEATH, Counterpart.POLICE, "2025-12-20");
        Claim civil = claim(DataItem.DEATH, Counterpart.CIVIL_AFFAIRS, "2025-12-18");
        Precedence.Resolution r = Precedence.resolve("h1", police, civil);
        assertThat(r.winner()).isSameAs(civil);
        assertThat(r.replaces(police)).isTrue();
        assertThat(r.conflict()).hasValueSatisfying(c -> {
            assertThat(c.loser()).isSameAs(police);
            assertThat(c.rule()).isEqualTo("precedence:civilaffairs>police");
        });
        assertThat(Precedence.resolve("h1", civil, police).winner()).isSameAs(civil);
    }

    @Test
    void policeKeepsTheResidenceButTheDisagreementIsNotSilent() {
        Claim police = claim(DataItem.RESIDENCE, Counterpart.POLICE, "431128100001");
        Claim school = claim(DataItem.RESIDENCE, Counterpart.EDUCATION, "431128100002");
        Precedence.Resolution r = Precedence.resolve("h2", police, school);
        assertThat(r.replaces(police)).isFalse();
        assertThat(r.conflict()).isPresent();
    }

    @Test
    void agreementAndSelfCorrectionAreNoConflict() {
        Claim a = claim(DataItem.MARITAL_STATUS, Counterpart.CIVIL_AFFAIRS, "MARRIED");
        assertThat(Precedence.resolve("h", a, claim(DataItem.MARITAL_STATUS, Counterpart.POLICE, "MARRIED")).conflict()).isEmpty();
        Precedence.Resolution self = Precedence.resolve("h", a, claim(DataItem.MARITAL_STATUS, Counterpart.CIVIL_AFFAIRS, "DIVORCED"));
        assertThat(self.replaces(a)).isTrue();
        assertThat(self.conflict()).isEmpty();
        assertThat(Precedence.resolve("h", null, a).winner()).isSameAs(a);
    }

    @Test
    void conflictsNeverPrintTheValues() {
        Claim police = claim(DataItem.NAME, Counterpart.POLICE, "张三");
        Claim school = claim(DataItem.NAME, Counterpart.EDUCATION, "张叁");
        assertThat(Precedence.resolve("h", police, school).conflict().orElseThrow().toString()).doesNotContain("张");
    }
}
