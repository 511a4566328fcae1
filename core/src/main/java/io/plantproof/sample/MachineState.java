package io.plantproof.sample;

/**
 * Normalised equipment state; devices' own codes are mapped onto these by the plant file.
 * The numeric {@link #code()} is what a state sample stores.
 */
public enum MachineState {
    RUNNING(1), IDLE(2), DOWN(3), PLANNED_STOP(4), OFF(5);

    private final int code;

    MachineState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static MachineState ofCode(double value) {
        for (MachineState s : values()) {
            if (s.code == (int) value) {
                return s;
            }
        }
        throw new IllegalArgumentException("no machine state with code " + value);
    }
}
