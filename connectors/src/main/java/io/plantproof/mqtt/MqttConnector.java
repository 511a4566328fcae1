package io.plantproof.mqtt;

import io.plantproof.plant.MqttConnection;
import io.plantproof.plant.Plant;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.SampleSink;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Subscribes to one MQTT connection of the plant file and hands each JSON message to the sink as one batch,
 * acknowledging (QoS 1/2) only once the sink made it durable; unmappable messages go to the dead letters.
 */
public final class MqttConnector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttConnector.class);
    private static final long FIRST_RETRY_MILLIS = 1_000;
    private static final int MAX_RECONNECT_DELAY_MILLIS = 10_000;
    /** How long after a sink failure the session is re-opened so the broker redelivers what was not acknowledged. */
    private static final long REDELIVERY_DELAY_MILLIS = 2_000;
    /** Paho's default quiesce waits 30 s for in-flight work; a subscriber has none worth waiting for. */
    private static final long DISCONNECT_QUIESCE_MILLIS = 1_000;

    private final MqttConnection connection;
    private final SampleSink sink;
    private final DeadLetters deadLetters;
    private final TelemetryMapper mapper;
    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean redeliveryPending = new AtomicBoolean();
    private volatile boolean subscribed;
    private final AtomicLong messagesReceived = new AtomicLong();
    private final AtomicLong samplesAccepted = new AtomicLong();
    private final AtomicLong deadLetterCount = new AtomicLong();
    private final AtomicLong sinkFailures = new AtomicLong();
    private volatile boolean closed;

    /**
     * A connector for {@code connection}; nothing happens until {@link #start()}.
     *
     * @throws IllegalArgumentException if the connection's URL or client id is not usable by the MQTT client
     */
    public MqttConnector(Plant plant, MqttConnection connection, SampleSink sink, DeadLetters deadLetters) {
        this.connection = connection;
        this.sink = sink;
        this.deadLetters = deadLetters;
        this.mapper = new TelemetryMapper(plant, connection);
        String clientId = connection.clientId() == null || connection.clientId().isBlank()
                ? "plantproof-" + connection.id() : connection.clientId();
        try {
            this.client = new MqttAsyncClient(connection.url(), clientId, new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new IllegalArgumentException("mqtt connection " + connection.id() + ": cannot use broker "
                    + connection.url() + " as client " + clientId + ": " + e.getMessage(), e);
        }
        client.setManualAcks(true);
        client.setCallback(new Callback());
        this.options = connectOptions(connection);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mqtt-connector-" + connection.id());
            t.setDaemon(true);
            return t;
        });
    }

    private static MqttConnectOptions connectOptions(MqttConnection connection) {
        MqttConnectOptions o = new MqttConnectOptions();
        // a persistent session lets the broker keep QoS 1 messages while we are away and redeliver unacknowledged ones
        o.setCleanSession(false);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(MAX_RECONNECT_DELAY_MILLIS);
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval(30);
        if (connection.username() != null) {
            o.setUserName(connection.username());
        }
        if (connection.password() != null) {
            o.setPassword(connection.password().toCharArray());
        }
        return o;
    }

    /** Starts connecting in the background; never throws because the broker is down, it keeps retrying instead. */
    public void start() {
        if (closed) {
            throw new IllegalStateException("mqtt connector " + connection.id() + " is closed");
        }
        if (started.compareAndSet(false, true)) {
            scheduler.execute(() -> connect(FIRST_RETRY_MILLIS));
        }
    }

    /*
     * Paho's automatic reconnect only covers connections lost after a successful connect, so the first
     * connect (and the one after a deliberate redelivery disconnect) is retried here with back-off.
     */
    private void connect(long retryMillis) {
        // Paho's own reconnect may have won the race against a scheduled retry
        if (closed || client.isConnected()) {
            return;
        }
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // subscribing happens in connectComplete, which Paho calls for first connects and reconnects alike
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    retryConnect(retryMillis, e);
                }
            });
        } catch (MqttException e) {
            retryConnect(retryMillis, e);
        }
    }

    private void retryConnect(long retryMillis, Throwable cause) {
        if (closed) {
            return;
        }
        log.warn("mqtt {}: cannot connect to broker {} ({}), retrying in {} ms",
                connection.id(), connection.url(), cause.getMessage(), retryMillis);
        scheduler.schedule(() -> connect(Math.min(retryMillis * 2, MAX_RECONNECT_DELAY_MILLIS)),
                retryMillis, TimeUnit.MILLISECONDS);
    }

    private void subscribe() {
        String filter = connection.subscriptionFilter();
        try {
            client.subscribe(filter, connection.qos(), null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    subscribed = true;
                    log.info("mqtt {}: subscribed to {} on broker {} (QoS {})",
                            connection.id(), filter, connection.url(), connection.qos());
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    failSubscription(filter, e);
                }
            });
        } catch (MqttException e) {
            failSubscription(filter, e);
        }
    }

    // without a subscription the connection is useless: drop it so automatic reconnect tries again from scratch
    private void failSubscription(String filter, Throwable e) {
        log.error("mqtt {}: subscribing to {} on broker {} failed, reconnecting", connection.id(), filter,
                connection.url(), e);
        scheduler.execute(this::reopenSession);
    }

    private void handle(String topic, MqttMessage message) {
        messagesReceived.incrementAndGet();
        long arrival = System.currentTimeMillis();
        SampleBatch batch;
        try {
            batch = mapper.map(topic, message.getPayload(), arrival);
        } catch (UnmappableMessageException e) {
            deadLetter(topic, message, e.getMessage());
            acknowledge(topic, message);
            return;
        }
        try {
            sink.accept(batch);
        } catch (RuntimeException e) {
            sinkFailures.incrementAndGet();
            log.error("mqtt {}: sink refused {} samples of topic {} from broker {}; not acknowledged, redelivery in {} ms",
                    connection.id(), batch.size(), topic, connection.url(), REDELIVERY_DELAY_MILLIS, e);
            scheduleRedelivery();
            return;
        }
        samplesAccepted.addAndGet(batch.size());
        acknowledge(topic, message);
    }

    private void deadLetter(String topic, MqttMessage message, String reason) {
        deadLetterCount.incrementAndGet();
        log.warn("mqtt {}: dead letter from topic {} on broker {}: {}", connection.id(), topic, connection.url(), reason);
        try {
            deadLetters.add(new DeadLetter(connection.id(), topic, message.getPayload(), reason, Instant.now()));
        } catch (RuntimeException e) {
            log.error("mqtt {}: could not keep dead letter from topic {}", connection.id(), topic, e);
        }
    }

    private void acknowledge(String topic, MqttMessage message) {
        if (message.getQos() == 0) {
            return;
        }
        try {
            client.messageArrivedComplete(message.getId(), message.getQos());
        } catch (MqttException e) {
            // the connection dropped in between: the broker redelivers on the next session, at least once
            log.warn("mqtt {}: could not acknowledge message {} of topic {} on broker {}: {}",
                    connection.id(), message.getId(), topic, connection.url(), e.getMessage());
        }
    }

    /*
     * Brokers resend unacknowledged QoS 1 messages when the session resumes (MQTT 3.1.1 §4.4), and may stop sending
     * once their in-flight window is full of them, so after a sink failure the session is re-opened once, debounced.
     */
    private void scheduleRedelivery() {
        if (redeliveryPending.compareAndSet(false, true)) {
            scheduler.schedule(() -> {
                redeliveryPending.set(false);
                reopenSession();
            }, REDELIVERY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void reopenSession() {
        if (closed) {
            return;
        }
        subscribed = false;
        try {
            if (client.isConnected()) {
                client.disconnect(DISCONNECT_QUIESCE_MILLIS).waitForCompletion(5_000);
            }
        } catch (MqttException e) {
            log.warn("mqtt {}: disconnect from broker {} failed: {}", connection.id(), connection.url(), e.getMessage());
        }
        connect(FIRST_RETRY_MILLIS);
    }

    /** Whether the client is connected to the broker right now. */
    public boolean connected() {
        return client.isConnected();
    }

    /** Whether the subscription is in place on the current connection, i.e. messages published now will arrive. */
    public boolean subscribed() {
        return subscribed && client.isConnected();
    }

    /** Messages delivered by the broker, including redeliveries and dead letters. */
    public long messagesReceived() {
        return messagesReceived.get();
    }

    /** Samples the sink accepted. */
    public long samplesAccepted() {
        return samplesAccepted.get();
    }

    /** Messages this connector sent to the dead letters. */
    public long deadLetterCount() {
        return deadLetterCount.get();
    }

    /** Times the sink threw, each leaving its message unacknowledged. */
    public long sinkFailures() {
        return sinkFailures.get();
    }

    /** Disconnects and releases the client; unacknowledged messages stay with the broker's session. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect(DISCONNECT_QUIESCE_MILLIS).waitForCompletion(5_000);
            }
        } catch (MqttException e) {
            log.warn("mqtt {}: disconnect from broker {} failed: {}", connection.id(), connection.url(), e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.warn("mqtt {}: closing client failed: {}", connection.id(), e.getMessage());
        }
        log.info("mqtt {}: closed connection to broker {}", connection.id(), connection.url());
    }

    /** Paho callbacks; they run on Paho's single callback thread, so nothing here may block on the client. */
    private final class Callback implements MqttCallbackExtended {

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            log.info("mqtt {}: {} broker {}", connection.id(), reconnect ? "reconnected to" : "connected to", serverUri);
            // clean sessions and restarted brokers forget subscriptions; subscribing again is harmless otherwise
            subscribe();
        }

        @Override
        public void connectionLost(Throwable cause) {
            subscribed = false;
            log.warn("mqtt {}: lost broker {} ({}), reconnecting automatically", connection.id(), connection.url(),
                    cause == null ? "no cause" : cause.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // an exception escaping here would make Paho drop the connection
            try {
                handle(topic, message);
            } catch (RuntimeException e) {
                log.error("mqtt {}: unexpected failure on topic {} from broker {}", connection.id(), topic,
                        connection.url(), e);
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // this connector never publishes
        }
    }
}
