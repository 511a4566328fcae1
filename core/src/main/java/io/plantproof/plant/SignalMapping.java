package io.plantproof.plant;

import io.plantproof.sample.MachineState;

import java.util.Map;

/**
 * How one signal of one device is read: from an OPC UA node or an MQTT JSON pointer, with the
 * interval the data-collection rate expects and, for state signals, the device's own codes.
 */
public record SignalMapping(String kind, int intervalSeconds, Boolean required, OpcUaSource opcua,
                            MqttSource mqtt, String energyType, String unit,
                            Map<String, MachineState> stateCodes) {

    /** Omitted: a 60 s expected interval, and the signal counts for the data-collection rate. */
    public SignalMapping {
        intervalSeconds = intervalSeconds <= 0 ? 60 : intervalSeconds;
        required = required == null || required;
        // sorted, so the register snapshot and generated plant files list codes in a stable order
        stateCodes = stateCodes == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(stateCodes));
    }

    /** An OPC UA node of a named connection; {@code monitoring}, when set, overrides the connection's per field. */
    public record OpcUaSource(String connection, String node, OpcUaConnection.Monitoring monitoring) {

        /** A node monitored as its connection says. */
        public OpcUaSource(String connection, String node) {
            this(connection, node, null);
        }
    }

    /** A JSON Pointer into the messages of a named MQTT connection. */
    public record MqttSource(String connection, String pointer) {
    }
}
