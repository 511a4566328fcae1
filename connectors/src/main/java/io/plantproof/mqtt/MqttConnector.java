package io.plantproof.mqtt;

import io.plantproof.mqtt.sparkplug.HostState;
import io.plantproof.mqtt.sparkplug.SparkplugMapper;
import io.plantproof.plant.MqttConnection;
import io.plantproof.plant.Plant;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.SampleSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Subscribes to one MQTT connection of the plant file (3.1.1 or 5, JSON, plain or Sparkplug B) and hands each message
 * to the sink as one batch, acknowledging QoS 1/2 only once the sink made it durable; unmappable messages go to the
 * dead letters and are acknowledged, so they never block the ones behind.
 *
 * <p>Paho's callback thread only maps messages; a writer thread per connection takes whatever arrived meanwhile
 * (up to {@value #MAX_GROUP} messages), makes it durable with one {@link SampleSink#acceptAll} (one ledger fsync)
 * and then acknowledges the messages in arrival order. So a busy broker is acknowledged in batches at the ledger's
 * fsync rate times the broker's in-flight window, not one fsync per message.
 */
public final class MqttConnector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttConnector.class);
    private static final long FIRST_RETRY_MILLIS = 1_000;
    /** How long after a sink failure the session is re-opened so the broker redelivers what was not acknowledged. */
    private static final long REDELIVERY_DELAY_MILLIS = 2_000;
    /** Most messages made durable together; the broker's in-flight window (max_inflight_messages) bounds it too. */
    static final int MAX_GROUP = 1_000;
    /** Most samples made durable together, for messages carrying long arrays of readings. */
    private static final int MAX_GROUP_SAMPLES = 100_000;
    /** Mapped messages waiting for the writer; when full, Paho stops reading and the broker keeps the rest. */
    private static final int MAX_PENDING = 10_000;
    private static final long POLL_MILLIS = 100;

    private final MqttConnection connection;
    private final SampleSink sink;
    private final DeadLetters deadLetters;
    private final PayloadMapper mapper;
    private final BrokerClient client;
    /** The Sparkplug primary host state this connector publishes, or null. */
    private final HostState hostState;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean redeliveryPending = new AtomicBoolean();
    private volatile boolean subscribed;
    private final AtomicLong messagesReceived = new AtomicLong();
    private final AtomicLong samplesAccepted = new AtomicLong();
    private final AtomicLong deadLetterCount = new AtomicLong();
    private final AtomicLong sinkFailures = new AtomicLong();
    private final BlockingQueue<Delivery> pending = new ArrayBlockingQueue<>(MAX_PENDING);
    /** Bumped when a connection ends: an acknowledgement belongs to the connection its message came on. */
    private final AtomicLong session = new AtomicLong();
    /** Writer thread only: the session whose messages are held back, unacknowledged, after a failure in it. */
    private long heldSession = -1;
    private final Thread writer;
    private volatile boolean closed;

    /** A connector whose data dir is the plant's {@code dataDir} as written, relative to the working directory. */
    public MqttConnector(Plant plant, MqttConnection connection, SampleSink sink, DeadLetters deadLetters) {
        this(plant, connection, sink, deadLetters, Path.of(plant.dataDir()));
    }

    /**
     * A connector for {@code connection}; nothing happens until {@link #start()}.
     *
     * @param dataDir QoS 2 session state is kept under {@code <dataDir>/mqtt/<connection id>}
     * @throws IllegalArgumentException if the connection's URL, client id or TLS files are not usable
     */
    public MqttConnector(Plant plant, MqttConnection connection, SampleSink sink, DeadLetters deadLetters,
                         Path dataDir) {
        this.connection = connection;
        this.sink = sink;
        this.deadLetters = deadLetters;
        SignalTable signals = new SignalTable(plant, connection);
        this.mapper = switch (connection.payload()) {
            case JSON -> new JsonPayloadMapper(connection, signals, plant.zone());
            case PLAIN -> new PlainPayloadMapper(connection, signals);
            case SPARKPLUG -> new SparkplugMapper(connection, signals, this::publishCommand);
        };
        String clientId = connection.clientId() == null || connection.clientId().isBlank()
                ? "plantproof-" + connection.id() : connection.clientId();
        Path sessionDir = dataDir.resolve("mqtt").resolve(connection.id());
        this.hostState = connection.payload() == MqttConnection.PayloadFormat.SPARKPLUG
                && connection.sparkplugHostId() != null
                ? new HostState(connection.sparkplugHostId(), System.currentTimeMillis()) : null;
        BrokerClient.Will will = hostState == null ? null
                : new BrokerClient.Will(hostState.topic(), hostState.payload(false));
        BrokerClient.Listener listener = new Events();
        try {
            this.client = connection.mqtt5()
                    ? new PahoV5Client(connection, clientId, sessionDir, will, listener)
                    : new PahoV3Client(connection, clientId, sessionDir, will, listener);
        } catch (Exception e) {
            throw new IllegalArgumentException("mqtt connection " + connection.id() + ": cannot use broker "
                    + connection.url() + " as client " + clientId + ": " + e.getMessage(), e);
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mqtt-connector-" + connection.id());
            t.setDaemon(true);
            return t;
        });
        this.writer = new Thread(this::write, "mqtt-writer-" + connection.id());
        writer.setDaemon(true);
    }

    /** Starts connecting in the background; never throws because the broker is down, it keeps retrying instead. */
    public void start() {
        if (closed) {
            throw new IllegalStateException("mqtt connector " + connection.id() + " is closed");
        }
        if (started.compareAndSet(false, true)) {
            writer.start();
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
        client.connect(e -> retryConnect(retryMillis, e));
    }

    private void retryConnect(long retryMillis, Throwable cause) {
        if (closed) {
            return;
        }
        log.warn("mqtt {}: cannot connect to broker {} ({}), retrying in {} ms",
                connection.id(), connection.url(), cause.getMessage(), retryMillis);
        scheduler.schedule(() -> connect(Math.min(retryMillis * 2, BrokerSettings.MAX_RECONNECT_DELAY_MILLIS)),
                retryMillis, TimeUnit.MILLISECONDS);
    }

    private void subscribe() {
        String filter = connection.subscriptionFilter();
        client.subscribe(filter, connection.qos(), () -> {
            subscribed = true;
            log.info("mqtt {}: subscribed to {} on broker {} (MQTT {}, QoS {})", connection.id(), filter,
                    connection.url(), connection.protocol(), connection.qos());
            // Sparkplug hosts announce themselves only once they receive, so edge nodes never publish into a void
            if (hostState != null) {
                publish(hostState.topic(), hostState.payload(true), 1, true);
            }
        }, e -> {
            // without a subscription the connection is useless: drop it so it is tried again from scratch
            log.error("mqtt {}: subscribing to {} on broker {} failed, reconnecting", connection.id(), filter,
                    connection.url(), e);
            scheduler.execute(this::reopenSession);
        });
    }

    /** A received message on its way to the writer: its samples, or why it is a dead letter. */
    private record Delivery(String topic, byte[] payload, int qos, int messageId, long session, SampleBatch batch,
                            String deadLetter) {

        int samples() {
            return batch == null ? 0 : batch.size();
        }
    }

    /** On Paho's callback thread: maps the message and queues it for the writer, waiting while the queue is full. */
    private void handle(String topic, byte[] payload, int qos, int messageId) throws InterruptedException {
        messagesReceived.incrementAndGet();
        long current = session.get();
        Delivery delivery;
        try {
            delivery = new Delivery(topic, payload, qos, messageId, current,
                    mapper.map(topic, payload, System.currentTimeMillis()), null);
        } catch (UnmappableMessageException e) {
            delivery = new Delivery(topic, payload, qos, messageId, current, null, e.getMessage());
        } catch (RuntimeException e) {
            // a mapper bug must not hold the message unacknowledged forever and stall the ones behind it
            log.error("mqtt {}: mapping a message of topic {} from broker {} failed", connection.id(), topic,
                    connection.url(), e);
            delivery = new Delivery(topic, payload, qos, messageId, current, null, "mapping failed: " + e);
        }
        while (!pending.offer(delivery, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            if (closed) {
                return;
            }
        }
    }

    /** The writer thread: takes what arrived meanwhile and stores it as one group, until closed. */
    private void write() {
        List<Delivery> group = new ArrayList<>();
        while (!closed) {
            try {
                Delivery first = pending.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                int samples = first.samples();
                for (Delivery d; group.size() < MAX_GROUP && samples < MAX_GROUP_SAMPLES && (d = pending.poll()) != null; ) {
                    group.add(d);
                    samples += d.samples();
                }
                store(group);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // whatever went wrong, the group stays unacknowledged and the broker redelivers it
                log.error("mqtt {}: unexpected failure storing {} messages from broker {}", connection.id(), group.size(),
                        connection.url(), e);
                holdAndRedeliver(group);
            }
            group.clear();
        }
    }

    /**
     * Makes a group durable, then acknowledges it in arrival order: dead letters each with their own fsync, all samples
     * with one {@link SampleSink#acceptAll}. A failure acknowledges nothing from there on and holds back the rest of
     * that session until the session is re-opened and the broker redelivers, so acknowledgements never overtake.
     */
    private void store(List<Delivery> group) {
        List<Delivery> live = group.stream().filter(d -> d.session() != heldSession).toList();
        int kept = live.size();
        for (int i = 0; i < live.size(); i++) {
            Delivery d = live.get(i);
            if (d.deadLetter() != null && !deadLetter(d.topic(), d.payload(), d.deadLetter())) {
                kept = i;
                break;
            }
        }
        List<SampleBatch> batches = new ArrayList<>(kept);
        int samples = 0;
        for (Delivery d : live.subList(0, kept)) {
            if (d.samples() > 0) {
                batches.add(d.batch());
                samples += d.samples();
            }
        }
        if (!batches.isEmpty()) {
            try {
                sink.acceptAll(batches);
            } catch (RuntimeException e) {
                sinkFailures.incrementAndGet();
                log.error("mqtt {}: sink refused {} samples of {} messages (first topic {}) from broker {}; not "
                                + "acknowledged, redelivery in {} ms", connection.id(), samples, batches.size(),
                        live.get(0).topic(), connection.url(), REDELIVERY_DELAY_MILLIS, e);
                holdAndRedeliver(live);
                return;
            }
        }
        samplesAccepted.addAndGet(samples);
        for (Delivery d : live.subList(0, kept)) {
            acknowledge(d);
        }
        if (kept < live.size()) {
            holdAndRedeliver(live);
        }
    }

    private void holdAndRedeliver(List<Delivery> group) {
        if (!group.isEmpty()) {
            heldSession = Math.max(heldSession, group.get(group.size() - 1).session());
        }
        scheduleRedelivery();
    }

    // a letter that could not be kept is not acknowledged either: the broker redelivers it instead of it being lost
    private boolean deadLetter(String topic, byte[] payload, String reason) {
        deadLetterCount.incrementAndGet();
        log.warn("mqtt {}: dead letter from topic {} on broker {}: {}", connection.id(), topic, connection.url(), reason);
        try {
            deadLetters.add(new DeadLetter(connection.id(), topic, payload, reason, Instant.now()));
            return true;
        } catch (RuntimeException e) {
            log.error("mqtt {}: could not keep dead letter from topic {} on broker {}; not acknowledged",
                    connection.id(), topic, connection.url(), e);
            return false;
        }
    }

    /** Acknowledges on the connection the message came on; after a reconnection the broker redelivers it instead. */
    private void acknowledge(Delivery d) {
        if (d.qos() == 0 || d.session() != session.get()) {
            return;
        }
        try {
            client.acknowledge(d.messageId(), d.qos());
        } catch (BrokerClient.BrokerException e) {
            // the connection dropped in between: the broker redelivers on the next session, at least once
            log.warn("mqtt {}: could not acknowledge message {} of topic {} on broker {}: {}",
                    connection.id(), d.messageId(), d.topic(), connection.url(), e.getMessage());
        }
    }

    private void publishCommand(String topic, byte[] payload) {
        publish(topic, payload, 0, false);
    }

    private void publish(String topic, byte[] payload, int qos, boolean retained) {
        try {
            client.publish(topic, payload, qos, retained);
        } catch (BrokerClient.BrokerException e) {
            log.warn("mqtt {}: could not publish to topic {} on broker {}: {}", connection.id(), topic,
                    connection.url(), e.getMessage());
        }
    }

    /*
     * Brokers resend unacknowledged QoS 1/2 messages when the session resumes (MQTT 3.1.1 §4.4, MQTT 5 §4.4), and
     * may stop sending once their in-flight window is full of them, so after a failure the session is re-opened
     * once, debounced.
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
        disconnect();
        // a deliberate disconnect is no connection loss to Paho, so the session ends here
        session.incrementAndGet();
        connect(FIRST_RETRY_MILLIS);
    }

    private void disconnect() {
        try {
            client.disconnect();
        } catch (BrokerClient.BrokerException e) {
            log.warn("mqtt {}: disconnect from broker {} failed: {}", connection.id(), connection.url(), e.getMessage());
        }
    }

    /** This connection's meters, for a registry or an Actuator context to bind. */
    public MqttMeters meters() {
        return new MqttMeters(this, connection.id(), connection.url());
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

    /** Messages received and not yet stored (or held back after a failure until the broker redelivers them). */
    public int pending() {
        return pending.size();
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

    /** Sparkplug sequence-number gaps seen (each followed by a rebirth request); 0 for other payload formats. */
    public long sequenceGaps() {
        return mapper instanceof SparkplugMapper s ? s.sequenceGaps() : 0;
    }

    /** Sparkplug rebirth requests sent; 0 for other payload formats. */
    public long rebirthRequests() {
        return mapper instanceof SparkplugMapper s ? s.rebirthRequests() : 0;
    }

    /** Disconnects and releases the client; unacknowledged messages stay with the broker's session. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.shutdownNow();
        // not interrupted: an interrupt inside the ledger's fsync would close the ledger's file channel
        try {
            writer.join(BrokerSettings.DISCONNECT_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // a clean disconnect discards the will, so the OFFLINE state is published by hand (the quiesce delivers it)
        if (hostState != null && client.isConnected()) {
            publish(hostState.topic(), hostState.payload(false), 1, true);
        }
        disconnect();
        try {
            client.close();
        } catch (BrokerClient.BrokerException e) {
            log.warn("mqtt {}: closing client for broker {} failed: {}", connection.id(), connection.url(), e.getMessage());
        }
        log.info("mqtt {}: closed connection to broker {}", connection.id(), connection.url());
    }

    /** Client events; they run on Paho's single callback thread, so nothing here may block on the client. */
    private final class Events implements BrokerClient.Listener {

        @Override
        public void connected(boolean reconnect) {
            log.info("mqtt {}: {} broker {}", connection.id(), reconnect ? "reconnected to" : "connected to",
                    connection.url());
            // clean sessions and restarted brokers forget subscriptions; subscribing again is harmless otherwise
            subscribe();
        }

        @Override
        public void connectionLost(String cause) {
            // not on connected(): a resumed session may deliver before Paho reports the connection complete
            session.incrementAndGet();
            subscribed = false;
            log.warn("mqtt {}: lost broker {} ({}), reconnecting automatically", connection.id(), connection.url(), cause);
        }

        @Override
        public void clientError(String message) {
            log.warn("mqtt {}: client error on broker {}: {}", connection.id(), connection.url(), message);
        }

        @Override
        public void messageArrived(String topic, byte[] payload, int qos, int messageId) {
            // an exception escaping here would make Paho drop the connection
            try {
                handle(topic, payload, qos, messageId);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error("mqtt {}: unexpected failure on topic {} from broker {}", connection.id(), topic,
                        connection.url(), e);
            }
        }
    }
}
