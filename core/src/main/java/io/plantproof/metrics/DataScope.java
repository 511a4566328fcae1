package io.plantproof.metrics;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * The devices and days a computation reads: what an evidence bundle must carry, and what a
 * verifier must find, for the numbers to be recomputed. Equipment is read from the day before each
 * period (a state holds across midnight); report figures also over the investment window.
 */
public record DataScope(Set<String> equipment, Set<String> reportDevices, List<Period> periods, int investmentWindowYears) {

    public DataScope {
        equipment = Set.copyOf(equipment);
        reportDevices = Set.copyOf(reportDevices);
        periods = List.copyOf(periods);
    }

    /** Whether data of this device on this day is read by the computation. */
    public boolean covers(String device, LocalDate day) {
        for (Period p : periods) {
            if (equipment.contains(device) && !day.isBefore(p.from().minusDays(1)) && !day.isAfter(p.to())) {
                return true;
            }
            LocalDate reportsFrom = p.from().isBefore(windowStart(p)) ? p.from() : windowStart(p);
            if (reportDevices.contains(device) && !day.isBefore(reportsFrom) && !day.isAfter(p.to())) {
                return true;
            }
        }
        return false;
    }

    /** The first day of the investment window that ends with {@code p}: 表1 lines from then to its end count. */
    public LocalDate windowStart(Period p) {
        return p.to().plusDays(1).minusYears(investmentWindowYears);
    }
}
