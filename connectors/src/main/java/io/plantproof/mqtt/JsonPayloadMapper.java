package io.plantproof.mqtt;

import io.plantproof.plant.MqttConnection;
import io.plantproof.plant.SignalMapping;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSON messages with the plant file's JSON Pointers: one reading per message, or an array of readings (nested
 * arrays too) each with its own device and timestamp. Pure and thread-safe, so it is tested without a broker.
 */
final class JsonPayloadMapper implements PayloadMapper {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Marks a pointer segment whose array elements are each visited, e.g. {@code /lines/*}{@code /readings}. */
    private static final String EACH = "/\\*";

    private final MqttConnection connection;
    private final SignalTable signals;
    private final ZoneId zone;
    private final String source;

    JsonPayloadMapper(MqttConnection connection, SignalTable signals, ZoneId zone) {
        this.connection = connection;
        this.signals = signals;
        this.zone = zone;
        this.source = "mqtt:" + connection.id();
    }

    /**
     * The samples of one message; a missing value of a non-required signal is skipped, anything else wrong rejects
     * the whole message so its bytes stay together in the dead letters.
     */
    @Override
    public SampleBatch map(String topic, byte[] payload, long arrivalMillis) {
        if (!connection.matches(topic)) {
            throw new UnmappableMessageException("topic does not match pattern " + connection.topic());
        }
        String topicDevice = connection.deviceOf(topic);
        JsonNode root = parse(payload);
        List<Sample> samples = new ArrayList<>();
        List<JsonNode> readings = connection.readingsPointer() == null ? List.of(root) : readings(root);
        for (int i = 0; i < readings.size(); i++) {
            JsonNode reading = readings.get(i);
            if (!reading.isObject()) {
                throw new UnmappableMessageException("reading " + i + " is a JSON " + reading.getNodeType()
                        + ", not an object");
            }
            String device = connection.devicePointer() == null ? topicDevice : text(reading, connection.devicePointer());
            long ts = timestamp(reading, arrivalMillis);
            for (SignalMapping mapping : signals.signalsOf(device).values()) {
                JsonNode node = at(reading, mapping.mqtt().pointer());
                if (node.isMissingNode() || node.isNull()) {
                    if (mapping.required()) {
                        throw new UnmappableMessageException(device + "/" + mapping.kind() + ": no value at "
                                + mapping.mqtt().pointer());
                    }
                    continue;
                }
                samples.add(SignalTable.sample(device, mapping, raw(node), ts));
            }
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

    // every pointer part must lead to an array, whose elements the next part (or the caller) continues from
    private List<JsonNode> readings(JsonNode root) {
        List<JsonNode> current = List.of(root);
        for (String part : connection.readingsPointer().split(EACH, -1)) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                JsonNode array = part.isEmpty() ? node : at(node, part);
                if (!array.isArray()) {
                    throw new UnmappableMessageException("no array of readings at " + connection.readingsPointer());
                }
                array.values().forEach(next::add);
            }
            current = next;
        }
        return current;
    }

    private long timestamp(JsonNode reading, long arrivalMillis) {
        String pointer = connection.timestampPointer();
        if (pointer == null) {
            return arrivalMillis;
        }
        JsonNode node = at(reading, pointer);
        // a configured but absent timestamp means a malformed message; arrival time would silently shift its data
        return switch (connection.timestampFormat()) {
            case EPOCH_MILLIS -> {
                if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                    throw new UnmappableMessageException("no epoch-millisecond timestamp at " + pointer);
                }
                yield node.longValue();
            }
            case EPOCH_SECONDS -> {
                if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
                    throw new UnmappableMessageException("no epoch-second timestamp at " + pointer);
                }
                yield Math.round(node.doubleValue() * 1000);
            }
            case ISO8601 -> iso8601(node, pointer);
        };
    }

    private long iso8601(JsonNode node, String pointer) {
        if (!node.isString()) {
            throw new UnmappableMessageException("no ISO-8601 timestamp at " + pointer);
        }
        String text = node.stringValue().trim();
        // "2025-10-08 08:00:00" is how many Chinese MES and gateways write local time
        if (text.length() > 10 && text.charAt(10) == ' ') {
            text = text.substring(0, 10) + 'T' + text.substring(11);
        }
        try {
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, ZonedDateTime::from, LocalDateTime::from);
            ZonedDateTime zoned = t instanceof ZonedDateTime z ? z : ((LocalDateTime) t).atZone(zone);
            return zoned.toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            throw new UnmappableMessageException("'" + node.stringValue() + "' at " + pointer + " is not ISO-8601");
        }
    }

    private static String text(JsonNode reading, String pointer) {
        JsonNode node = at(reading, pointer);
        if (!node.isString() && !node.isIntegralNumber()) {
            throw new UnmappableMessageException("no device id at " + pointer);
        }
        return node.asString();
    }

    private static JsonNode at(JsonNode node, String pointer) {
        try {
            return node.at(pointer);
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
