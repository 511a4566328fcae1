package io.plantproof.mqtt.sparkplug;

import io.plantproof.mqtt.UnmappableMessageException;

/**
 * A Sparkplug B topic, {@code spBv1.0/<group>/<type>/<edge node>[/<device>]}; {@code device} is null for node messages.
 * Host application STATE topics ({@code spBv1.0/STATE/<host>}) parse with type {@code STATE}.
 */
record SparkplugTopic(String group, String type, String node, String device) {

    static final String NAMESPACE = "spBv1.0";

    /** @throws UnmappableMessageException if the topic is not a Sparkplug B topic */
    static SparkplugTopic parse(String topic) {
        String[] parts = topic.split("/", -1);
        if (parts.length >= 2 && parts[0].equals(NAMESPACE) && parts[1].equals("STATE")) {
            return new SparkplugTopic(null, "STATE", null, null);
        }
        if ((parts.length != 4 && parts.length != 5) || !parts[0].equals(NAMESPACE)) {
            throw new UnmappableMessageException("not a Sparkplug B topic (" + NAMESPACE
                    + "/group/type/node[/device])");
        }
        return new SparkplugTopic(parts[1], parts[2], parts[3], parts.length == 5 ? parts[4] : null);
    }

    /** The edge node's key, unique across groups. */
    String nodeKey() {
        return group + "/" + node;
    }

    /** Where a command to this topic's edge node goes. */
    String nodeCommandTopic() {
        return NAMESPACE + "/" + group + "/NCMD/" + node;
    }
}
