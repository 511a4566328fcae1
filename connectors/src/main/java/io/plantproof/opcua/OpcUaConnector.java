package io.plantproof.opcua;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plantproof.plant.Equipment;
import io.plantproof.plant.OpcUaConnection;
import io.plantproof.plant.OpcUaConnection.Monitoring;
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
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UNumber;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
 * {@link SampleSink}, holding batches the sink refuses for retry in order (see {@link RetryQueue}). Survives server
 * outages: whenever the session is lost it builds a new client, session, subscriptions and monitored items, retrying
 * with capped exponential back-off (1 s .. 8 s); nodes the server refuses are reported per node and retried every
 * {@code nodeRetrySeconds} while the others keep flowing.
 */
public final class OpcUaConnector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpcUaConnector.class);
    private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
    /** Data resumes within 10 s of a server coming back; a refused connect every 8 s costs the server nothing. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);
    private static final int REQUEST_TIMEOUT_MS = 5_000;
    /** Seconds of history behind {@link Status#samplesPerSecond()}: long enough to smooth one-second publishing bursts. */
    private static final int RATE_WINDOW_SECONDS = 10;

    private final OpcUaConnection connection;
    private final RetryQueue retries;
    private final String source;
    private final List<MappedSignal> signals;
    private final Path dataDir;
    private final MeterRegistry registry;
    private final OpcUaMeters meters;
    private final ScheduledExecutorService supervisor;
    private final Set<String> loggedBadSignals = ConcurrentHashMap.newKeySet();
    private final Map<MappedSignal, NodeProblem> failedNodes = new ConcurrentHashMap<>();

    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong samplesReceived = new AtomicLong();
    private final AtomicLong badValues = new AtomicLong();
    /** Sample counts at each of the last seconds, oldest first after {@code rateIndex}. */
    private final long[] rateWindow = new long[RATE_WINDOW_SECONDS + 1];

    // Touched only on the supervisor thread, except the volatile fields read by status().
    private ClientSetup setup;
    private OpcUaClient client;
    private List<OpcUaSubscription> subscriptions = List.of();
    private Duration backoff = MIN_BACKOFF;
    private boolean everConnected;
    private boolean started;
    private int rateIndex;
    private int rateSeconds;
    private volatile int subscriptionCount;
    private volatile int itemsGood;
    private volatile double samplesPerSecond;
    private volatile String lastError;
    private volatile boolean connected;
    private volatile boolean closed;

    /** A connector whose data dir is the plant's {@code dataDir} as written, with meters on its own {@link SimpleMeterRegistry}. */
    public OpcUaConnector(Plant plant, OpcUaConnection connection, SampleSink sink) {
        this(plant, connection, sink, Path.of(plant.dataDir()), new SimpleMeterRegistry());
    }

    /**
     * A connector for the signals of {@code plant} mapped to {@code connection}; nothing connects before {@link #start()}.
     *
     * @param dataDir  where the PKI directory ({@code opcua-pki/} unless the connection sets {@code pkiDir}) and relative
     *                 key store paths resolve
     * @param registry receives this connection's meters (see {@link OpcUaMeters}); they are removed on {@link #close()}
     * @throws IllegalArgumentException naming the connection when its settings or a signal's monitoring cannot work
     */
    public OpcUaConnector(Plant plant, OpcUaConnection connection, SampleSink sink, Path dataDir, MeterRegistry registry) {
        this.connection = connection;
        this.source = "opcua:" + connection.id();
        this.signals = mappedSignals(plant, connection);
        List<String> problems = new ArrayList<>(connection.problems());
        for (MappedSignal s : signals) {
            Monitoring override = s.mapping().opcua().monitoring();
            if (override != null) {
                problems.addAll(override.problems("device " + s.equipmentId() + " signal " + s.mapping().kind() + " opcua.monitoring"));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        this.dataDir = dataDir;
        this.retries = new RetryQueue(sink, connection.retryQueueSamples(), connection.id());
        this.registry = registry;
        this.meters = new OpcUaMeters(this::status, connection.id(), connection.endpoint());
        meters.bindTo(registry);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "opcua-" + connection.id());
            t.setDaemon(true);
            return t;
        });
        // A pending reconnect must not keep a closed connector alive.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        this.supervisor = executor;
    }

    /** Starts connecting in the background and returns at once; never throws because the server is down. */
    public void start() {
        onSupervisor(() -> {
            if (!started && !closed) {
                started = true;
                log.info("OPC UA {}: connecting to {} ({}) for {} signals", connection.id(), connection.endpoint(),
                        ClientSetup.describe(connection), signals.size());
                supervisor.scheduleAtFixedRate(this::measureRate, 1, 1, TimeUnit.SECONDS);
                supervisor.scheduleWithFixedDelay(this::retryFailedNodes, connection.nodeRetrySeconds(),
                        connection.nodeRetrySeconds(), TimeUnit.SECONDS);
                connect();
            }
        });
    }

    /** The connection's health now; cheap enough to call per scrape. */
    public Status status() {
        List<NodeProblem> problems = failedNodes.values().stream()
                .sorted(Comparator.comparing(NodeProblem::device).thenComparing(NodeProblem::signal)).toList();
        return new Status(connected, reconnects.get(), samplesReceived.get(), badValues.get(), retries.refusals(),
                retries.heldSamples(), retries.heldBatches(), retries.lostSamples(), subscriptionCount, itemsGood, problems.size(),
                samplesPerSecond, lastError, problems);
    }

    /** The meters of this connection, to bind to another registry (e.g. Spring Boot's) besides the one given. */
    public OpcUaMeters meters() {
        return meters;
    }

    /**
     * Stops reconnecting, closes the session, makes a last attempt to hand held samples to the sink (reporting any it
     * still refuses as lost) and removes the meters.
     */
    @Override
    public void close() {
        closed = true;
        onSupervisor(() -> {
            connected = false;
            if (client != null) {
                try {
                    // Closing the session politely lets the server delete its subscriptions at once.
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
        retries.close();
        meters.unbind(registry);
    }

    /**
     * The connector's health: whether a session with live subscriptions exists, how often it had to be rebuilt,
     * samples produced, values that could not be normalised, hand-overs the sink refused (retries included), samples
     * and batches held for retry, samples lost (dropped over the retry bound, or still refused at close), subscriptions
     * open, monitored items the server accepted ({@code itemsGood}) and refused ({@code itemsBad}, detailed in
     * {@code failedNodes}), the sample rate over the last seconds, and why the last connection attempt failed (null
     * once connected; names the certificate file to trust when that is the reason).
     */
    public record Status(boolean connected, long reconnects, long samplesReceived, long badValues, long sinkFailures,
                         long queuedSamples, int queuedBatches, long lostSamples, int subscriptions, int itemsGood, int itemsBad, double samplesPerSecond, String lastError,
                         List<NodeProblem> failedNodes) {
    }

    /**
     * A mapped node the server refused or the collector could not resolve: its device, signal and node id, the reason
     * (an OPC UA status name such as {@code Bad_NodeIdUnknown}, or the resolution error) and how often it was tried.
     */
    public record NodeProblem(String device, String signal, String node, String reason, int attempts) {
    }

    private void connect() {
        if (closed) {
            return;
        }
        OpcUaClient candidate = null;
        try {
            // Certificates and identity load once; a failure (e.g. a key store not yet in place) is retried like an outage.
            if (setup == null) {
                setup = ClientSetup.prepare(connection, dataDir);
            }
            candidate = setup.newClient("PlantProof collector", REQUEST_TIMEOUT_MS);
            OpcUaClient session = candidate;
            // Registered before connecting: a loss during setup queues behind this task and is handled once client is set.
            candidate.addSessionActivityListener(new SessionActivityListener() {
                @Override
                public void onSessionInactive(UaSession s) {
                    onSupervisor(() -> lost(session, "session lost"));
                }
            });
            candidate.connect();
            client = candidate;
            subscriptions = new ArrayList<>();
            subscriptionCount = 0;
            itemsGood = 0;
            monitor(signals);
            connected = true;
            lastError = null;
            backoff = MIN_BACKOFF;
            if (everConnected) {
                reconnects.incrementAndGet();
            }
            everConnected = true;
            log.info("OPC UA {}: connected to {}, monitoring {} of {} nodes in {} subscription(s)", connection.id(),
                    connection.endpoint(), itemsGood, signals.size(), subscriptions.size());
        } catch (Exception e) {
            if (candidate != null) {
                candidate.disconnectAsync();
            }
            client = null;
            subscriptions = List.of();
            subscriptionCount = 0;
            itemsGood = 0;
            lastError = setup == null ? ClientSetup.rootMessage(e) : setup.explain(e);
            log.warn("OPC UA {}: cannot connect to {}: {}; retrying in {} s", connection.id(), connection.endpoint(),
                    lastError, backoff.toSeconds());
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
        log.warn("OPC UA {}: {} on {}; reconnecting and re-creating the subscriptions", connection.id(), reason, connection.endpoint());
        connected = false;
        // Milo's own session reconnect and subscription transfer would race the rebuild, so the old client goes for good.
        client.disconnectAsync();
        client = null;
        subscriptions = List.of();
        subscriptionCount = 0;
        itemsGood = 0;
        backoff = MIN_BACKOFF;
        scheduleConnect(MIN_BACKOFF);
    }

    /**
     * Creates monitored items for {@code todo} on the current session, filling the last subscription up to
     * {@code maxItemsPerSubscription} and opening new ones as needed; nodes that fail are recorded in {@link #failedNodes}.
     */
    private void monitor(List<MappedSignal> todo) throws UaException {
        NamespaceTable namespaces = client.readNamespaceTable();
        List<OpcUaMonitoredItem> items = new ArrayList<>();
        for (MappedSignal signal : todo) {
            try {
                items.add(newItem(signal, namespaces));
            } catch (IllegalArgumentException e) {
                nodeFailed(signal, e.getMessage());
            }
        }
        int next = 0;
        while (next < items.size()) {
            OpcUaSubscription target = subscriptionWithRoom();
            int room = connection.maxItemsPerSubscription() - target.getMonitoredItems().size();
            List<OpcUaMonitoredItem> batch = items.subList(next, Math.min(items.size(), next + room));
            target.addMonitoredItems(batch);
            try {
                target.synchronizeMonitoredItems();
            } catch (MonitoredItemSynchronizationException e) {
                // Per-item results follow; the items the server accepted keep working.
                log.debug("OPC UA {}: some items refused by {}", connection.id(), connection.endpoint(), e);
            }
            List<OpcUaMonitoredItem> refused = new ArrayList<>();
            for (OpcUaMonitoredItem item : batch) {
                MappedSignal signal = (MappedSignal) item.getUserObject().orElseThrow();
                StatusCode result = item.getCreateResult().orElse(new StatusCode(StatusCodes.Bad_UnexpectedError));
                if (result.isGood()) {
                    if (failedNodes.remove(signal) != null) {
                        log.info("OPC UA {}: device {} signal {} node {} is monitored again on {}", connection.id(),
                                signal.equipmentId(), signal.mapping().kind(), signal.node(), connection.endpoint());
                    }
                } else {
                    refused.add(item);
                    nodeFailed(signal, statusName(result));
                }
            }
            // Refused items stay out of the subscription, so its room and a later retry start clean.
            target.removeMonitoredItems(refused);
            itemsGood += batch.size() - refused.size();
            next += batch.size();
        }
    }

    private OpcUaSubscription subscriptionWithRoom() throws UaException {
        if (!subscriptions.isEmpty()) {
            OpcUaSubscription last = subscriptions.get(subscriptions.size() - 1);
            if (last.getMonitoredItems().size() < connection.maxItemsPerSubscription()) {
                return last;
            }
        }
        OpcUaSubscription subscription = new OpcUaSubscription(client, (double) connection.publishingIntervalMs());
        subscription.setSubscriptionListener(new Listener(client));
        subscription.create();
        subscriptions.add(subscription);
        subscriptionCount = subscriptions.size();
        return subscription;
    }

    private static OpcUaMonitoredItem newItem(MappedSignal signal, NamespaceTable namespaces) {
        Monitoring m = signal.monitoring();
        OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(NodeAddress.resolve(signal.node(), namespaces));
        item.setSamplingInterval(m.samplingIntervalMs());
        item.setQueueSize(uint(m.queueSize()));
        item.setDiscardOldest(m.discardOldest());
        item.setFilter(new DataChangeFilter(DataChangeTrigger.valueOf(m.dataChangeTrigger().uaName()),
                uint(DeadbandType.valueOf(m.deadbandType().uaName()).getValue()), m.deadbandValue()));
        item.setUserObject(signal);
        return item;
    }

    private void nodeFailed(MappedSignal signal, String reason) {
        NodeProblem previous = failedNodes.get(signal);
        int attempts = previous == null ? 1 : previous.attempts() + 1;
        failedNodes.put(signal, new NodeProblem(signal.equipmentId(), signal.mapping().kind().id(), signal.node(), reason, attempts));
        String message = "OPC UA {}: device {} signal {} node {} not monitored on {}: {}; retrying every {} s "
                + "(check the node id in the plant file; `plantproof opcua browse` lists the server's nodes)";
        Object[] args = {connection.id(), signal.equipmentId(), signal.mapping().kind(), signal.node(), connection.endpoint(),
                reason, connection.nodeRetrySeconds()};
        // Said once per node and reason; the periodic retries repeat it at debug level only.
        if (previous == null || !previous.reason().equals(reason)) {
            log.warn(message, args);
        } else {
            log.debug(message, args);
        }
    }

    /** Gives refused nodes another chance on the live session; servers add nodes when PLC programs are loaded. */
    private void retryFailedNodes() {
        if (client == null || !connected || failedNodes.isEmpty()) {
            return;
        }
        List<MappedSignal> retry = signals.stream().filter(failedNodes::containsKey).toList();
        try {
            monitor(retry);
        } catch (Exception e) {
            log.debug("OPC UA {}: retrying {} refused nodes on {} failed: {}", connection.id(), retry.size(),
                    connection.endpoint(), ClientSetup.rootMessage(e));
        }
    }

    private void measureRate() {
        rateIndex = (rateIndex + 1) % rateWindow.length;
        rateWindow[rateIndex] = samplesReceived.get();
        rateSeconds = Math.min(rateSeconds + 1, RATE_WINDOW_SECONDS);
        long oldest = rateWindow[(rateIndex - rateSeconds + rateWindow.length) % rateWindow.length];
        samplesPerSecond = (double) (rateWindow[rateIndex] - oldest) / rateSeconds;
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
                samples.add(new Sample(signal.equipmentId(), signal.mapping().kind().id(), epochMillis(value), normalized,
                        status.isGood() ? 0L : status.value(), Provenance.MEASURED, serverMillis(value)));
            } catch (RuntimeException e) {
                badValues.incrementAndGet();
                String key = signal.equipmentId() + "/" + signal.mapping().kind();
                String message = "OPC UA {}: device {} signal {} node {}: value dropped ({}; status {}); check the signal's "
                        + "stateCodes or the node's data type";
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
        retries.offer(new SampleBatch(source, samples));
    }

    private static Object javaValue(DataValue value) {
        Object raw = value.value() == null ? null : value.value().value();
        // Unsigned OPC UA integers become BigInteger so normalisation sees an ordinary Number.
        return raw instanceof UNumber unsigned ? unsigned.toBigInteger() : raw;
    }

    /** Source time, else server time; arrival time only for servers that send neither (the value is still real). */
    private static long epochMillis(DataValue value) {
        if (present(value.sourceTime())) {
            return value.sourceTime().getJavaTime();
        }
        if (present(value.serverTime())) {
            return value.serverTime().getJavaTime();
        }
        return System.currentTimeMillis();
    }

    /** Server time, kept beside the source time so a reviewer sees both clocks; unknown when the server sent none. */
    private static long serverMillis(DataValue value) {
        return present(value.serverTime()) ? value.serverTime().getJavaTime() : Sample.UNKNOWN_SERVER_TIME;
    }

    private static boolean present(DateTime time) {
        return time != null && time.isValid() && !time.isNull();
    }

    private static List<MappedSignal> mappedSignals(Plant plant, OpcUaConnection connection) {
        Monitoring defaults = connection.monitoring();
        List<MappedSignal> out = new ArrayList<>();
        for (Equipment equipment : plant.equipment()) {
            for (SignalMapping mapping : equipment.signals()) {
                SignalMapping.OpcUaSource opcua = mapping.opcua();
                if (opcua != null && connection.id().equals(opcua.connection())) {
                    Monitoring monitoring = opcua.monitoring() == null ? defaults : opcua.monitoring().over(defaults);
                    out.add(new MappedSignal(equipment.id(), mapping, opcua.node(), monitoring));
                }
            }
        }
        return List.copyOf(out);
    }

    private static String statusName(StatusCode status) {
        return StatusCodes.lookup(status.value()).map(names -> names[0]).orElse(status.toString());
    }

    /** One monitored node, the device signal it feeds and how it is monitored. */
    private record MappedSignal(String equipmentId, SignalMapping mapping, String node, Monitoring monitoring) {
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
