package io.plantproof.mqtt;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The health of one broker connection as Micrometer meters, tagged {@code connection} and {@code broker}
 * like the OPC UA ones: subscribed state, messages received, pending and dead letters, read when scraped.
 */
public final class MqttMeters implements MeterBinder {

    private final MqttConnector connector;
    private final Tags tags;

    MqttMeters(MqttConnector connector, String connectionId, String brokerUrl) {
        this.connector = connector;
        this.tags = Tags.of("connection", connectionId, "broker", brokerUrl);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("plantproof.mqtt.connected", connector, c -> c.connected() ? 1 : 0).tags(tags)
                .description("1 while subscribed to the broker").register(registry);
        FunctionCounter.builder("plantproof.mqtt.messages", connector, MqttConnector::messagesReceived).tags(tags)
                .description("messages received").register(registry);
        Gauge.builder("plantproof.mqtt.pending", connector, MqttConnector::pending).tags(tags)
                .description("messages received and not yet durable in the ledger (not yet acknowledged)").register(registry);
        FunctionCounter.builder("plantproof.mqtt.dead.letters", connector, MqttConnector::deadLetterCount).tags(tags)
                .description("messages that could not be parsed or mapped").register(registry);
    }
}
