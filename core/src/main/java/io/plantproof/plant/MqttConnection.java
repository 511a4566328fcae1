package io.plantproof.plant;

/**
 * An MQTT broker and the topic pattern its devices publish JSON on. The pattern uses MQTT
 * wildcards plus one {@code {device}} segment naming the equipment id, e.g. {@code plant/+/machine/{device}/telemetry}.
 * {@code timestampPointer} is a JSON Pointer to epoch milliseconds in the payload; without it arrival time is used.
 */
public record MqttConnection(String id, String url, String topic, int qos, String clientId,
                             String username, String password, String timestampPointer) {

    public MqttConnection {
        qos = qos < 0 || qos > 2 ? 1 : qos;
    }

    /** The subscription filter: the pattern with {@code {device}} as a single-level wildcard. */
    public String subscriptionFilter() {
        return topic.replace("{device}", "+");
    }

    /** The device id in a concrete topic, or {@code null} if the topic does not match the pattern. */
    public String deviceOf(String concreteTopic) {
        String[] pattern = topic.split("/", -1);
        String[] actual = concreteTopic.split("/", -1);
        if (pattern.length != actual.length) {
            return null;
        }
        String device = null;
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].equals("{device}")) {
                device = actual[i];
            } else if (!pattern[i].equals("+") && !pattern[i].equals(actual[i])) {
                return null;
            }
        }
        return device;
    }
}
