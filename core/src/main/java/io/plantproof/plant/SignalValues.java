package io.plantproof.plant;

import io.plantproof.sample.MachineState;

/**
 * Turns a device's raw value into the number a sample stores: state codes through the mapping's
 * table, numbers and numeric text as they are, booleans as 1/0. Shared by every connector and importer.
 */
public final class SignalValues {

    private SignalValues() {
    }

    /**
     * The stored value of a raw reading.
     *
     * @throws IllegalArgumentException naming the device, signal and value when it cannot be mapped
     */
    public static double normalize(String device, SignalMapping mapping, Object raw) {
        if (raw == null) {
            throw new IllegalArgumentException(device + "/" + mapping.kind() + ": no value");
        }
        if (mapping.kind() == SignalKind.STATE) {
            String code = raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    ? Long.toString(n.longValue()) : raw.toString().trim();
            MachineState state = mapping.stateCodes().get(code);
            if (state == null) {
                try {
                    state = MachineState.valueOf(code);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(device + "/state: code '" + code
                            + "' is not in the state table " + mapping.stateCodes().keySet());
                }
            }
            return state.code();
        }
        double value;
        if (raw instanceof Number n) {
            value = n.doubleValue();
        } else if (raw instanceof Boolean b) {
            value = b ? 1 : 0;
        } else {
            try {
                value = Double.parseDouble(raw.toString().trim().replace(",", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(device + "/" + mapping.kind() + ": '" + raw + "' is not a number");
            }
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(device + "/" + mapping.kind() + ": " + value + " is not a finite number");
        }
        return value;
    }
}
