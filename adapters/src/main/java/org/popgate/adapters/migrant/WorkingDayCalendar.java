package org.popgate.adapters.migrant;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Working days as Chinese offices count them: Monday to Friday, except public holidays, plus the
 * make-up working days (调休) on which a Saturday or Sunday is worked to bridge a holiday.
 *
 * <p>The calendar is data, not code: the State Council publishes each year's holidays and make-up days
 * late in the year before, and the office loads them (one line per date: {@code 2025-10-01 HOLIDAY} or
 * {@code 2025-09-28 WORKDAY}). Dates beyond the loaded years count as ordinary weeks.
 */
public final class WorkingDayCalendar {

    private final Set<LocalDate> holidays;
    private final Set<LocalDate> makeUpWorkdays;

    public WorkingDayCalendar(Set<LocalDate> holidays, Set<LocalDate> makeUpWorkdays) {
        TreeSet<LocalDate> overlap = new TreeSet<>(holidays);
        overlap.retainAll(makeUpWorkdays);
        if (!overlap.isEmpty()) {
            throw new IllegalArgumentException("a date cannot be both a holiday and a make-up working day: " + overlap.first());
        }
        this.holidays = Collections.unmodifiableSet(new TreeSet<>(holidays));
        this.makeUpWorkdays = Collections.unmodifiableSet(new TreeSet<>(makeUpWorkdays));
    }

    /** The calendar shipped with popgate (the 2025 State Council schedule); offices load later years. */
    public static WorkingDayCalendar shipped() {
        try (InputStream in = WorkingDayCalendar.class.getResourceAsStream("holidays-cn.txt")) {
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("holiday calendar missing from the adapters library", e);
        }
    }

    /** Reads {@code yyyy-MM-dd HOLIDAY|WORKDAY} lines; {@code #} starts a comment. */
    public static WorkingDayCalendar parse(InputStream in) throws IOException {
        Set<LocalDate> holidays = new TreeSet<>();
        Set<LocalDate> workdays = new TreeSet<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] parts = content.split("\\s+");
            try {
                LocalDate date = LocalDate.parse(parts[0]);
                switch (parts.length == 2 ? parts[1] : "") {
                    case "HOLIDAY" -> holidays.add(date);
                    case "WORKDAY" -> workdays.add(date);
                    default -> throw new IllegalArgumentException("holiday calendar line " + number
                            + ": expected '<date> HOLIDAY' or '<date> WORKDAY'");
                }
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("holiday calendar line " + number + ": not a date", e);
            }
        }
        return new WorkingDayCalendar(holidays, workdays);
    }

    /** Whether offices work on {@code date}. */
    public boolean isWorkingDay(LocalDate date) {
        if (makeUpWorkdays.contains(date)) {
            return true;
        }
        if (holidays.contains(date)) {
            return false;
        }
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY;
    }

    /**
     * The date {@code workingDays} working days after {@code start}: the day something arrives does not
     * count, the n-th working day after it is the last day to answer on.
     */
    public LocalDate addWorkingDays(LocalDate start, int workingDays) {
        if (workingDays < 0) {
            throw new IllegalArgumentException("working days are never negative");
        }
        LocalDate date = start;
        int counted = 0;
        while (counted < workingDays) {
            date = date.plusDays(1);
            if (isWorkingDay(date)) {
                counted++;
            }
        }
        return date;
    }

    /** Working days strictly after {@code from} up to and including {@code to} (negative when {@code to} is earlier). */
    public int workingDaysBetween(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            return -workingDaysBetween(to, from);
        }
        int count = 0;
        for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
            if (isWorkingDay(d)) {
                count++;
            }
        }
        return count;
    }
}
