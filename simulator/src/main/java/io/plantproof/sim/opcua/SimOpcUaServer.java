package io.plantproof.sim.opcua;

import io.plantproof.sim.DemoPlant;
import io.plantproof.sim.SimMachine;
import io.plantproof.sim.SimulatedPlant;
import io.plantproof.sample.Signals;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An in-process OPC UA server (Eclipse Milo) publishing the OPC UA machines of a {@link SimulatedPlant}
 * under {@code Objects/Plant/<workshop>/<machine>/}, advanced and refreshed once a second; security None, anonymous.
 */
public final class SimOpcUaServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimOpcUaServer.class);
    private static final String HOST = "localhost";
    private static final String PATH = "/plantproof-sim";
    private static final long STOP_TIMEOUT_SECONDS = 10;

    private final SimulatedPlant plant;
    private final int port;
    private OpcUaServer server;
    private PlantNamespace namespace;
    private ScheduledExecutorService ticker;

    /** A server for the plant's OPC UA machines on the given port; 0 picks a free port now, kept across restarts. */
    public SimOpcUaServer(SimulatedPlant plant, int port) {
        this.plant = plant;
        this.port = port == 0 ? freePort() : port;
    }

    /** The URL clients connect to, e.g. {@code opc.tcp://localhost:4840/plantproof-sim}. */
    public String endpointUrl() {
        return "opc.tcp://" + HOST + ":" + port + PATH;
    }

    /** The TCP port, fixed at construction so a restart binds the same one. */
    public int port() {
        return port;
    }

    /** Binds the port, builds the address space and starts the one-second ticker. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        EndpointConfig endpoint = EndpointConfig.newBuilder()
                .setBindAddress(HOST)
                .setHostname(HOST)
                .setBindPort(port)
                .setPath(PATH)
                .setSecurityPolicy(SecurityPolicy.None)
                .setSecurityMode(MessageSecurityMode.None)
                .addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                .build();
        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri("urn:plantproof:sim:server")
                .setApplicationName(LocalizedText.english("PlantProof simulated plant"))
                .setProductUri("urn:plantproof:sim")
                .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine()))
                .setEndpoints(Set.of(endpoint))
                .build();
        OpcUaServer created = new OpcUaServer(config,
                profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
        PlantNamespace ns = new PlantNamespace(created, plant);
        ns.startup();
        try {
            created.startup().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            ns.shutdown();
            created.shutdown();
            throw new IllegalStateException("OPC UA simulator could not start on " + endpointUrl(), e);
        }
        server = created;
        namespace = ns;
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-opcua-ticker-" + port);
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(this::tick, 0, 1, TimeUnit.SECONDS);
        log.info("OPC UA simulator listening on {} with {} machines", endpointUrl(), plant.machines("opcua").size());
    }

    /** Stops the ticker and the server and releases the port, so {@link #start()} may run again. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        ticker.shutdownNow();
        namespace.shutdown();
        try {
            server.shutdown().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("OPC UA simulator on {} did not shut down cleanly", endpointUrl(), e);
        }
        server = null;
        namespace = null;
        ticker = null;
        log.info("OPC UA simulator on {} stopped", endpointUrl());
    }

    @Override
    public void close() {
        stop();
    }

    private void tick() {
        try {
            long now = Instant.now().getEpochSecond();
            plant.machines("opcua").forEach(m -> m.advanceTo(now));
            PlantNamespace ns = namespace;
            if (ns != null) {
                ns.publish();
            }
        } catch (RuntimeException e) {
            // A failed tick must not cancel the schedule; the next second tries again.
            log.warn("OPC UA simulator on {}: tick failed", endpointUrl(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the OPC UA simulator", e);
        }
    }

    /** The plant's folders and machine variables, with Milo's sampling of the current node values. */
    private static final class PlantNamespace extends ManagedNamespaceWithLifecycle {

        private final SimulatedPlant plant;
        private final SubscriptionModel subscriptionModel;
        private final Map<String, Map<String, UaVariableNode>> variablesByMachine = new LinkedHashMap<>();

        PlantNamespace(OpcUaServer server, SimulatedPlant plant) {
            super(server, DemoPlant.NAMESPACE_URI);
            this.plant = plant;
            this.subscriptionModel = new SubscriptionModel(server, this);
            getLifecycleManager().addLifecycle(subscriptionModel);
            getLifecycleManager().addStartupTask(this::addNodes);
        }

        private void addNodes() {
            UaFolderNode root = folder("Plant", "Plant");
            root.addReference(new Reference(root.getNodeId(), NodeIds.Organizes,
                    NodeIds.ObjectsFolder.expanded(), Reference.Direction.INVERSE));
            Map<String, UaFolderNode> workshops = new HashMap<>();
            for (SimMachine machine : plant.machines("opcua")) {
                String workshop = machine.spec().workshop();
                UaFolderNode workshopFolder = workshops.computeIfAbsent(workshop, w -> {
                    UaFolderNode f = folder("Plant/" + w, w);
                    root.addOrganizes(f);
                    return f;
                });
                String machinePath = "Plant/" + workshop + "/" + machine.spec().id();
                UaFolderNode machineFolder = folder(machinePath, machine.spec().id());
                workshopFolder.addOrganizes(machineFolder);
                Map<String, UaVariableNode> variables = new HashMap<>();
                for (Map.Entry<String, String> signal : DemoPlant.OPCUA_NODES.entrySet()) {
                    UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                            .setNodeId(newNodeId(DemoPlant.nodeName(machine.spec(), signal.getKey())))
                            .setBrowseName(newQualifiedName(signal.getValue()))
                            .setDisplayName(LocalizedText.english(signal.getValue()))
                            .setDataType(dataType(signal.getKey()))
                            .setTypeDefinition(NodeIds.BaseDataVariableType)
                            .setAccessLevel(AccessLevel.READ_ONLY)
                            .setUserAccessLevel(AccessLevel.READ_ONLY)
                            .setValue(new DataValue(new StatusCode(StatusCodes.Bad_WaitingForInitialData)))
                            .build();
                    getNodeManager().addNode(node);
                    machineFolder.addOrganizes(node);
                    variables.put(signal.getKey(), node);
                }
                variablesByMachine.put(machine.spec().id(), variables);
            }
            publish();
        }

        private UaFolderNode folder(String path, String name) {
            UaFolderNode folder = new UaFolderNode(getNodeContext(), newNodeId(path), newQualifiedName(name),
                    LocalizedText.english(name));
            getNodeManager().addNode(folder);
            return folder;
        }

        /** Writes every machine's current snapshot into its variables, stamped now. */
        void publish() {
            DateTime now = DateTime.now();
            for (SimMachine machine : plant.machines("opcua")) {
                Map<String, UaVariableNode> variables = variablesByMachine.get(machine.spec().id());
                if (variables == null) {
                    continue;
                }
                SimMachine.Snapshot s = machine.snapshot();
                set(variables.get(Signals.STATE), new Variant(s.plcCode()), now);
                set(variables.get(Signals.COUNT_TOTAL), new Variant(ULong.valueOf(s.total())), now);
                set(variables.get(Signals.COUNT_GOOD), new Variant(ULong.valueOf(s.good())), now);
                set(variables.get(Signals.ENERGY), new Variant(s.energyKwh()), now);
                set(variables.get(Signals.CYCLE_TIME), new Variant(machine.spec().idealCycleSeconds()), now);
            }
        }

        private static void set(UaVariableNode node, Variant value, DateTime now) {
            node.setValue(new DataValue(value, StatusCode.GOOD, now, now));
        }

        private static NodeId dataType(String signal) {
            return switch (signal) {
                case Signals.STATE -> NodeIds.Int32;
                case Signals.COUNT_TOTAL, Signals.COUNT_GOOD -> NodeIds.UInt64;
                default -> NodeIds.Double;
            };
        }

        @Override
        public void onDataItemsCreated(List<DataItem> dataItems) {
            subscriptionModel.onDataItemsCreated(dataItems);
        }

        @Override
        public void onDataItemsModified(List<DataItem> dataItems) {
            subscriptionModel.onDataItemsModified(dataItems);
        }

        @Override
        public void onDataItemsDeleted(List<DataItem> dataItems) {
            subscriptionModel.onDataItemsDeleted(dataItems);
        }

        @Override
        public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
            subscriptionModel.onMonitoringModeChanged(monitoredItems);
        }
    }
}
