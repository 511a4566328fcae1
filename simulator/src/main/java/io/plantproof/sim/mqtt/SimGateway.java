package io.plantproof.sim.mqtt;

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
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated IoT gateway: every period it advances the plant and publishes each MQTT machine's readings as JSON
 * (QoS 1) on {@link DemoPlant#MQTT_TOPIC}, the way {@link DemoPlant#MQTT_POINTERS} reads them.
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
    private ScheduledExecutorService scheduler;
    private volatile boolean connectedOnce;

    /** A gateway publishing every {@link #DEFAULT_PERIOD_MILLIS} ms to {@code brokerUrl}. */
    public SimGateway(SimulatedPlant plant, String brokerUrl) {
        this(plant, brokerUrl, DEFAULT_PERIOD_MILLIS, Clock.systemUTC());
    }

    /** A gateway publishing every {@code periodMillis} with timestamps from {@code clock}. */
    public SimGateway(SimulatedPlant plant, String brokerUrl, long periodMillis, Clock clock) {
        if (periodMillis <= 0) {
            throw new IllegalArgumentException("period must be positive, was " + periodMillis);
        }
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
        client.setTimeToWait(5_000);
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                log.info("gateway: {} broker {}", reconnect ? "reconnected to" : "connected to", serverUri);
            }

            @Override
            public void connectionLost(Throwable cause) {
                log.warn("gateway: lost broker {} ({}), reconnecting automatically", brokerUrl,
                        cause == null ? "no cause" : cause.getMessage());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // the gateway subscribes to nothing
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
        for (SimMachine machine : plant.machines("mqtt")) {
            String topic = DemoPlant.MQTT_TOPIC.replace("{device}", machine.spec().id());
            MqttMessage message = new MqttMessage(payload(machine.snapshot(), nowMillis).getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            try {
                client.publish(topic, message);
                published.incrementAndGet();
            } catch (MqttException e) {
                log.warn("gateway: publishing {} to topic {} on broker {} failed: {}", machine.spec().id(), topic,
                        brokerUrl, e.getMessage());
                return;
            }
        }
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

    /** Messages published and acknowledged by the broker so far. */
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
