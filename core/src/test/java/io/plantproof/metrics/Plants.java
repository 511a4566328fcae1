package io.plantproof.metrics;

import io.plantproof.plant.Enterprise;
import io.plantproof.plant.Equipment;
import io.plantproof.plant.Plant;
import io.plantproof.plant.ProductionCalendar;
import io.plantproof.plant.SignalKind;
import io.plantproof.plant.SignalMapping;
import io.plantproof.plant.Workshop;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * Small hand-made plants for metric tests: Asia/Shanghai, named workshops, equipment with signal
 * mappings, and a calendar of daily shifts on every day of the week.
 */
public final class Plants {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private Plants() {
    }

    /** Epoch milliseconds of a local time in the plant zone, e.g. {@code at("2025-03-03T08:00")}. */
    public static long at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ZONE).toInstant().toEpochMilli();
    }

    /** Daily shifts such as {@code "08:00-12:00"}, every day. */
    public static ProductionCalendar shifts(String... shifts) {
        return new ProductionCalendar(java.util.Arrays.stream(shifts).map(s -> new ProductionCalendar.Shift(
                LocalTime.parse(s.substring(0, 5)), LocalTime.parse(s.substring(6)))).toList(), null, null);
    }

    public static Plant plant(ProductionCalendar calendar, List<String> workshops, List<Equipment> equipment) {
        return new Plant(new Enterprise("测试企业", null, null, null), "Asia/Shanghai",
                workshops.stream().map(w -> new Workshop(w, w)).toList(), equipment, calendar, null, null, null, null, null);
    }

    public static Equipment device(String id, String workshop, boolean key, boolean nc, boolean automated,
                                   double idealCycleSeconds, LocalDate commissioned, SignalMapping... signals) {
        return new Equipment(id, id, workshop, key, nc, automated, null, null, commissioned, idealCycleSeconds, List.of(signals));
    }

    /** A signal expected every {@code intervalSeconds}; {@code required} ones count for the data-collection rate. */
    public static SignalMapping signal(SignalKind kind, int intervalSeconds, boolean required) {
        return new SignalMapping(kind, intervalSeconds, required, null, null, null, null, null);
    }
}
