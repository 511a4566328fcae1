package io.plantproof.plant;

import io.plantproof.sample.MachineState;

import java.util.Map;

/**
 * How one signal of one device is read: from an OPC UA node or an MQTT message (or only from historian imports when it
 * has neither), with the interval the data-collection rate expects and, for state signals, the device's own codes.
 */
public record SignalMapping(SignalKind kind, Integer intervalSeconds, Boolean required, OpcUaSource opcua,
                            MqttSource mqtt, String energyType, String unit,
                            Map<String, MachineState> stateCodes) {

    /** Expected interval when the plant file sets none. */
    public static final int DEFAULT_INTERVAL_SECONDS = 60;
    /** A day: a longer expected interval would make one sample cover several days of slots. */
    public static final int MAX_INTERVAL_SECONDS = 86_400;

    /** Omitted: a 60 s expected interval, and the signal counts for the data-collection rate. */
    public SignalMapping {
        intervalSeconds = intervalSeconds == null ? DEFAULT_INTERVAL_SECONDS : intervalSeconds;
        required = required == null || required;
        stateCodes = Copies.sorted(stateCodes);
    }

    /** An OPC UA node of a named connection; {@code monitoring}, when set, overrides the connection's per field. */
    public record OpcUaSource(String connection, String node, OpcUaConnection.Monitoring monitoring) {

        /** A node monitored as its connection says. */
        public OpcUaSource(String connection, String node) {
            this(connection, node, null);
        }
    }

    /**
     * Where the signal is in the messages of a named MQTT connection: a JSON Pointer for JSON payloads; plain and
     * Sparkplug connections name the signal in the topic or metric and leave it out.
     */
    public record MqttSource(String connection, String pointer) {
    }

    void check(FieldPath at, PlantProblems out) {
        out.required(at.field("kind"), kind);
        out.range(at.field("intervalSeconds"), intervalSeconds, 1, MAX_INTERVAL_SECONDS);
        if (kind != null && kind != SignalKind.STATE && !stateCodes.isEmpty()) {
            out.add(at.field("stateCodes"), "is only for signals of kind state, this one is " + kind);
        }
        if (opcua != null) {
            FieldPath source = at.field("opcua");
            out.required(source.field("connection"), opcua.connection());
            if (out.required(source.field("node"), opcua.node())) {
                String node = opcua.node().trim();
                if (!node.startsWith("ns=") && !node.startsWith("nsu=") && !node.matches("[isgb]=.*")) {
                    out.add(source.field("node"), "'" + opcua.node() + "' is not an OPC UA node id such as "
                            + "\"ns=2;s=Line1/Press/State\" or \"nsu=urn:vendor:plc;s=Press.State\"");
                }
            }
            if (opcua.monitoring() != null) {
                opcua.monitoring().check(source.field("monitoring"), out);
            }
        }
        if (mqtt != null) {
            out.required(at.field("mqtt").field("connection"), mqtt.connection());
        }
    }
}
