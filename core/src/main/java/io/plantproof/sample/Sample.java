package io.plantproof.sample;

/**
 * One value of one signal of one device at one instant, as every connector emits it.
 * State signals carry {@link MachineState#code()}; {@code status} is 0 for good data, otherwise the source's status code.
 * {@code serverMillis} is when the source's server stamped the value, {@link #UNKNOWN_SERVER_TIME} (0) when it gave no separate server time.
 */
public record Sample(String device, String signal, long epochMillis, double value, long status, Provenance provenance,
                     long serverMillis) {

    public static final long UNKNOWN_SERVER_TIME = 0L;

    public Sample {
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("sample without device");
        }
        if (signal == null || signal.isBlank()) {
            throw new IllegalArgumentException("sample without signal for device " + device);
        }
        if (provenance == null) {
            throw new IllegalArgumentException("sample without provenance for " + device + "/" + signal);
        }
    }

    /** A sample whose source gave no separate server time. */
    public Sample(String device, String signal, long epochMillis, double value, long status, Provenance provenance) {
        this(device, signal, epochMillis, value, status, provenance, UNKNOWN_SERVER_TIME);
    }

    /** A good-quality sample. */
    public static Sample of(String device, String signal, long epochMillis, double value, Provenance provenance) {
        return new Sample(device, signal, epochMillis, value, 0L, provenance);
    }

    public boolean good() {
        return status == 0L;
    }

    public boolean serverTimeKnown() {
        return serverMillis != UNKNOWN_SERVER_TIME;
    }
}
