package io.plantproof.sample;

/**
 * One value of one signal of one device at one instant, as every connector emits it.
 * State signals carry {@link MachineState#code()}; {@code status} is 0 for good data, otherwise the source's status code.
 */
public record Sample(String device, String signal, long epochMillis, double value, long status, Provenance provenance) {

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

    /** A good-quality sample. */
    public static Sample of(String device, String signal, long epochMillis, double value, Provenance provenance) {
        return new Sample(device, signal, epochMillis, value, 0L, provenance);
    }

    public boolean good() {
        return status == 0L;
    }
}
