package io.plantproof.sim.opcua;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plantproof.evidence.Chunk;
import io.plantproof.opcua.OpcUaConnector;
import io.plantproof.opcua.OpcUaConnector.NodeProblem;
import io.plantproof.plant.OpcUaConnection;
import io.plantproof.plant.OpcUaConnection.DeadbandType;
import io.plantproof.plant.OpcUaConnection.DataChangeTrigger;
import io.plantproof.plant.OpcUaConnection.Monitoring;
import io.plantproof.plant.Plant;
import io.plantproof.plant.SignalMapping.OpcUaSource;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sim.SimulatedPlant;
import io.plantproof.sim.opcua.SimOpcUaServer.LoadQuality;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.plantproof.sim.opcua.OpcUaTestSupport.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Monitoring against the simulator's Milo server: nodes the server does not have are reported per node and picked up
 * by the periodic retry once they exist while the others keep flowing; a per-signal deadband and trigger override the
 * connection's; items are split across subscriptions; status and meters agree; a sample keeps the source and server
 * timestamps and the status code, into its evidence chunk.
 */
class OpcUaMonitoringTest {

    @TempDir
    Path dataDir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ConcurrentLinkedQueue<SampleBatch> batches = new ConcurrentLinkedQueue<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void missingNodesAreReportedAndRetriedWhileTheOthersFlow() {
        SimOpcUaServer server = server(3);
        OpcUaConnection connection = connection(server, 1, 1000);
        List<OpcUaSource> sources = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // Variable 3 does not exist yet; it appears while the connector runs.
            sources.add(new OpcUaSource(connection.id(), SimOpcUaServer.loadNode(i)));
        }
        sources.add(new OpcUaSource(connection.id(), "nsu=urn:nobody;s=Nothing"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OpcUaConnector connector = connector(LoadPlant.of(connection, sources, dataDir.toString()), connection, registry);
        connector.start();

        awaitTrue(Duration.ofSeconds(10), () -> received(0, 1, 2) && connector.status().itemsBad() == 2,
                () -> "samples of the existing nodes and two refused ones; status " + connector.status());
        assertThat(connector.status().connected()).isTrue();
        assertThat(connector.status().itemsGood()).isEqualTo(3);
        assertThat(connector.status().failedNodes()).extracting(NodeProblem::device, NodeProblem::signal, NodeProblem::node)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LoadPlant.device(3), LoadPlant.signal(3), SimOpcUaServer.loadNode(3)),
                        org.assertj.core.groups.Tuple.tuple(LoadPlant.device(4), LoadPlant.signal(4), "nsu=urn:nobody;s=Nothing"));
        assertThat(connector.status().failedNodes().get(0).reason()).isEqualTo("Bad_NodeIdUnknown");
        assertThat(connector.status().failedNodes().get(1).reason()).contains("namespace URI is not in the server's namespace table");
        assertThat(samples()).noneMatch(s -> LoadPlant.feeds(s, 3) || LoadPlant.feeds(s, 4));
        assertThat(registry.get("plantproof.opcua.items").tag("state", "good").gauge().value()).isEqualTo(3.0);
        assertThat(registry.get("plantproof.opcua.items").tag("state", "bad").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("plantproof.opcua.connected").tag("connection", "mon").gauge().value()).isEqualTo(1.0);

        server.loadVariables(4);

        awaitTrue(Duration.ofSeconds(10), () -> received(3), () -> "samples of the node once it exists; status " + connector.status());
        assertThat(connector.status().itemsGood()).isEqualTo(4);
        assertThat(connector.status().failedNodes()).singleElement().satisfies(p -> {
            assertThat(p.node()).isEqualTo("nsu=urn:nobody;s=Nothing");
            assertThat(p.attempts()).isGreaterThan(1);
        });
        assertThat(connector.status().reconnects()).isZero();
        double counted = registry.get("plantproof.opcua.samples").functionCounter().count();
        assertThat(counted).isPositive().isLessThanOrEqualTo(connector.status().samplesReceived());

        connector.close();
        assertThat(registry.find("plantproof.opcua.samples").meters()).isEmpty();
    }

    @Test
    void perSignalDeadbandAndTriggerOverrideTheConnection() throws InterruptedException {
        SimOpcUaServer server = server(2);
        OpcUaConnection connection = connection(server, 60, 1000);
        // The load variables rise by 1 a second: a deadband of 1000 lets only the first value through.
        Monitoring quiet = new Monitoring(null, null, null, DataChangeTrigger.STATUS_VALUE, DeadbandType.ABSOLUTE, 1000.0);
        List<OpcUaSource> sources = List.of(new OpcUaSource(connection.id(), SimOpcUaServer.loadNode(0), quiet),
                new OpcUaSource(connection.id(), SimOpcUaServer.loadNode(1)));
        OpcUaConnector connector = connector(LoadPlant.of(connection, sources, dataDir.toString()), connection, new SimpleMeterRegistry());
        connector.start();
        awaitTrue(Duration.ofSeconds(10), () -> received(0, 1), () -> "first samples; status " + connector.status());

        Thread.sleep(4_000);

        assertThat(samples()).filteredOn(s -> LoadPlant.feeds(s, 0)).hasSize(1);
        assertThat(samples()).filteredOn(s -> LoadPlant.feeds(s, 1)).extracting(Sample::value)
                .doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void itemsAreSplitAcrossSubscriptions() {
        SimOpcUaServer server = server(25);
        OpcUaConnection connection = connection(server, 60, 10);
        OpcUaConnector connector = connector(LoadPlant.of(connection, 25, dataDir.toString()), connection, new SimpleMeterRegistry());
        connector.start();

        awaitTrue(Duration.ofSeconds(10), () -> samples().stream().map(s -> s.device() + s.signal()).distinct().count() == 25,
                () -> "samples of all 25 nodes; status " + connector.status());
        assertThat(connector.status().subscriptions()).isEqualTo(3);
        assertThat(connector.status().itemsGood()).isEqualTo(25);
    }

    @Test
    void samplesKeepSourceAndServerTimestampsAndTheStatusCode() {
        SimOpcUaServer server = server(1);
        StatusCode uncertain = new StatusCode(StatusCodes.Uncertain_LastUsableValue);
        // A PLC clock 1.5 s behind the server's, and values the PLC itself marks uncertain.
        server.loadQuality(new LoadQuality(uncertain, Duration.ofMillis(-1_500)));
        OpcUaConnection connection = connection(server, 60, 1000);
        OpcUaConnector connector = connector(LoadPlant.of(connection, 1, dataDir.toString()), connection, new SimpleMeterRegistry());
        connector.start();

        awaitTrue(Duration.ofSeconds(10), () -> samples().stream().anyMatch(s -> !s.good()),
                () -> "an uncertain sample; status " + connector.status());
        long receivedBy = System.currentTimeMillis();
        Sample sample = samples().stream().filter(s -> !s.good()).findFirst().orElseThrow();

        assertThat(sample.status()).isEqualTo(uncertain.value());
        long tick = sample.epochMillis() + 1_500;
        assertThat(server.publishedAt()).contains(tick);
        // Milo stamps the server time when it samples the node, after the tick that wrote it.
        assertThat(sample.serverMillis()).isBetween(tick, receivedBy);
        LocalDate day = Instant.ofEpochMilli(sample.epochMillis()).atZone(ZoneOffset.UTC).toLocalDate();
        Chunk chunk = new Chunk(sample.device(), day, 0, List.of(sample));
        assertThat(Chunk.decode(chunk.encode(), chunk.path()).samples()).containsExactly(sample);
    }

    private SimOpcUaServer server(int loadVariables) {
        SimOpcUaServer server = new SimOpcUaServer(new SimulatedPlant(42, Instant.now().getEpochSecond() - 3600), 0);
        server.loadVariables(loadVariables);
        toClose.add(server);
        server.start();
        return server;
    }

    private static OpcUaConnection connection(SimOpcUaServer server, int nodeRetrySeconds, int maxItemsPerSubscription) {
        return new OpcUaConnection("mon", server.endpointUrl(), null, null, null, null, 200, 100, 10,
                null, null, null, null, maxItemsPerSubscription, nodeRetrySeconds, null, null, null, null);
    }

    private OpcUaConnector connector(Plant plant, OpcUaConnection connection, SimpleMeterRegistry registry) {
        OpcUaConnector connector = new OpcUaConnector(plant, connection, batches::add, dataDir, registry);
        toClose.add(connector);
        return connector;
    }

    private List<Sample> samples() {
        return batches.stream().flatMap(b -> b.samples().stream()).toList();
    }

    private boolean received(int... indexes) {
        List<Sample> samples = samples();
        for (int i : indexes) {
            if (samples.stream().noneMatch(s -> LoadPlant.feeds(s, i))) {
                return false;
            }
        }
        return true;
    }
}
