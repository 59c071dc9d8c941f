package org.popgate.adapters.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.popgate.adapters.feed.FeedFixtures.TODAY;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.popgate.crypto.idnumber.AreaCodes;
import org.popgate.crypto.idnumber.Gender;
import org.popgate.crypto.idnumber.IdCheck;
import org.popgate.crypto.idnumber.IdNumber;
import org.popgate.crypto.idnumber.IdNumbers;

class FeedValidatorTests {

    static final KnownAreas AREAS = KnownAreas.shippedPlus(List.of("431128100", "431128100001"));
    static final IdNumbers IDS = new IdNumbers(AreaCodes.shipped()::isKnown, TODAY);

    static IdNumber id(LocalDate birth, int seq) {
        return ((IdCheck.Valid) IDS.check(FeedFixtures.id(birth, seq))).id();
    }

    static BusinessKey key(String k) {
        return new BusinessKey(Counterpart.POLICE, k);
    }

    /** A database with a few known persons. */
    static final class State implements PopulationState {
        final Map<String, PersonState> persons = new HashMap<>();
        final Map<String, String> marriages = new HashMap<>();

        @Override
        public Optional<PersonState> person(IdNumber id) {
            return Optional.ofNullable(persons.get(id.value()));
        }

        @Override
        public boolean marriedTo(IdNumber husband, IdNumber wife) {
            return wife.value().equals(marriages.get(husband.value()));
        }
    }

    final State state = new State();
    final FeedValidator validator = new FeedValidator(state, AREAS, TODAY);

    static ChangeRecord.BirthRegistration birth(String key, IdNumber child, IdNumber mother, String area) {
        return new ChangeRecord.BirthRegistration(key(key), child, "张小", child.gender(), child.birthDate(), area, mother,
                null, null, TODAY);
    }

    @Test
    void rejectsChildBornBeforeTheMotherIsFifteen() {
        IdNumber child = id(LocalDate.of(2025, 12, 1), 1);
        FeedValidator.Session s = validator.session();
        assertThat(s.check(birth("P1", child, id(LocalDate.of(2011, 1, 1), 2), "431128100001")))
                .containsExactly(Reason.of(FeedRejectCode.MOTHER_TOO_YOUNG));
        assertThat(s.check(birth("P2", child, id(LocalDate.of(1990, 1, 1), 2), "431128100001"))).isEmpty();
    }

    @Test
    void rejectsUnknownAreaFatherInTheMothersRoleAndBirthDateMismatch() {
        IdNumber child = id(LocalDate.of(2025, 12, 1), 1);
        ChangeRecord.BirthRegistration r = new ChangeRecord.BirthRegistration(key("P1"), child, "张小", Gender.MALE,
                LocalDate.of(2025, 12, 2), "431128100999", id(LocalDate.of(1990, 1, 1), 1), null, null, TODAY);
        assertThat(validator.session().check(r)).containsExactly(Reason.of(FeedRejectCode.UNKNOWN_AREA, "area_code"),
                Reason.of(FeedRejectCode.BIRTH_DATE_MISMATCH), Reason.of(FeedRejectCode.WRONG_GENDER, "mother_id"));
    }

    @Test
    void rejectsCancellationBeforeBirthOfUnknownOrAlreadyCancelledPersons() {
        IdNumber old = id(LocalDate.of(1940, 1, 1), 1);
        IdNumber gone = id(LocalDate.of(1941, 1, 1), 1);
        state.persons.put(old.value(), new PopulationState.PersonState(false, false));
        state.persons.put(gone.value(), new PopulationState.PersonState(true, false));
        FeedValidator.Session s = validator.session();
        assertThat(s.check(death("P1", old, LocalDate.of(1939, 1, 1)))).containsExactly(
                Reason.of(FeedRejectCode.DATE_BEFORE_BIRTH, "event_date"));
        assertThat(s.check(death("P2", id(LocalDate.of(1950, 1, 1), 1), TODAY))).containsExactly(Reason.of(FeedRejectCode.UNKNOWN_PERSON));
        assertThat(s.check(death("P3", gone, TODAY))).containsExactly(Reason.of(FeedRejectCode.ALREADY_CANCELLED));
        assertThat(s.check(death("P4", old, TODAY))).isEmpty();
        assertThat(s.check(death("P5", old, TODAY))).containsExactly(Reason.of(FeedRejectCode.ALREADY_CANCELLED),
                Reason.of(FeedRejectCode.DUPLICATE_PERSON));
    }

    static ChangeRecord.DeathCancellation death(String key, IdNumber person, LocalDate died) {
        return new ChangeRecord.DeathCancellation(key(key), person, "周老", died, "431128100001", TODAY);
    }

    @Test
    void marriageNeedsBothPartiesOfAgeAndUnmarried() {
        LocalDate on = LocalDate.of(2025, 6, 1);
        IdNumber man21 = id(on.minusYears(22).plusDays(1), 1);
        IdNumber man22 = id(on.minusYears(22), 3);
        IdNumber woman19 = id(on.minusYears(20).plusDays(1), 2);
        IdNumber woman20 = id(on.minusYears(20), 4);
        FeedValidator.Session s = validator.session();
        assertThat(s.check(marriage("M1", man21, woman19, on))).containsExactly(
                Reason.of(FeedRejectCode.UNDER_MARRIAGE_AGE, "husband.idNumber"),
                Reason.of(FeedRejectCode.UNDER_MARRIAGE_AGE, "wife.idNumber"));
        assertThat(s.check(marriage("M2", man22, woman20, on))).isEmpty();
        IdNumber other = id(LocalDate.of(1990, 1, 1), 6);
        assertThat(s.check(marriage("M3", man22, other, on)))
                .containsExactly(Reason.of(FeedRejectCode.ALREADY_MARRIED, "husband.idNumber"));
    }

    static ChangeRecord.Marriage marriage(String key, IdNumber h, IdNumber w, LocalDate on) {
        return new ChangeRecord.Marriage(new BusinessKey(Counterpart.CIVIL_AFFAIRS, key), h, "王", w, "李", on, "431128", "J1");
    }

    static ChangeRecord.Divorce divorce(String key, IdNumber h, IdNumber w) {
        return new ChangeRecord.Divorce(new BusinessKey(Counterpart.CIVIL_AFFAIRS, key), h, "王", w, "李", TODAY, "431128", "L1");
    }

    @Test
    void divorceNeedsAnExistingMarriageInTheDatabaseOrEarlierInTheFeed() {
        IdNumber h = id(LocalDate.of(1980, 1, 1), 1);
        IdNumber w = id(LocalDate.of(1982, 1, 1), 2);
        IdNumber h2 = id(LocalDate.of(1981, 1, 1), 1);
        IdNumber w2 = id(LocalDate.of(1983, 1, 1), 2);
        state.marriages.put(h.value(), w.value());
        FeedValidator.Session s = validator.session();
        assertThat(s.check(divorce("D1", h2, w2))).containsExactly(Reason.of(FeedRejectCode.NO_EXISTING_MARRIAGE));
        assertThat(s.check(divorce("D2", h, w))).isEmpty();
        assertThat(s.check(marriage("M1", h2, w2, LocalDate.of(2020, 1, 1)))).isEmpty();
        assertThat(s.check(divorce("D3", h2, w2))).isEmpty();
        assertThat(s.check(divorce("D4", h2, w2))).containsExactly(Reason.of(FeedRejectCode.NO_EXISTING_MARRIAGE),
                Reason.of(FeedRejectCode.DUPLICATE_PERSON));
    }

    @Test
    void rejectsDuplicateKeysAndTheSamePersonTwiceButNotTheCorrectionOfARejectedRecord() {
        IdNumber mother = id(LocalDate.of(1990, 1, 1), 2);
        IdNumber child = id(LocalDate.of(2025, 12, 1), 1);
        FeedValidator.Session s = validator.session();
        assertThat(s.check(birth("P1", child, mother, "431128100999"))).extracting(Reason::code).containsExactly(FeedRejectCode.UNKNOWN_AREA);
        assertThat(s.check(birth("P1", child, mother, "431128100001"))).isEmpty();
        assertThat(s.check(birth("P1", id(LocalDate.of(2025, 12, 1), 3), mother, "431128100001")))
                .containsExactly(Reason.of(FeedRejectCode.DUPLICATE_KEY));
        assertThat(s.check(birth("P2", child, mother, "431128100001")))
                .contains(Reason.of(FeedRejectCode.DUPLICATE_PERSON));
    }

    @Test
    void laterChangesOfAPersonRegisteredEarlierInTheSameFileAreValid() {
        IdNumber child = id(LocalDate.of(2025, 12, 1), 1);
        FeedValidator.Session s = validator.session();
        assertThat(s.check(birth("P1", child, id(LocalDate.of(1990, 1, 1), 2), "431128100001"))).isEmpty();
        assertThat(s.check(new ChangeRecord.NameChange(key("P2"), child, "张小", "张大", "431128100001", TODAY))).isEmpty();
    }
}
