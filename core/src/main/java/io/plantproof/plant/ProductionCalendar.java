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
 * Omitted shifts mean the whole day, omitted workdays every day; an empty list is a problem, not a default.
 */
public record ProductionCalendar(List<Shift> shifts, Set<DayOfWeek> workdays, Set<LocalDate> holidays) {

    public ProductionCalendar {
        shifts = shifts == null ? List.of(new Shift(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)) : Copies.list(shifts);
        workdays = workdays == null ? Set.of(DayOfWeek.values()) : Copies.set(workdays);
        holidays = holidays == null ? Set.of() : Copies.set(holidays);
    }

    /** A daily shift; an end at or before its start runs past midnight (00:00-00:00 is the whole day). */
    public record Shift(LocalTime start, LocalTime end) {
    }

    void check(FieldPath at, PlantProblems out) {
        out.notEmpty(at.field("shifts"), shifts);
        out.notEmpty(at.field("workdays"), workdays);
        out.noEmptyEntries(at.field("workdays"), workdays);
        out.noEmptyEntries(at.field("holidays"), holidays);
        for (int i = 0; i < shifts.size(); i++) {
            FieldPath shift = at.field("shifts").index(i);
            if (!out.required(shift, shifts.get(i))) {
                continue;
            }
            out.required(shift.field("start"), shifts.get(i).start());
            out.required(shift.field("end"), shifts.get(i).end());
        }
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
