package io.plantproof.plant;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Planned production time: shifts on working days, minus holidays. Gives the planned busy time
 * that OEE availability and the online/collection coverages are measured against.
 */
public record ProductionCalendar(List<Shift> shifts, Set<DayOfWeek> workdays, Set<LocalDate> holidays) {

    public ProductionCalendar {
        shifts = shifts == null || shifts.isEmpty() ? List.of(new Shift(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)) : List.copyOf(shifts);
        workdays = workdays == null || workdays.isEmpty() ? Set.of(DayOfWeek.values()) : Set.copyOf(workdays);
        holidays = holidays == null ? Set.of() : Set.copyOf(holidays);
    }

    /** A daily shift; an end at or before its start runs past midnight (00:00-00:00 is the whole day). */
    public record Shift(LocalTime start, LocalTime end) {
    }

    /** A half-open interval [start, end) in epoch milliseconds. */
    public record Interval(long start, long end) {
        public long length() {
            return end - start;
        }
    }

    /** Planned intervals within [from, to), sorted and non-overlapping for non-overlapping shifts. */
    public List<Interval> planned(Instant from, Instant to, ZoneId zone) {
        List<Interval> out = new ArrayList<>();
        LocalDate day = from.atZone(zone).toLocalDate().minusDays(1);
        LocalDate last = to.atZone(zone).toLocalDate();
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            if (!workdays.contains(day.getDayOfWeek()) || holidays.contains(day)) {
                continue;
            }
            for (Shift shift : shifts) {
                long start = day.atTime(shift.start()).atZone(zone).toInstant().toEpochMilli();
                LocalDate endDay = shift.end().isAfter(shift.start()) ? day : day.plusDays(1);
                long end = endDay.atTime(shift.end()).atZone(zone).toInstant().toEpochMilli();
                long s = Math.max(start, from.toEpochMilli());
                long e = Math.min(end, to.toEpochMilli());
                if (e > s) {
                    out.add(new Interval(s, e));
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.start(), b.start()));
        return out;
    }
}
