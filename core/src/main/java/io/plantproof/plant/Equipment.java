package io.plantproof.plant;

import java.time.LocalDate;
import java.util.List;

/**
 * One entry of the equipment register (设备台账) with the flags the indicators count by and its signal mapping.
 * {@code idealCycleTimeSeconds} is the ISO 22400 ideal cycle time used for performance; 0 when unknown.
 */
public record Equipment(String id, String name, String workshop, boolean keyProcess, boolean numericalControl,
                        boolean automated, String supplier, Double costWan, LocalDate commissioned,
                        double idealCycleTimeSeconds, List<SignalMapping> signals) {

    public Equipment {
        signals = signals == null ? List.of() : List.copyOf(signals);
    }

    /** The mapping of a signal kind, or {@code null} if the device does not provide it. */
    public SignalMapping signal(String kind) {
        for (SignalMapping s : signals) {
            if (s.kind().equals(kind)) {
                return s;
            }
        }
        return null;
    }
}
