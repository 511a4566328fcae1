package io.plantproof.mqtt;

import io.plantproof.plant.Equipment;
import io.plantproof.plant.MqttConnection;
import io.plantproof.plant.Plant;
import io.plantproof.plant.SignalMapping;
import io.plantproof.plant.SignalValues;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plant file's signals of one MQTT connection, by equipment id and signal kind, and how a raw value of one
 * becomes a sample. Shared by every payload format so state tables and number rules are applied the same way.
 */
public final class SignalTable {

    private final String connectionId;
    private final Map<String, Map<String, SignalMapping>> byDevice = new HashMap<>();

    /** The signals of {@code connection} in {@code plant}. */
    public SignalTable(Plant plant, MqttConnection connection) {
        this.connectionId = connection.id();
        for (Equipment e : plant.equipment()) {
            Map<String, SignalMapping> signals = new LinkedHashMap<>();
            for (SignalMapping s : e.signals()) {
                if (s.mqtt() != null && connectionId.equals(s.mqtt().connection())) {
                    signals.put(s.kind().id(), s);
                }
            }
            byDevice.put(e.id(), java.util.Collections.unmodifiableMap(signals));
        }
    }

    /** Whether {@code device} is equipment of the plant file. */
    public boolean isEquipment(String device) {
        return byDevice.containsKey(device);
    }

    /** The signals of one device on this connection by kind; empty for unknown devices or none declared. */
    public Map<String, SignalMapping> declared(String device) {
        return byDevice.getOrDefault(device, Map.of());
    }

    /**
     * The signals of one device on this connection, by kind, in plant file order.
     *
     * @throws UnmappableMessageException if the device is not equipment or has no signal on this connection
     */
    public Map<String, SignalMapping> signalsOf(String device) {
        Map<String, SignalMapping> signals = byDevice.get(device);
        if (signals == null) {
            throw new UnmappableMessageException("unknown device '" + device + "'");
        }
        if (signals.isEmpty()) {
            throw new UnmappableMessageException("device '" + device + "' has no signals on connection " + connectionId);
        }
        return signals;
    }

    /**
     * The measured sample of a raw value: state codes through the mapping's table, numbers as they are.
     *
     * @throws UnmappableMessageException naming device, signal and value when the value cannot be mapped
     */
    public static Sample sample(String device, SignalMapping mapping, Object raw, long epochMillis) {
        try {
            return new Sample(device, mapping.kind().id(), epochMillis, SignalValues.normalize(device, mapping, raw), 0,
                    Provenance.MEASURED);
        } catch (IllegalArgumentException e) {
            throw new UnmappableMessageException(e.getMessage());
        }
    }
}
