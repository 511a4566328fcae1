package io.plantproof.metrics;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/**
 * The indicator ids of DESIGN.md: stable API in {@code metrics --json}, statements, rule sets and the REST API.
 * {@link #id()} is the written form, e.g. {@code cnc_rate}; {@link Catalogue} holds each one's title, unit and formula.
 */
public enum IndicatorId {
    EQUIPMENT_TOTAL("equipment_total"),
    AUTOMATED_COUNT("automated_count"),
    AUTOMATION_RATIO("automation_ratio"),
    CNC_RATE("cnc_rate"),
    NETWORKED_COUNT("networked_count"),
    NETWORKING_RATE("networking_rate"),
    DATA_COLLECTION_RATE("data_collection_rate"),
    AVAILABILITY("availability"),
    PERFORMANCE("performance"),
    QUALITY("quality"),
    OEE("oee"),
    ENERGY_TCE("energy_tce"),
    OUTPUT_VALUE("output_value"),
    ENERGY_INTENSITY("energy_intensity"),
    DEFECT_RATE("defect_rate"),
    AVERAGE_HEADCOUNT("average_headcount"),
    LABOR_PRODUCTIVITY("labor_productivity"),
    OPERATING_COST_RATIO("operating_cost_ratio"),
    ORDER_ON_TIME_RATE("order_on_time_rate"),
    SUPPLIER_ON_TIME_RATE("supplier_on_time_rate"),
    INVESTMENT_TOTAL("investment_total"),
    DIGITAL_WORKSHOP_SHARE("digital_workshop_share");

    private final String id;

    IndicatorId(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** The indicator written as {@code id}, or empty when there is none (e.g. in a bundle of a newer version). */
    public static Optional<IndicatorId> of(String id) {
        return Arrays.stream(values()).filter(i -> i.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
