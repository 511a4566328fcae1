package io.plantproof.sim.opcua;

import io.plantproof.sim.DemoPlant;
import io.plantproof.sim.SimMachine;
import io.plantproof.sim.SimulatedPlant;
import io.plantproof.sample.Signals;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.X509IdentityValidator;
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
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
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
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An in-process OPC UA server (Eclipse Milo) publishing the OPC UA machines of a {@link SimulatedPlant} under
 * {@code Objects/Plant/<workshop>/<machine>/}, advanced and refreshed once a second, and on request N load variables
 * under {@code Objects/Load/} that change every second. It offers security None and Basic256Sha256,
 * Aes128_Sha256_RsaOaep and Aes256_Sha256_RsaPss with Sign and SignAndEncrypt, each with anonymous, user/password and
 * X.509 users. By default it accepts every client application certificate, which keeps the demo free of certificate
 * handling; {@link #trustOnlyClientsIn} makes it check them against a trust folder as plant servers do.
 */
public final class SimOpcUaServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimOpcUaServer.class);
    private static final String HOST = "localhost";
    private static final String PATH = "/plantproof-sim";
    private static final String APPLICATION_URI = "urn:plantproof:sim:server";
    private static final long STOP_TIMEOUT_SECONDS = 10;
    /** Tick stamps kept for {@link #publishedAt()}: an hour of ticks is more than any test waits. */
    private static final int PUBLISHED_HISTORY = 3600;
    private static final List<SecurityPolicy> SECURE_POLICIES = List.of(SecurityPolicy.Basic256Sha256,
            SecurityPolicy.Aes128_Sha256_RsaOaep, SecurityPolicy.Aes256_Sha256_RsaPss);

    static {
        // Aes256_Sha256_RsaPss signs with SHA256withRSA/PSS, which the JDK's providers do not offer under that name.
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    private final SimulatedPlant plant;
    private final int port;
    private final Users users;
    /** Created once, so a restarted server presents the certificate its clients already trust. */
    private final CertificateGroup certificates;
    private final Deque<Long> publishedAt = new ArrayDeque<>();
    /** Folder of trusted client application certificates; null accepts every client. */
    private volatile Path trustedClients;
    private int loadVariables;
    private volatile LoadQuality loadQuality = LoadQuality.GOOD;
    private OpcUaServer server;
    private PlantNamespace namespace;
    private ScheduledExecutorService ticker;

    /**
     * User names with their passwords, and the user certificates the server accepts; {@link #NONE} admits anonymous
     * users only.
     */
    public record Users(Map<String, String> passwords, Set<X509Certificate> certificates) {

        /** Anonymous users only. */
        public static final Users NONE = new Users(Map.of(), Set.of());

        public Users {
            passwords = Map.copyOf(passwords);
            certificates = Set.copyOf(certificates);
        }
    }

    /**
     * How the load variables are stamped: their status code, and how far their source (PLC) clock runs from the
     * server's (Milo stamps the server timestamp itself when it samples a node).
     */
    public record LoadQuality(StatusCode status, Duration sourceOffset) {

        /** Good values, source and server clocks agreeing. */
        public static final LoadQuality GOOD = new LoadQuality(StatusCode.GOOD, Duration.ZERO);
    }

    /** A server for the plant's OPC UA machines on the given port, anonymous users only; 0 picks a free port now. */
    public SimOpcUaServer(SimulatedPlant plant, int port) {
        this(plant, port, Users.NONE);
    }

    /** A server admitting {@code users} besides anonymous ones; 0 picks a free port now, kept across restarts. */
    public SimOpcUaServer(SimulatedPlant plant, int port, Users users) {
        this.plant = plant;
        this.port = port == 0 ? freePort() : port;
        this.users = users;
        try {
            this.certificates = DefaultApplicationGroup.createAndInitialize(new MemoryTrustListManager(),
                    new MemoryCertificateStore(), new SelfSignedFactory(), this::validateClient);
        } catch (Exception e) {
            throw new IllegalStateException("OPC UA simulator: cannot create its certificate", e);
        }
    }

    /** The URL clients connect to, e.g. {@code opc.tcp://localhost:4840/plantproof-sim}. */
    public String endpointUrl() {
        return "opc.tcp://" + HOST + ":" + port + PATH;
    }

    /** The TCP port, fixed at construction so a restart binds the same one. */
    public int port() {
        return port;
    }

    /** The server's application certificate (self-signed, SAN: its application URI, localhost and 127.0.0.1). */
    public X509Certificate certificate() {
        return certificates.getCertificateEntries().get(0).certificateChain[0];
    }

    /**
     * From now on accepts only client application certificates found in {@code folder} (DER or PEM files), read at every
     * handshake so a certificate added there counts at the client's next attempt, without a restart.
     */
    public void trustOnlyClientsIn(Path folder) {
        this.trustedClients = folder;
    }

    /** The node id (namespace-URI form) of load variable {@code index}, counting from 0. */
    public static String loadNode(int index) {
        return "nsu=" + DemoPlant.NAMESPACE_URI + ";s=" + loadNodeName(index);
    }

    /**
     * Adds load variables until there are {@code count}, each a Double set to the tick number every second; works before
     * and after {@link #start()}, and a restarted server has them too.
     */
    public synchronized void loadVariables(int count) {
        if (count > loadVariables && namespace != null) {
            namespace.addLoad(loadVariables, count);
        }
        loadVariables = Math.max(loadVariables, count);
    }

    /** Stamps the load variables so from the next tick on, and after a restart too. */
    public void loadQuality(LoadQuality quality) {
        loadQuality = quality;
    }

    /** Epoch milliseconds of every tick this instance published (source timestamp of the machines' values), oldest first. */
    public synchronized List<Long> publishedAt() {
        return new ArrayList<>(publishedAt);
    }

    /** Binds the port, builds the address space and starts the one-second ticker. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        X509Certificate certificate = certificate();
        EndpointConfig.Builder base = EndpointConfig.newBuilder()
                .setBindAddress(HOST)
                .setHostname(HOST)
                .setBindPort(port)
                .setPath(PATH)
                .setCertificate(certificate)
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS, OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME,
                        OpcUaServerConfig.USER_TOKEN_POLICY_X509);
        Set<EndpointConfig> endpoints = new LinkedHashSet<>();
        endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None).build());
        for (SecurityPolicy policy : SECURE_POLICIES) {
            for (MessageSecurityMode mode : List.of(MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt)) {
                endpoints.add(base.copy().setSecurityPolicy(policy).setSecurityMode(mode).build());
            }
        }
        OpcUaServerConfig config = OpcUaServerConfig.builder()
                .setApplicationUri(APPLICATION_URI)
                .setApplicationName(LocalizedText.english("PlantProof simulated plant"))
                .setProductUri("urn:plantproof:sim")
                .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine(), certificates))
                .setIdentityValidator(new CompositeValidator(AnonymousIdentityValidator.INSTANCE,
                        new UsernameIdentityValidator(c -> c.getPassword() != null
                                && c.getPassword().equals(users.passwords().get(c.getUsername()))),
                        new X509IdentityValidator(users.certificates()::contains)))
                .setEndpoints(endpoints)
                .build();
        OpcUaServer created = new OpcUaServer(config,
                profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
        PlantNamespace ns = new PlantNamespace(created, plant, loadVariables, () -> loadQuality);
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
        log.info("OPC UA simulator listening on {} with {} machines and {} load variables, {} endpoints", endpointUrl(),
                plant.machines("opcua").size(), loadVariables, endpoints.size());
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
            PlantNamespace ns;
            synchronized (this) {
                ns = namespace;
            }
            if (ns != null) {
                DateTime stamp = ns.publish();
                synchronized (this) {
                    publishedAt.addLast(stamp.getJavaTime());
                    if (publishedAt.size() > PUBLISHED_HISTORY) {
                        publishedAt.removeFirst();
                    }
                }
            }
        } catch (RuntimeException e) {
            // A failed tick must not cancel the schedule; the next second tries again.
            log.warn("OPC UA simulator on {}: tick failed", endpointUrl(), e);
        }
    }

    private void validateClient(List<X509Certificate> chain, String applicationUri, String[] hostNames) throws UaException {
        Path folder = trustedClients;
        if (folder == null) {
            return;
        }
        MemoryTrustListManager trustList = new MemoryTrustListManager();
        trustList.setTrustedCertificates(certificatesIn(folder));
        try {
            new DefaultClientCertificateValidator(trustList, new MemoryCertificateQuarantine())
                    .validateCertificateChain(chain, applicationUri, hostNames);
        } catch (UaException e) {
            log.info("OPC UA simulator on {}: refused client certificate {} ({}); trust it by adding it to {}", endpointUrl(),
                    chain.get(0).getSubjectX500Principal().getName(), e.getStatusCode(), folder);
            throw e;
        }
    }

    private static List<X509Certificate> certificatesIn(Path folder) {
        List<X509Certificate> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, Files::isRegularFile)) {
            for (Path file : files) {
                try {
                    out.add(CertificateUtil.decodeCertificate(Files.readAllBytes(file)));
                } catch (UaException | IOException e) {
                    log.warn("OPC UA simulator: {} is not a certificate and is ignored", file);
                }
            }
        } catch (IOException e) {
            log.warn("OPC UA simulator: cannot list trusted client certificates in {}: {}", folder, e.getMessage());
        }
        return out;
    }

    private static String loadNodeName(int index) {
        return String.format("Load/V%05d", index);
    }

    /** Creates the server's self-signed RSA certificate the first time the certificate group is initialised. */
    private static final class SelfSignedFactory extends RsaSha256CertificateFactory {

        @Override
        protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) throws Exception {
            return new X509Certificate[]{new SelfSignedCertificateBuilder(keyPair)
                    .setCommonName("PlantProof simulated plant")
                    .setOrganization("PlantProof")
                    .setApplicationUri(APPLICATION_URI)
                    .addDnsName(HOST)
                    .addIpAddress("127.0.0.1")
                    .build()};
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
        private final int initialLoad;
        private final Supplier<LoadQuality> loadQuality;
        private final SubscriptionModel subscriptionModel;
        private final Map<String, Map<String, UaVariableNode>> variablesByMachine = new LinkedHashMap<>();
        private final List<UaVariableNode> load = new ArrayList<>();
        private UaFolderNode loadFolder;
        private long ticks;

        PlantNamespace(OpcUaServer server, SimulatedPlant plant, int initialLoad, Supplier<LoadQuality> loadQuality) {
            super(server, DemoPlant.NAMESPACE_URI);
            this.plant = plant;
            this.initialLoad = initialLoad;
            this.loadQuality = loadQuality;
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
                    UaVariableNode node = variable(DemoPlant.nodeName(machine.spec(), signal.getKey()), signal.getValue(),
                            dataType(signal.getKey()));
                    machineFolder.addOrganizes(node);
                    variables.put(signal.getKey(), node);
                }
                variablesByMachine.put(machine.spec().id(), variables);
            }
            addLoad(0, initialLoad);
            publish();
        }

        /** Adds load variables {@code from} (inclusive) to {@code to} (exclusive), under {@code Objects/Load}. */
        synchronized void addLoad(int from, int to) {
            if (from >= to) {
                return;
            }
            if (loadFolder == null) {
                loadFolder = folder("Load", "Load");
                loadFolder.addReference(new Reference(loadFolder.getNodeId(), NodeIds.Organizes,
                        NodeIds.ObjectsFolder.expanded(), Reference.Direction.INVERSE));
            }
            for (int i = from; i < to; i++) {
                String name = loadNodeName(i);
                UaVariableNode node = variable(name, name.substring(name.lastIndexOf('/') + 1), NodeIds.Double);
                loadFolder.addOrganizes(node);
                load.add(node);
            }
        }

        private UaVariableNode variable(String path, String name, NodeId dataType) {
            UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                    .setNodeId(newNodeId(path))
                    .setBrowseName(newQualifiedName(name))
                    .setDisplayName(LocalizedText.english(name))
                    .setDataType(dataType)
                    .setTypeDefinition(NodeIds.BaseDataVariableType)
                    .setAccessLevel(AccessLevel.READ_ONLY)
                    .setUserAccessLevel(AccessLevel.READ_ONLY)
                    .setValue(new DataValue(new StatusCode(StatusCodes.Bad_WaitingForInitialData)))
                    .build();
            getNodeManager().addNode(node);
            return node;
        }

        private UaFolderNode folder(String path, String name) {
            UaFolderNode folder = new UaFolderNode(getNodeContext(), newNodeId(path), newQualifiedName(name),
                    LocalizedText.english(name));
            getNodeManager().addNode(folder);
            return folder;
        }

        /**
         * Writes every machine's current snapshot and the next tick number into the variables, stamped now (the load
         * variables' source time as their {@link LoadQuality} says); returns the stamp.
         */
        synchronized DateTime publish() {
            DateTime now = DateTime.now();
            ticks++;
            LoadQuality quality = loadQuality.get();
            DataValue tick = new DataValue(new Variant((double) ticks), quality.status(),
                    new DateTime(now.getJavaInstant().plus(quality.sourceOffset())), now);
            for (UaVariableNode node : load) {
                node.setValue(tick);
            }
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
            return now;
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
