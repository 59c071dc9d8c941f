package org.popgate.adapters.migrant;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/**
 * When an answer is due, when to warn and when to escalate to the county office, in working days on a
 * {@link WorkingDayCalendar}.
 *
 * @param workingDays the answer deadline per message type (types missing use their default)
 * @param warnBefore working days before the deadline from which the message shows as due soon
 * @param escalateAfter working days after the deadline at which an unanswered message goes to the county office
 */
public record DeadlinePolicy(Map<MessageType, Integer> workingDays, int warnBefore, int escalateAfter) {

    public DeadlinePolicy {
        workingDays = Map.copyOf(workingDays);
        if (warnBefore < 0 || escalateAfter < 0 || workingDays.values().stream().anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("deadlines are at least one working day; warning and escalation never negative");
        }
    }

    /** The defaults of DOMAIN.md: warn one working day before, escalate two working days after. */
    public static DeadlinePolicy defaults() {
        return new DeadlinePolicy(new EnumMap<>(MessageType.class), 1, 2);
    }

    /** The answer deadline in working days for {@code type}. */
    public int workingDaysFor(MessageType type) {
        return workingDays.getOrDefault(type, type.defaultWorkingDays());
    }

    /** The deadline of a message of {@code type} received on {@code received}. */
    public Deadline deadline(MessageType type, LocalDate received, WorkingDayCalendar calendar) {
        int days = workingDaysFor(type);
        LocalDate due = calendar.addWorkingDays(received, days);
        LocalDate warnFrom = calendar.addWorkingDays(received, Math.max(0, days - warnBefore));
        LocalDate escalateOn = calendar.addWorkingDays(due, escalateAfter);
        return new Deadline(type, received, due, warnFrom, escalateOn);
    }

    /** One message's dates: answer by {@code dueOn}; due soon from {@code warnFrom}; escalated on {@code escalateOn}. */
    public record Deadline(MessageType type, LocalDate received, LocalDate dueOn, LocalDate warnFrom, LocalDate escalateOn) {

        /** Where the message stands on {@code today}, given the day it was answered (null while open). */
        public DeadlineStatus status(LocalDate today, LocalDate answeredOn) {
            if (answeredOn != null) {
                return answeredOn.isAfter(dueOn) ? DeadlineStatus.ANSWERED_LATE : DeadlineStatus.ANSWERED_ON_TIME;
            }
            if (!today.isBefore(escalateOn)) {
                return DeadlineStatus.ESCALATED;
            }
            if (today.isAfter(dueOn)) {
                return DeadlineStatus.OVERDUE;
            }
            return today.isBefore(warnFrom) ? DeadlineStatus.OPEN : DeadlineStatus.DUE_SOON;
        }
    }
}
