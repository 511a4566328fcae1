package io.plantproof.mqtt;

import io.plantproof.plant.MqttConnection;
import io.plantproof.plant.SignalMapping;
import io.plantproof.sample.SampleBatch;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads payloads that are one bare value (e.g. {@code 42.5} or a state code {@code RUN}), the topic naming device and
 * signal as in {@code factory/{device}/{signal}}; the value is stamped with its arrival time.
 */
final class PlainPayloadMapper implements PayloadMapper {

    private final MqttConnection connection;
    private final SignalTable signals;
    private final String source;

    PlainPayloadMapper(MqttConnection connection, SignalTable signals) {
        this.connection = connection;
        this.signals = signals;
        this.source = "mqtt:" + connection.id();
    }

    @Override
    public SampleBatch map(String topic, byte[] payload, long arrivalMillis) {
        String device = connection.deviceOf(topic);
        String segment = connection.signalOf(topic);
        if (device == null || segment == null) {
            throw new UnmappableMessageException("topic does not match pattern " + connection.topic());
        }
        String kind = connection.signalNames().getOrDefault(segment, segment);
        SignalMapping mapping = signals.signalsOf(device).get(kind);
        if (mapping == null) {
            throw new UnmappableMessageException("device '" + device + "' has no signal '" + kind + "' on connection "
                    + connection.id());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload)).toString().trim();
        } catch (CharacterCodingException e) {
            throw new UnmappableMessageException("not UTF-8 text");
        }
        if (text.isEmpty()) {
            throw new UnmappableMessageException(device + "/" + kind + ": empty payload");
        }
        return new SampleBatch(source, List.of(SignalTable.sample(device, mapping, text, arrivalMillis)));
    }
}
