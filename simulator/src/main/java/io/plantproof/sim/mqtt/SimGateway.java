package io.plantproof.sim.mqtt;

import com.google.protobuf.InvalidProtocolBufferException;
import io.plantproof.mqtt.sparkplug.proto.SparkplugB.Payload;
import io.plantproof.plant.MqttConnection.PayloadFormat;
import io.plantproof.sim.DemoPlant;
import io.plantproof.sim.SimMachine;
import io.plantproof.sim.SimulatedPlant;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated IoT gateway: every period it advances the plant and publishes each MQTT machine's readings (QoS 1),
 * either as JSON on {@link DemoPlant#MQTT_TOPIC}, the way {@link DemoPlant#MQTT_POINTERS} reads them, or as a Sparkplug B
 * edge node {@link DemoPlant#SPARKPLUG_NODE} in group {@link DemoPlant#SPARKPLUG_GROUP} with a device per machine
 * (births on every connection and on rebirth requests, data by alias, deaths on stop, NDEATH as will).
 * It reconnects by itself after broker restarts; readings due while disconnected are skipped, as counters are cumulative.
 */
public final class SimGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimGateway.class);
    /** The default publishing period. */
    public static final long DEFAULT_PERIOD_MILLIS = 1_000;

    private final SimulatedPlant plant;
    private final String brokerUrl;
    private final long periodMillis;
    private final Clock clock;
    private final MqttClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private final AtomicLong published = new AtomicLong();
    /** The Sparkplug edge node in Sparkplug mode, null in JSON mode. */
    private final SparkplugEdgeNode edgeNode;
    /** Set on every (re)connection and rebirth request: the next tick publishes births before any data. */
    private final AtomicBoolean birthDue = new AtomicBoolean(true);
    private ScheduledExecutorService scheduler;
    private volatile boolean connectedOnce;

    /** A gateway publishing every {@link #DEFAULT_PERIOD_MILLIS} ms to {@code brokerUrl}. */
    public SimGateway(SimulatedPlant plant, String brokerUrl) {
        this(plant, brokerUrl, DEFAULT_PERIOD_MILLIS, Clock.systemUTC());
    }

    /** A JSON gateway publishing every {@code periodMillis} with timestamps from {@code clock}. */
    public SimGateway(SimulatedPlant plant, String brokerUrl, long periodMillis, Clock clock) {
        this(plant, brokerUrl, periodMillis, clock, PayloadFormat.JSON);
    }

    /** A gateway publishing in {@code format} ({@code JSON} or {@code SPARKPLUG}) every {@code periodMillis}. */
    public SimGateway(SimulatedPlant plant, String brokerUrl, long periodMillis, Clock clock, PayloadFormat format) {
        if (periodMillis <= 0) {
            throw new IllegalArgumentException("period must be positive, was " + periodMillis);
        }
        if (format == PayloadFormat.PLAIN) {
            throw new IllegalArgumentException("the simulated gateway publishes JSON or Sparkplug, not " + format);
        }
        this.edgeNode = format == PayloadFormat.SPARKPLUG
                ? new SparkplugEdgeNode(DemoPlant.SPARKPLUG_GROUP, DemoPlant.SPARKPLUG_NODE) : null;
        this.plant = plant;
        this.brokerUrl = brokerUrl;
        this.periodMillis = periodMillis;
        this.clock = clock;
        try {
            this.client = new MqttClient(brokerUrl, "plantproof-sim-gateway", new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot use MQTT broker " + brokerUrl + ": " + e.getMessage(), e);
        }
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(5_000);
        options.setConnectionTimeout(5);
        if (edgeNode != null) {
            setWill();
        }
        client.setTimeToWait(5_000);
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                log.info("gateway: {} broker {}", reconnect ? "reconnected to" : "connected to", serverUri);
                birthDue.set(true);
            }

            @Override
            public void connectionLost(Throwable cause) {
                log.warn("gateway: lost broker {} ({}), reconnecting automatically", brokerUrl,
                        cause == null ? "no cause" : cause.getMessage());
                // the broker published this session's NDEATH; Paho's reconnect reads the will from these options
                if (edgeNode != null) {
                    newSession();
                }
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // only a Sparkplug gateway subscribes, to its node commands; a rebirth request is served next tick
                try {
                    if (Payload.parseFrom(message.getPayload()).getMetricsList().stream().anyMatch(m ->
                            SparkplugEdgeNode.REBIRTH_METRIC.equals(m.getName()) && m.getBooleanValue())) {
                        log.info("gateway: rebirth requested on {}", topic);
                        birthDue.set(true);
                    }
                } catch (InvalidProtocolBufferException e) {
                    log.warn("gateway: ignoring a command on {} that is not a Sparkplug B payload", topic);
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // publish() is synchronous, so completion is already known there
            }
        });
    }

    /** Starts publishing in the background; a broker that is down at start is retried every period. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-mqtt-gateway");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleAtFixedRate(this::tick, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    // an exception escaping a scheduleAtFixedRate task would silently cancel all later ticks
    private void tick() {
        try {
            publishAll();
        } catch (RuntimeException e) {
            log.error("gateway: tick for broker {} failed", brokerUrl, e);
        }
    }

    private void publishAll() {
        if (!client.isConnected()) {
            // Paho reconnects automatically only after a first successful connect
            if (!connectedOnce) {
                connect();
            }
            return;
        }
        long nowMillis = clock.millis();
        plant.advanceTo(Math.floorDiv(nowMillis, 1000));
        List<SimMachine> machines = plant.machines("mqtt");
        List<Outgoing> messages;
        if (edgeNode == null) {
            messages = machines.stream().map(m -> new Outgoing(
                    DemoPlant.MQTT_TOPIC.replace("{device}", m.spec().id()),
                    payload(m.snapshot(), nowMillis).getBytes(StandardCharsets.UTF_8))).toList();
        } else if (birthDue.getAndSet(false)) {
            try {
                // a clean session forgets subscriptions, so the command topic is subscribed with every birth
                client.subscribe(edgeNode.commandTopic(), 0);
            } catch (MqttException e) {
                log.warn("gateway: subscribing to {} on broker {} failed: {}", edgeNode.commandTopic(), brokerUrl,
                        e.getMessage());
            }
            messages = edgeNode.births(machines, nowMillis);
        } else {
            messages = edgeNode.data(machines, nowMillis);
        }
        if (!publish(messages) && edgeNode != null) {
            // data after a partial birth would be unreadable, so the next connection starts with births again
            birthDue.set(true);
        }
    }

    private boolean publish(List<Outgoing> messages) {
        for (Outgoing m : messages) {
            try {
                client.publish(m.topic(), m.payload(), 1, false);
                published.incrementAndGet();
            } catch (MqttException e) {
                log.warn("gateway: publishing to topic {} on broker {} failed: {}", m.topic(), brokerUrl,
                        e.getMessage());
                return false;
            }
        }
        return true;
    }

    private void newSession() {
        edgeNode.nextSession();
        setWill();
    }

    private void setWill() {
        Outgoing will = edgeNode.will();
        options.setWill(will.topic(), will.payload(), 1, false);
    }

    private void connect() {
        try {
            client.connect(options);
            connectedOnce = true;
        } catch (MqttException e) {
            log.warn("gateway: cannot connect to broker {} ({}), retrying", brokerUrl, e.getMessage());
        }
    }

    /** The JSON a gateway publishes for one machine reading. */
    static String payload(SimMachine.Snapshot s, long epochMillis) {
        return String.format(Locale.ROOT,
                "{\"ts\":%d,\"state\":\"%s\",\"counts\":{\"total\":%d,\"good\":%d,\"scrap\":%d},\"energy\":{\"kwh\":%.4f}}",
                epochMillis, s.gatewayCode(), s.total(), s.good(), s.scrap(), s.energyKwh());
    }

    /** Messages published and acknowledged by the broker so far (Sparkplug: births and data, deaths too on stop). */
    public long published() {
        return published.get();
    }

    /** Whether the gateway is connected right now. */
    public boolean connected() {
        return client.isConnected();
    }

    /** Stops publishing and disconnects. */
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler = null;
        try {
            if (client.isConnected()) {
                if (edgeNode != null) {
                    publish(edgeNode.deaths(plant.machines("mqtt"), clock.millis()));
                    newSession();
                    birthDue.set(true);
                }
                client.disconnect(1_000);
            }
        } catch (MqttException e) {
            log.warn("gateway: disconnect from broker {} failed: {}", brokerUrl, e.getMessage());
        }
        // an explicit disconnect ends Paho's automatic reconnect, so a later start() must connect again itself
        connectedOnce = false;
        log.info("gateway: stopped publishing to broker {}", brokerUrl);
    }

    @Override
    public void close() {
        stop();
        try {
            client.close(true);
        } catch (MqttException e) {
            log.warn("gateway: closing client for broker {} failed: {}", brokerUrl, e.getMessage());
        }
    }
}
