package io.plantproof.sim.opcua;

import io.plantproof.plant.SignalKind;
import io.plantproof.opcua.OpcUaBrowser;
import io.plantproof.opcua.OpcUaBrowser.BrowsedNode;
import io.plantproof.opcua.OpcUaConnector;
import io.plantproof.plant.OpcUaConnection;
import io.plantproof.plant.OpcUaConnection.SecurityPolicy;
import io.plantproof.plant.OpcUaConnection.SecurityMode;
import io.plantproof.plant.Plant;
import io.plantproof.plant.PlantFile;
import io.plantproof.plant.SignalMapping;
import io.plantproof.sample.MachineState;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sim.DemoPlant;
import io.plantproof.sim.SimulatedPlant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Discovery against the simulator's Milo server: glob selection of variables by browse path, a skeleton plant file
 * that loads once the enterprise and workshops are added, browsing a signed and encrypted endpoint as a user with a
 * skeleton that carries those settings (but not the password) and connects as it is, and an untrusted server
 * certificate reported exactly as the connector reports it.
 */
class OpcUaBrowserTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> CNC_MACHINES = List.of("CNC-01", "CNC-02", "CNC-03", "CNC-04");
    private static final String USER = "engineer";
    private static final String PASSWORD = "Brows3-Secret";

    @TempDir
    static Path dataDir;

    private static SimOpcUaServer server;

    @BeforeAll
    static void startServerAndTrustIt() throws Exception {
        server = new SimOpcUaServer(new SimulatedPlant(42, Instant.now().getEpochSecond() - 3600), 0,
                new SimOpcUaServer.Users(Map.of(USER, PASSWORD), Set.of()));
        server.start();
        Path trusted = Files.createDirectories(dataDir.resolve("opcua-pki/trusted"));
        Files.write(trusted.resolve("sim.der"), server.certificate().getEncoded());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void globSelectsTheVariablesOfTheCncMachinesOnly() {
        List<BrowsedNode> nodes = OpcUaBrowser.browse(plain(server.endpointUrl()), dataDir, "Objects/Plant/*/CNC-0*/**", TIMEOUT);

        List<String> expectedPaths = CNC_MACHINES.stream()
                .flatMap(m -> DemoPlant.OPCUA_NODES.values().stream().map(n -> "Objects/Plant/WS-MACH/" + m + "/" + n))
                .toList();
        assertThat(nodes).extracting(BrowsedNode::path).containsExactlyInAnyOrderElementsOf(expectedPaths);
        BrowsedNode state = nodes.stream().filter(n -> n.path().equals("Objects/Plant/WS-MACH/CNC-01/State")).findFirst().orElseThrow();
        assertThat(state.nodeId()).isEqualTo("nsu=" + DemoPlant.NAMESPACE_URI + ";s=Plant/WS-MACH/CNC-01/State");
        assertThat(state.dataType()).isEqualTo("Int32");
        assertThat(state.displayName()).isEqualTo("State");
    }

    @Test
    void singleCharacterWildcardAndExactSegmentsNarrowTheSelection() {
        assertThat(OpcUaBrowser.browse(plain(server.endpointUrl()), dataDir, "Objects/Plant/WS-MACH/CNC-0?/State", TIMEOUT))
                .extracting(BrowsedNode::path)
                .containsExactlyInAnyOrderElementsOf(CNC_MACHINES.stream().map(m -> "Objects/Plant/WS-MACH/" + m + "/State").toList());
        assertThat(OpcUaBrowser.browse(plain(server.endpointUrl()), dataDir, "Objects/Plant/*/State", TIMEOUT)).isEmpty();
    }

    @Test
    void skeletonOfAllVariablesLoadsOnceEnterpriseAndWorkshopsAreAdded() {
        List<BrowsedNode> nodes = OpcUaBrowser.browse(plain(server.endpointUrl()), dataDir, "Objects/**", TIMEOUT);
        long opcuaMachines = SimulatedPlant.MACHINES.stream().filter(m -> m.transport().equals("opcua")).count();
        assertThat(nodes).hasSize((int) opcuaMachines * DemoPlant.OPCUA_NODES.size());

        String skeleton = OpcUaBrowser.skeleton(nodes, plain(server.endpointUrl()));
        String yaml = "enterprise: {name: X}\n"
                + "workshops: [{id: WS-MACH, name: a}, {id: WS-ASSY, name: b}]\n"
                + skeleton;
        Plant plant = PlantFile.parse(yaml, "skeleton");

        assertThat(plant.opcua()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("line1");
            assertThat(c.endpoint()).isEqualTo(server.endpointUrl());
        });
        assertThat(plant.equipment()).extracting(e -> e.id())
                .containsExactlyInAnyOrder("CNC-01", "CNC-02", "CNC-03", "CNC-04", "GRD-01", "DRL-01");
        assertThat(plant.equipment()).allSatisfy(e -> assertThat(e.workshop()).isEqualTo("WS-MACH"));
        var cnc = plant.equipment("CNC-01").orElseThrow();
        assertThat(cnc.signals()).extracting(SignalMapping::kind).containsExactlyInAnyOrder(
                SignalKind.STATE, SignalKind.COUNT_TOTAL, SignalKind.COUNT_GOOD, SignalKind.ENERGY, SignalKind.CYCLE_TIME);
        SignalMapping state = cnc.signal(SignalKind.STATE);
        assertThat(state.opcua().node()).isEqualTo("nsu=" + DemoPlant.NAMESPACE_URI + ";s=Plant/WS-MACH/CNC-01/State");
        assertThat(state.stateCodes()).containsEntry("1", MachineState.RUNNING);
        assertThat(state.required()).isTrue();
        assertThat(state.intervalSeconds()).isEqualTo(60);
        assertThat(skeleton).contains("# EXAMPLE ONLY");
    }

    @Test
    void securedEndpointWithUserIsBrowsedAndTheSkeletonCarriesItsSettingsButNotThePassword() {
        OpcUaConnection secured = secured(USER, PASSWORD);
        List<BrowsedNode> nodes = OpcUaBrowser.browse(secured, dataDir, "Objects/Plant/*/CNC-01/*", TIMEOUT);
        assertThat(nodes).extracting(BrowsedNode::path).containsExactlyInAnyOrderElementsOf(
                DemoPlant.OPCUA_NODES.values().stream().map(n -> "Objects/Plant/WS-MACH/CNC-01/" + n).toList());

        String skeleton = OpcUaBrowser.skeleton(nodes, secured);

        assertThat(skeleton).doesNotContain(PASSWORD);
        OpcUaConnection loaded = loadSkeleton(skeleton).opcua().get(0);
        assertThat(loaded).isEqualTo(new OpcUaConnection("line1", server.endpointUrl(), SecurityPolicy.AES256_SHA256_RSA_PSS,
                SecurityMode.SIGN_AND_ENCRYPT, USER, OpcUaBrowser.PASSWORD_PLACEHOLDER, 1000, 500, 10));
    }

    @Test
    void skeletonOfASecuredEndpointConnectsAsItIs() {
        OpcUaConnection secured = secured(null, null);
        Plant plant = loadSkeleton(OpcUaBrowser.skeleton(OpcUaBrowser.browse(secured, dataDir, "Objects/Plant/*/CNC-01/*", TIMEOUT), secured));
        assertThat(plant.opcua().get(0).securityPolicy()).isEqualTo(OpcUaConnection.SecurityPolicy.AES256_SHA256_RSA_PSS);
        ConcurrentLinkedQueue<SampleBatch> batches = new ConcurrentLinkedQueue<>();

        try (OpcUaConnector connector = new OpcUaConnector(plant, plant.opcua().get(0), batches::add, dataDir,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
            connector.start();
            OpcUaTestSupport.awaitTrue(TIMEOUT, () -> batches.stream().anyMatch(b -> b.samples().stream()
                    .anyMatch(s -> s.device().equals("CNC-01"))), () -> "samples of CNC-01; status " + connector.status());
        }
    }

    @Test
    void untrustedServerCertificateIsReportedAsTheConnectorReportsIt(@TempDir Path emptyDataDir) throws Exception {
        OpcUaConnection secured = secured(null, null);

        assertThatThrownBy(() -> OpcUaBrowser.browse(secured, emptyDataDir, null, TIMEOUT))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> {
                    Path pki = emptyDataDir.resolve("opcua-pki");
                    List<Path> rejected;
                    try (Stream<Path> files = Files.list(pki.resolve("rejected"))) {
                        rejected = files.toList();
                    }
                    assertThat(rejected).hasSize(1);
                    assertThat(e.getMessage()).isEqualTo("cannot browse OPC UA server " + server.endpointUrl()
                            + ": server certificate of " + server.endpointUrl() + " is not trusted: move " + rejected.get(0)
                            + " to " + pki.resolve("trusted") + "/ to trust it");
                });
    }

    @Test
    void unreachableServerIsReportedWithItsEndpoint() {
        String nobody = "opc.tcp://localhost:1/none";
        assertThatThrownBy(() -> OpcUaBrowser.browse(plain(nobody), dataDir, null, Duration.ofSeconds(3)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(nobody);
    }

    /** Security None, anonymous: what a first look at an isolated machine network uses. */
    private static OpcUaConnection plain(String endpoint) {
        return new OpcUaConnection("line1", endpoint, null, null, null, null, null, null, null);
    }

    /** The strongest policy, signed and encrypted; a user when {@code username} is given. */
    private static OpcUaConnection secured(String username, String password) {
        return new OpcUaConnection("line1", server.endpointUrl(), SecurityPolicy.AES256_SHA256_RSA_PSS, SecurityMode.SIGN_AND_ENCRYPT,
                username, password, null, null, null);
    }

    private static Plant loadSkeleton(String skeleton) {
        return PlantFile.parse("enterprise: {name: X}\nworkshops: [{id: WS-MACH, name: a}, {id: WS-ASSY, name: b}]\n"
                + "dataDir: " + dataDir + "\n" + skeleton, "skeleton");
    }
}
