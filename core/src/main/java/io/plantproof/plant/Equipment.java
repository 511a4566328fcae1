package io.plantproof.plant;

import java.time.LocalDate;
import java.util.List;

/**
 * One entry of the equipment register (设备台账) with the flags the indicators count by and its signal mapping.
 * The three flags are required: an omitted flag is a problem, never {@code false}.
 * {@code idealCycleTimeSeconds} is the ISO 22400 ideal cycle time used for performance; {@code null} when unknown.
 */
public record Equipment(String id, String name, String workshop, Boolean keyProcess, Boolean numericalControl,
                        Boolean automated, String supplier, Double costWan, LocalDate commissioned,
                        Double idealCycleTimeSeconds, List<SignalMapping> signals) {

    public Equipment {
        signals = Copies.list(signals);
    }

    /** The mapping of a signal kind, or {@code null} if the device does not provide it. */
    public SignalMapping signal(SignalKind kind) {
        for (SignalMapping s : signals) {
            if (s != null && s.kind() == kind) {
                return s;
            }
        }
        return null;
    }

    /** The ideal cycle time in seconds, 0 when the register gives none (performance then has no ideal time). */
    public double idealCycleSeconds() {
        return idealCycleTimeSeconds == null ? 0 : idealCycleTimeSeconds;
    }

    void check(FieldPath at, PlantProblems out) {
        out.required(at.field("id"), id);
        out.required(at.field("name"), name);
        out.required(at.field("workshop"), workshop);
        out.requiredFlag(at.field("keyProcess"), keyProcess);
        out.requiredFlag(at.field("numericalControl"), numericalControl);
        out.requiredFlag(at.field("automated"), automated);
        out.notNegative(at.field("costWan"), costWan);
        out.positive(at.field("idealCycleTimeSeconds"), idealCycleTimeSeconds);
        for (int j = 0; j < signals.size(); j++) {
            FieldPath signal = at.field("signals").index(j);
            if (out.required(signal, signals.get(j))) {
                signals.get(j).check(signal, out);
            }
        }
    }
}
