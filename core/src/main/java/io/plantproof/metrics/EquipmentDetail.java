package io.plantproof.metrics;

import java.util.Map;

/**
 * Per-device figures of the current period that explain the plant numbers: online coverage of
 * planned hours, slot coverage per required signal, OEE elements, and whether telemetry shows it live.
 */
public record EquipmentDetail(String id, String workshop, boolean keyProcess, boolean numericalControl,
                              boolean automated, boolean live, double onlineCoverage, boolean online,
                              Map<String, Double> signalCoverage, boolean collected, OeeFigures oee) {
}
