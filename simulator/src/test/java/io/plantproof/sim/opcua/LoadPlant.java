package io.plantproof.sim.opcua;

import io.plantproof.plant.Enterprise;
import io.plantproof.plant.Equipment;
import io.plantproof.plant.OpcUaConnection;
import io.plantproof.plant.Plant;
import io.plantproof.plant.SignalMapping;
import io.plantproof.plant.SignalMapping.OpcUaSource;
import io.plantproof.plant.Workshop;

import java.util.ArrayList;
import java.util.List;

/**
 * Plants whose signals are the simulator's load variables, for tests that need many nodes or nodes of their choosing:
 * device {@code L0000} maps load variables 0..9 as signals {@code v0}..{@code v9}, {@code L0001} the next ten, and so on.
 */
final class LoadPlant {

    static final int SIGNALS_PER_DEVICE = 10;

    private LoadPlant() {
    }

    /** The device a load variable feeds. */
    static String device(int index) {
        return String.format("L%04d", index / SIGNALS_PER_DEVICE);
    }

    /** The signal a load variable feeds. */
    static String signal(int index) {
        return "v" + index % SIGNALS_PER_DEVICE;
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
        for (int first = 0; first < sources.size(); first += SIGNALS_PER_DEVICE) {
            List<SignalMapping> signals = new ArrayList<>();
            for (int i = first; i < Math.min(sources.size(), first + SIGNALS_PER_DEVICE); i++) {
                signals.add(new SignalMapping(signal(i), 60, true, sources.get(i), null, null, null, null));
            }
            equipment.add(new Equipment(device(first), "load " + first, "WS-LOAD", false, false, false, null, null, null, 1, signals));
        }
        return new Plant(new Enterprise("load test", null, null, null), null, List.of(new Workshop("WS-LOAD", "load")),
                equipment, null, null, List.of(connection), List.of(), null, dataDir);
    }
}
