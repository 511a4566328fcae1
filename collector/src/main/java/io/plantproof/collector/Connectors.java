package io.plantproof.collector;

import io.micrometer.core.instrument.MeterRegistry;
import io.plantproof.mqtt.FileDeadLetters;
import io.plantproof.mqtt.MqttConnector;
import io.plantproof.opcua.OpcUaConnector;
import io.plantproof.plant.MqttConnection;
import io.plantproof.plant.OpcUaConnection;
import io.plantproof.plant.Plant;
import io.plantproof.sample.SampleSink;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every device connector of a plant file, started against one sink (the ledger) and stopped together.
 * Connector state (OPC UA certificates, MQTT QoS 2 sessions, dead letters) lives in the data folder.
 */
public final class Connectors implements AutoCloseable {

    private final List<OpcUaConnector> opcua = new ArrayList<>();
    private final List<MqttConnector> mqtt = new ArrayList<>();
    private final FileDeadLetters deadLetters;

    public Connectors(Plant plant, SampleSink sink, Path dataDir, MeterRegistry registry) {
        this.deadLetters = FileDeadLetters.open(dataDir);
        for (OpcUaConnection c : plant.opcua()) {
            opcua.add(new OpcUaConnector(plant, c, sink, dataDir, registry));
        }
        for (MqttConnection c : plant.mqtt()) {
            MqttConnector connector = new MqttConnector(plant, c, sink, deadLetters, dataDir);
            mqtt.add(connector);
            connector.meters().bindTo(registry);
        }
    }

    public Connectors start() {
        opcua.forEach(OpcUaConnector::start);
        mqtt.forEach(MqttConnector::start);
        return this;
    }

    /** One line per connector for progress output and logs. */
    public String status() {
        StringBuilder out = new StringBuilder();
        for (OpcUaConnector c : opcua) {
            var s = c.status();
            out.append(String.format("opcua %s samples, %s, %d reconnects, %d bad values, %d bad items, %d held for the ledger, "
                            + "%d LOST%s; ", s.samplesReceived(), s.connected() ? "connected" : "DISCONNECTED", s.reconnects(),
                    s.badValues(), s.itemsBad(), s.queuedSamples(), s.lostSamples(), s.lastError() == null ? "" : " (" + s.lastError() + ")"));
        }
        for (MqttConnector c : mqtt) {
            out.append(String.format("mqtt %d messages, %s, %d dead letters, %d sequence gaps; ", c.messagesReceived(),
                    c.connected() ? "connected" : "DISCONNECTED", c.deadLetterCount(), c.sequenceGaps()));
        }
        return out.toString();
    }

    /** Whether every connector currently has a session with its server or broker. */
    public boolean allConnected() {
        return opcua.stream().allMatch(c -> c.status().connected()) && mqtt.stream().allMatch(MqttConnector::connected);
    }

    public FileDeadLetters deadLetters() {
        return deadLetters;
    }

    @Override
    public void close() {
        opcua.forEach(OpcUaConnector::close);
        mqtt.forEach(MqttConnector::close);
        deadLetters.close();
    }
}
