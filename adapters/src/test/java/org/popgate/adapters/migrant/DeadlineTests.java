package org.popgate.adapters.migrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.popgate.crypto.idnumber.AreaCodes;

class DeadlineTests {

    private final WorkingDayCalendar calendar = WorkingDayCalendar.shipped();

    @Test
    void makeUpWorkdaysCountAndHolidaysDoNot() {
        assertThat(calendar.isWorkingDay(LocalDate.of(2025, 9, 28))).as("Sunday 调休").isTrue();
        assertThat(calendar.isWorkingDay(LocalDate.of(2025, 10, 3))).as("National Day").isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.of(2025, 10, 11))).as("Saturday 调休").isTrue();
        assertThat(calendar.isWorkingDay(LocalDate.of(2025, 10, 12))).as("ordinary Sunday").isFalse();
        assertThat(calendar.isWorkingDay(LocalDate.of(2025, 10, 9))).as("ordinary Thursday").isTrue();
    }

    @Test
    void aNotificationReceivedBeforeNationalDayIsDueOnTheMakeUpSaturday() {
        DeadlinePolicy.Deadline deadline = DeadlinePolicy.defaults()
                .deadline(MessageType.NOTIFICATION, LocalDate.of(2025, 9, 30), calendar);
        // Oct 1–8 are holidays; Oct 9 (Thu), Oct 10 (Fri), Oct 11 (Sat, worked) are the three working days.
        assertThat(deadline.dueOn()).isEqualTo(LocalDate.of(2025, 10, 11));
        assertThat(deadline.warnFrom()).isEqualTo(LocalDate.of(2025, 10, 10));
        assertThat(deadline.escalateOn()).isEqualTo(LocalDate.of(2025, 10, 14));
    }

    @Test
    void aQueryOverSpringFestivalCountsTheSundayMakeUpDay() {
        DeadlinePolicy.Deadline deadline = DeadlinePolicy.defaults()
                .deadline(MessageType.VISIT_RECORD, LocalDate.of(2025, 1, 24), calendar);
        // Jan 26 (Sun, worked), Jan 27 (Mon), then Jan 28–Feb 4 are holidays: Feb 5 is the third working day.
        assertThat(deadline.dueOn()).isEqualTo(LocalDate.of(2025, 2, 5));
    }

    @Test
    void statusMovesFromOpenToDueSoonToOverdueToEscalatedWithTheTestClock() {
        DeadlinePolicy.Deadline d = DeadlinePolicy.defaults()
                .deadline(MessageType.CERTIFICATE_QUERY, LocalDate.of(2025, 3, 3), calendar);
        assertThat(d.dueOn()).isEqualTo(LocalDate.of(2025, 3, 12));
        assertThat(d.status(LocalDate.of(2025, 3, 4), null)).isEqualTo(DeadlineStatus.OPEN);
        assertThat(d.status(LocalDate.of(2025, 3, 11), null)).isEqualTo(DeadlineStatus.DUE_SOON);
        assertThat(d.status(LocalDate.of(2025, 3, 12), null)).isEqualTo(DeadlineStatus.DUE_SOON);
        assertThat(d.status(LocalDate.of(2025, 3, 13), null)).isEqualTo(DeadlineStatus.OVERDUE);
        assertThat(d.status(LocalDate.of(2025, 3, 14), null)).isEqualTo(DeadlineStatus.ESCALATED);
        assertThat(d.status(LocalDate.of(2025, 3, 20), LocalDate.of(2025, 3, 12))).isEqualTo(DeadlineStatus.ANSWERED_ON_TIME);
        assertThat(d.status(LocalDate.of(2025, 3, 20), LocalDate.of(2025, 3, 13))).isEqualTo(DeadlineStatus.ANSWERED_LATE);
    }

    @Test
    void deadlinesAreConfigurablePerMessageType() {
        DeadlinePolicy seedRule = new DeadlinePolicy(Map.of(MessageType.OTHER_QUERY, 2), 0, 1);
        assertThat(seedRule.deadline(MessageType.OTHER_QUERY, LocalDate.of(2025, 3, 7), calendar).dueOn())
                .isEqualTo(LocalDate.of(2025, 3, 11));
        assertThat(seedRule.workingDaysFor(MessageType.URGENT_PREGNANCY_QUERY)).isEqualTo(15);
    }

    @Test
    void aCalendarFileWithABadLineIsRefusedNamingTheLine() {
        String text = "2025-01-01 HOLIDAY\n2025-13-01 HOLIDAY\n";
        assertThatThrownBy(() -> WorkingDayCalendar.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
    }

    @Test
    void theOriginOfficeIsTheOfficeOfTheRegistrationCounty() {
        MigrantOffices offices = new MigrantOffices(AreaCodes.shipped());
        assertThat(offices.originOffice("431128103007")).contains("431128.migrant-office");
        assertThat(offices.originOffice("431127")).contains("431127.migrant-office");
        assertThat(offices.originOffice("999999001")).isEmpty();
        assertThat(offices.originOffice("431100")).as("a city is not an office").isEmpty();
        assertThat(offices.originOffice("abc")).isEmpty();
    }
}
