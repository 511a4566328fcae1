package io.plantproof.sim;

/**
 * A simulated machine's fixed properties: register flags, how it is connected and how it behaves.
 * {@code transport} is {@code opcua} or {@code mqtt}.
 */
public record MachineSpec(String id, String name, String workshop, String transport, boolean keyProcess,
                          boolean numericalControl, boolean automated, String supplier, double costWan,
                          double idealCycleSeconds, double runPowerKw, double idlePowerKw, double scrapRate) {
}
