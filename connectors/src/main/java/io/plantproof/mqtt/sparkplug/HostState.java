package io.plantproof.mqtt.sparkplug;

import java.nio.charset.StandardCharsets;

/**
 * The STATE of a Sparkplug primary host application (Sparkplug 3.0): retained QoS 1 messages on
 * {@code spBv1.0/STATE/<host id>} in JSON, ONLINE after connecting, OFFLINE as will and before a clean disconnect.
 *
 * @param hostId    the host application id, one topic level
 * @param timestamp epoch ms shared by the ONLINE message and its OFFLINE will, so edge nodes can tell them apart
 *                  from a stale state of an earlier session
 */
public record HostState(String hostId, long timestamp) {

    /** The topic the state is published on. */
    public String topic() {
        return SparkplugTopic.NAMESPACE + "/STATE/" + hostId;
    }

    /** The JSON payload, e.g. {@code {"online":true,"timestamp":1700000000000}}. */
    public byte[] payload(boolean online) {
        return ("{\"online\":" + online + ",\"timestamp\":" + timestamp + "}").getBytes(StandardCharsets.UTF_8);
    }
}
