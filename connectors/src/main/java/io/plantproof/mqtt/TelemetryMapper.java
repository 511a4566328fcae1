package io.plantproof.mqtt;

import io.plantproof.plant.Equipment;
import io.plantproof.plant.MqttConnection;
import io.plantproof.plant.Plant;
import io.plantproof.plant.SignalMapping;
import io.plantproof.plant.SignalValues;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns one JSON message of one MQTT connection into one batch of measured samples, using the plant file's
 * JSON pointers and state tables. Pure and thread-safe, so it can be tested without a broker.
 */
final class TelemetryMapper {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Plant plant;
    private final MqttConnection connection;
    private final String source;

    TelemetryMapper(Plant plant, MqttConnection connection) {
        this.plant = plant;
        this.connection = connection;
        this.source = "mqtt:" + connection.id();
    }

    /**
     * The samples of one message; a missing value of a non-required signal is skipped, anything else wrong rejects
     * the whole message so its bytes stay together in the dead letters.
     *
     * @throws UnmappableMessageException with the reason when the message cannot be mapped
     */
    SampleBatch map(String topic, byte[] payload, long arrivalMillis) {
        String device = connection.deviceOf(topic);
        if (device == null) {
            throw new UnmappableMessageException("topic does not match pattern " + connection.topic());
        }
        Equipment equipment = plant.equipment(device).orElseThrow(
                () -> new UnmappableMessageException("unknown device '" + device + "'"));
        List<SignalMapping> mappings = equipment.signals().stream()
                .filter(s -> s.mqtt() != null && connection.id().equals(s.mqtt().connection()))
                .toList();
        if (mappings.isEmpty()) {
            throw new UnmappableMessageException("device '" + device + "' has no signals on connection " + connection.id());
        }
        JsonNode root = parse(payload);
        long ts = timestamp(root, arrivalMillis);
        List<Sample> samples = new ArrayList<>(mappings.size());
        for (SignalMapping mapping : mappings) {
            JsonNode node = at(root, mapping.mqtt().pointer());
            if (node.isMissingNode() || node.isNull()) {
                if (mapping.required()) {
                    throw new UnmappableMessageException(device + "/" + mapping.kind() + ": no value at "
                            + mapping.mqtt().pointer());
                }
                continue;
            }
            double value;
            try {
                value = SignalValues.normalize(device, mapping, raw(node));
            } catch (IllegalArgumentException e) {
                throw new UnmappableMessageException(e.getMessage());
            }
            samples.add(new Sample(device, mapping.kind(), ts, value, 0, Provenance.MEASURED));
        }
        return new SampleBatch(source, samples);
    }

    private static JsonNode parse(byte[] payload) {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (JacksonException e) {
            throw new UnmappableMessageException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new UnmappableMessageException("not a JSON object");
        }
        return root;
    }

    private long timestamp(JsonNode root, long arrivalMillis) {
        String pointer = connection.timestampPointer();
        if (pointer == null || pointer.isBlank()) {
            return arrivalMillis;
        }
        JsonNode node = at(root, pointer);
        // a configured but absent timestamp means a malformed message; arrival time would silently shift its data
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new UnmappableMessageException("no epoch-millisecond timestamp at " + pointer);
        }
        return node.longValue();
    }

    private static JsonNode at(JsonNode root, String pointer) {
        try {
            return root.at(pointer);
        } catch (IllegalArgumentException e) {
            throw new UnmappableMessageException("invalid JSON pointer '" + pointer + "'");
        }
    }

    private static Object raw(JsonNode node) {
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isString()) {
            return node.stringValue();
        }
        throw new UnmappableMessageException("value is a JSON " + node.getNodeType() + ", not a scalar");
    }
}
