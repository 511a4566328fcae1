package io.plantproof.opcua;

import io.plantproof.plant.Equipment;
import io.plantproof.plant.OpcUaConnection;
import io.plantproof.plant.Plant;
import io.plantproof.plant.SignalMapping;
import io.plantproof.plant.SignalValues;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.SampleSink;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UNumber;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Subscribes to the OPC UA nodes a plant file maps for one connection and hands each notification batch to a
 * {@link SampleSink}. Survives server outages: whenever the session is lost it builds a new client, session,
 * subscription and monitored items, retrying with capped exponential back-off (1 s .. 30 s).
 */
public final class OpcUaConnector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpcUaConnector.class);
    private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final int REQUEST_TIMEOUT_MS = 5_000;
    /**
     * Reports every sample whose source timestamp moved, not only value changes: the metric engine counts filled
     * collection slots, and a state that stays RUNNING for an hour must not look like a silent device.
     */
    private static final DataChangeFilter EVERY_SAMPLE = new DataChangeFilter(DataChangeTrigger.StatusValueTimestamp,
            uint(DeadbandType.None.getValue()), 0.0);

    private final OpcUaConnection connection;
    private final SampleSink sink;
    private final String source;
    private final List<MappedSignal> signals;
    private final ScheduledExecutorService supervisor;
    private final Set<String> loggedBadSignals = ConcurrentHashMap.newKeySet();

    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong samplesReceived = new AtomicLong();
    private final AtomicLong badValues = new AtomicLong();
    private final AtomicLong sinkFailures = new AtomicLong();

    // Touched only on the supervisor thread, except the volatile flags read by status().
    private OpcUaClient client;
    private Duration backoff = MIN_BACKOFF;
    private boolean everConnected;
    private boolean started;
    private volatile boolean connected;
    private volatile boolean closed;

    /**
     * A connector for the signals of {@code plant} mapped to {@code connection}; nothing connects before {@link #start()}.
     *
     * @throws IllegalArgumentException if the connection asks for a security policy other than None
     */
    public OpcUaConnector(Plant plant, OpcUaConnection connection, SampleSink sink) {
        if (!"None".equalsIgnoreCase(connection.securityPolicy()) || !"None".equalsIgnoreCase(connection.securityMode())) {
            throw new IllegalArgumentException("opcua connection '" + connection.id() + "': security policy "
                    + connection.securityPolicy() + "/" + connection.securityMode() + " is not supported yet, only None");
        }
        this.connection = connection;
        this.sink = sink;
        this.source = "opcua:" + connection.id();
        this.signals = mappedSignals(plant, connection.id());
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "opcua-" + connection.id());
            t.setDaemon(true);
            return t;
        });
        // A pending reconnect must not keep a closed connector alive.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.supervisor = executor;
    }

    /** Starts connecting in the background and returns at once; never throws because the server is down. */
    public void start() {
        onSupervisor(() -> {
            if (!started && !closed) {
                started = true;
                log.info("OPC UA {}: connecting to {} for {} signals", connection.id(), connection.endpoint(), signals.size());
                connect();
            }
        });
    }

    /** Counters for health checks and tests. */
    public Status status() {
        return new Status(connected, reconnects.get(), samplesReceived.get(), badValues.get(), sinkFailures.get());
    }

    /** Stops reconnecting and closes the session; samples already handed to the sink stay there. */
    @Override
    public void close() {
        closed = true;
        onSupervisor(() -> {
            connected = false;
            if (client != null) {
                try {
                    // Closing the session politely lets the server delete its subscription at once.
                    client.disconnectAsync().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    log.debug("OPC UA {}: disconnect from {} did not complete", connection.id(), connection.endpoint(), e);
                }
                client = null;
            }
        });
        supervisor.shutdown();
        try {
            supervisor.awaitTermination(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connected = false;
    }

    /**
     * The connector's health: whether a session with a live subscription exists, how often it had to be rebuilt,
     * samples produced, values that could not be normalised, and batches the sink refused.
     */
    public record Status(boolean connected, long reconnects, long samplesReceived, long badValues, long sinkFailures) {
    }

    private void connect() {
        if (closed) {
            return;
        }
        OpcUaClient candidate = null;
        try {
            candidate = OpcUaClient.create(connection.endpoint(),
                    endpoints -> Endpoints.withoutSecurity(connection.endpoint(), endpoints), transport -> {
                    }, config -> config
                    .setApplicationName(LocalizedText.english("PlantProof collector"))
                    .setApplicationUri("urn:plantproof:collector")
                    .setRequestTimeout(uint(REQUEST_TIMEOUT_MS))
                    .setIdentityProvider(connection.username() == null ? new AnonymousProvider()
                            : new UsernameProvider(connection.username(), connection.password() == null ? "" : connection.password())));
            OpcUaClient session = candidate;
            // Registered before connecting: a loss during setup queues behind this task and is handled once client is set.
            candidate.addSessionActivityListener(new SessionActivityListener() {
                @Override
                public void onSessionInactive(UaSession s) {
                    onSupervisor(() -> lost(session, "session lost"));
                }
            });
            candidate.connect();
            int monitored = subscribe(candidate);
            client = candidate;
            connected = true;
            backoff = MIN_BACKOFF;
            if (everConnected) {
                reconnects.incrementAndGet();
            }
            everConnected = true;
            log.info("OPC UA {}: connected to {}, monitoring {} of {} nodes", connection.id(), connection.endpoint(), monitored, signals.size());
        } catch (Exception e) {
            if (candidate != null) {
                candidate.disconnectAsync();
            }
            log.warn("OPC UA {}: cannot connect to {} ({}); retrying in {} s", connection.id(), connection.endpoint(),
                    rootMessage(e), backoff.toSeconds());
            scheduleConnect(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Runs a task on the supervisor thread; after close() there is nothing left to do, so it is dropped. */
    private void onSupervisor(Runnable task) {
        try {
            supervisor.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("OPC UA {}: connector closed, event ignored", connection.id());
        }
    }

    private void scheduleConnect(Duration delay) {
        if (!closed) {
            supervisor.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Drops a client whose session or subscription is gone; a fresh one re-creates everything. */
    private void lost(OpcUaClient which, String reason) {
        if (which != client || closed) {
            return;
        }
        log.warn("OPC UA {}: {} on {}; reconnecting and re-creating the subscription", connection.id(), reason, connection.endpoint());
        connected = false;
        // Milo's own session reconnect and subscription transfer would race the rebuild, so the old client goes for good.
        client.disconnectAsync();
        client = null;
        backoff = MIN_BACKOFF;
        scheduleConnect(MIN_BACKOFF);
    }

    /** Creates the subscription and its monitored items on a fresh session; returns how many items the server accepted. */
    private int subscribe(OpcUaClient candidate) throws Exception {
        NamespaceTable namespaces = candidate.readNamespaceTable();
        OpcUaSubscription subscription = new OpcUaSubscription(candidate, (double) connection.publishingIntervalMs());
        subscription.setSubscriptionListener(new Listener(candidate));
        subscription.create();
        List<OpcUaMonitoredItem> items = new ArrayList<>();
        for (MappedSignal signal : signals) {
            try {
                OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(NodeAddress.resolve(signal.node(), namespaces));
                item.setSamplingInterval(connection.samplingIntervalMs());
                item.setQueueSize(uint(connection.queueSize()));
                item.setFilter(EVERY_SAMPLE);
                item.setUserObject(signal);
                items.add(item);
            } catch (IllegalArgumentException e) {
                log.error("OPC UA {}: device {} signal {}: {}", connection.id(), signal.equipmentId(), signal.mapping().kind(), e.getMessage());
            }
        }
        subscription.addMonitoredItems(items);
        try {
            subscription.synchronizeMonitoredItems();
        } catch (MonitoredItemSynchronizationException e) {
            // Items the server refused are reported; the rest of the subscription keeps working.
            for (OpcUaMonitoredItem item : items) {
                StatusCode result = item.getCreateResult().orElse(StatusCode.GOOD);
                if (!result.isGood()) {
                    MappedSignal signal = (MappedSignal) item.getUserObject().orElseThrow();
                    log.error("OPC UA {}: device {} signal {}: node {} refused by {}: {}", connection.id(),
                            signal.equipmentId(), signal.mapping().kind(), signal.node(), connection.endpoint(), result);
                }
            }
        }
        return (int) items.stream().filter(i -> i.getCreateResult().map(StatusCode::isGood).orElse(false)).count();
    }

    private void deliver(List<OpcUaMonitoredItem> items, List<DataValue> values) {
        List<Sample> samples = new ArrayList<>(values.size());
        for (int i = 0; i < items.size(); i++) {
            Optional<Object> user = items.get(i).getUserObject();
            if (user.isEmpty()) {
                continue;
            }
            MappedSignal signal = (MappedSignal) user.get();
            DataValue value = values.get(i);
            try {
                double normalized = SignalValues.normalize(signal.equipmentId(), signal.mapping(), javaValue(value));
                StatusCode status = value.statusCode() == null ? StatusCode.GOOD : value.statusCode();
                samples.add(new Sample(signal.equipmentId(), signal.mapping().kind(), epochMillis(value), normalized,
                        status.isGood() ? 0L : status.value(), Provenance.MEASURED));
            } catch (RuntimeException e) {
                badValues.incrementAndGet();
                String key = signal.equipmentId() + "/" + signal.mapping().kind();
                String message = "OPC UA {}: device {} signal {} node {}: value dropped ({}; status {})";
                Object[] args = {connection.id(), signal.equipmentId(), signal.mapping().kind(), signal.node(),
                        e.getMessage(), value.statusCode()};
                // The first bad value of a signal is a warning; a device repeating it every interval is debug noise.
                if (loggedBadSignals.add(key)) {
                    log.warn(message, args);
                } else {
                    log.debug(message, args);
                }
            }
        }
        if (samples.isEmpty()) {
            return;
        }
        samplesReceived.addAndGet(samples.size());
        try {
            sink.accept(new SampleBatch(source, samples));
        } catch (RuntimeException e) {
            sinkFailures.incrementAndGet();
            log.error("OPC UA {}: sink refused a batch of {} samples from {}; they are lost (is the ledger failing?)",
                    connection.id(), samples.size(), connection.endpoint(), e);
        }
    }

    private static Object javaValue(DataValue value) {
        Object raw = value.value() == null ? null : value.value().value();
        // Unsigned OPC UA integers become BigInteger so normalisation sees an ordinary Number.
        return raw instanceof UNumber unsigned ? unsigned.toBigInteger() : raw;
    }

    private static long epochMillis(DataValue value) {
        DateTime source = value.sourceTime();
        if (source != null && source.isValid() && !source.isNull()) {
            return source.getJavaTime();
        }
        DateTime server = value.serverTime();
        if (server != null && server.isValid() && !server.isNull()) {
            return server.getJavaTime();
        }
        return System.currentTimeMillis();
    }

    private static List<MappedSignal> mappedSignals(Plant plant, String connectionId) {
        List<MappedSignal> out = new ArrayList<>();
        for (Equipment equipment : plant.equipment()) {
            for (SignalMapping mapping : equipment.signals()) {
                if (mapping.opcua() != null && connectionId.equals(mapping.opcua().connection())) {
                    out.add(new MappedSignal(equipment.id(), mapping, mapping.opcua().node()));
                }
            }
        }
        return List.copyOf(out);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** One monitored node and the device signal it feeds. */
    private record MappedSignal(String equipmentId, SignalMapping mapping, String node) {
    }

    /** Turns notifications into batches and a dead subscription into a rebuild. */
    private final class Listener implements OpcUaSubscription.SubscriptionListener {

        private final OpcUaClient owner;

        Listener(OpcUaClient owner) {
            this.owner = owner;
        }

        @Override
        public void onDataReceived(OpcUaSubscription subscription, List<OpcUaMonitoredItem> items, List<DataValue> values) {
            try {
                deliver(items, values);
            } catch (RuntimeException e) {
                // Milo's delivery queue must keep running whatever one batch does.
                log.error("OPC UA {}: notification from {} could not be processed", connection.id(), connection.endpoint(), e);
            }
        }

        @Override
        public void onTransferFailed(OpcUaSubscription subscription, StatusCode status) {
            onSupervisor(() -> lost(owner, "subscription transfer failed (" + status + ")"));
        }

        @Override
        public void onStatusChanged(OpcUaSubscription subscription, StatusCode status) {
            if (status.isBad()) {
                onSupervisor(() -> lost(owner, "subscription closed by the server (" + status + ")"));
            }
        }

        @Override
        public void onWatchdogTimerElapsed(OpcUaSubscription subscription) {
            onSupervisor(() -> lost(owner, "no publish response or keep-alive in time"));
        }
    }
}
