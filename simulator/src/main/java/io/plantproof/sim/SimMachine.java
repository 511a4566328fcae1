package io.plantproof.sim;

import io.plantproof.sample.MachineState;

/**
 * One machine of the simulated plant, advanced second by second. State changes per 5-minute block
 * and parts complete per second, both from {@link SimRandom}, so the same seed and start give the same run.
 */
public final class SimMachine {

    static final long BLOCK_SECONDS = 300;

    private final MachineSpec spec;
    private final long seed;
    private long second;
    private MachineState state = MachineState.OFF;
    private long total;
    private long good;
    private long scrap;
    private double energyKwh;

    SimMachine(MachineSpec spec, long seed, long startEpochSecond) {
        this.spec = spec;
        this.seed = seed;
        this.second = startEpochSecond;
        this.state = stateAt(startEpochSecond);
    }

    public MachineSpec spec() {
        return spec;
    }

    /** Advances the machine up to (excluding) the given epoch second. */
    public synchronized void advanceTo(long epochSecond) {
        for (; second < epochSecond; second++) {
            state = stateAt(second);
            energyKwh += powerKw() / 3600.0;
            if (state == MachineState.RUNNING
                    && SimRandom.uniform(seed, spec.id() + "/part", second) < 1.0 / (spec.idealCycleSeconds() * 1.12)) {
                total++;
                if (SimRandom.uniform(seed, spec.id() + "/scrap", second) < spec.scrapRate()) {
                    scrap++;
                } else {
                    good++;
                }
            }
        }
    }

    private MachineState stateAt(long epochSecond) {
        double u = SimRandom.uniform(seed, spec.id() + "/state", Math.floorDiv(epochSecond, BLOCK_SECONDS));
        if (u < 0.78) {
            return MachineState.RUNNING;
        }
        if (u < 0.88) {
            return MachineState.IDLE;
        }
        if (u < 0.95) {
            return MachineState.DOWN;
        }
        return MachineState.PLANNED_STOP;
    }

    private double powerKw() {
        return switch (state) {
            case RUNNING -> spec.runPowerKw();
            case IDLE, DOWN -> spec.idlePowerKw();
            case PLANNED_STOP, OFF -> spec.idlePowerKw() * 0.2;
        };
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(spec.id(), second, state, total, good, scrap, energyKwh);
    }

    /**
     * The machine's readings as of {@code epochSecond} (exclusive): state, cumulative counters and energy meter.
     */
    public record Snapshot(String id, long epochSecond, MachineState state, long total, long good, long scrap,
                           double energyKwh) {

        /** The device's own state code as an OPC UA PLC reports it (0 off, 1 run, 2 idle, 3 alarm, 4 setup). */
        public int plcCode() {
            return switch (state) {
                case OFF -> 0;
                case RUNNING -> 1;
                case IDLE -> 2;
                case DOWN -> 3;
                case PLANNED_STOP -> 4;
            };
        }

        /** The device's own state code as its historian records it: PLC codes for OPC UA machines, text for gateway ones. */
        public String plcCodeFor(MachineSpec spec) {
            return spec.transport().equals("opcua") ? Integer.toString(plcCode()) : gatewayCode();
        }

        /** The device's own state text as its MQTT gateway publishes it. */
        public String gatewayCode() {
            return switch (state) {
                case OFF -> "OFF";
                case RUNNING -> "RUN";
                case IDLE -> "IDLE";
                case DOWN -> "ALARM";
                case PLANNED_STOP -> "PM";
            };
        }
    }
}
