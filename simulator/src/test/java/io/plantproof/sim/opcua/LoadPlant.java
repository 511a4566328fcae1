package io.plantproof.sim.opcua;

import io.plantproof.plant.Enterprise;
import io.plantproof.plant.Equipment;
import io.plantproof.plant.OpcUaConnection;
import io.plantproof.plant.Plant;
import io.plantproof.plant.SignalKind;
import io.plantproof.plant.SignalMapping;
import io.plantproof.plant.SignalMapping.OpcUaSource;
import io.plantproof.plant.Workshop;
import io.plantproof.sample.Sample;

import java.util.ArrayList;
import java.util.List;

/**
 * Plants whose signals are the simulator's load variables, for tests that need many nodes or nodes of their choosing:
 * device {@code L0000} maps load variable 0 as its {@code measurement} signal, {@code L0001} variable 1, and so on.
 */
final class LoadPlant {

    private LoadPlant() {
    }

    /** The device a load variable feeds. */
    static String device(int index) {
        return String.format("L%04d", index);
    }

    /** The signal a load variable feeds. */
    static String signal(int index) {
        return SignalKind.MEASUREMENT.id();
    }

    /** Whether a sample comes from load variable {@code index}. */
    static boolean feeds(Sample sample, int index) {
        return sample.device().equals(device(index)) && sample.signal().equals(signal(index));
    }

    /** A plant reading load variables 0..count-1 through {@code connection}, each monitored as the connection says. */
    static Plant of(OpcUaConnection connection, int count, String dataDir) {
        List<OpcUaSource> sources = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sources.add(new OpcUaSource(connection.id(), SimOpcUaServer.loadNode(i)));
        }
        return of(connection, sources, dataDir);
    }

    /** A plant whose signal {@code i} reads {@code sources.get(i)}, named as {@link #device} and {@link #signal} say. */
    static Plant of(OpcUaConnection connection, List<OpcUaSource> sources, String dataDir) {
        List<Equipment> equipment = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            List<SignalMapping> signals = List.of(new SignalMapping(SignalKind.MEASUREMENT, 60, true, sources.get(i), null, null,
                    null, null));
            equipment.add(new Equipment(device(i), "load " + i, "WS-LOAD", false, false, false, null, null, null, 1.0, signals));
        }
        return new Plant(new Enterprise("load test", null, null, null), null, List.of(new Workshop("WS-LOAD", "load")),
                equipment, null, null, List.of(connection), List.of(), null, dataDir);
    }
}
