package io.plantproof.sim.opcua;

import io.plantproof.opcua.OpcUaConnector;
import io.plantproof.plant.Equipment;
import io.plantproof.plant.Plant;
import io.plantproof.plant.SignalMapping;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.SampleSink;
import io.plantproof.sample.Signals;
import io.plantproof.sim.DemoPlant;
import io.plantproof.sim.MachineSpec;
import io.plantproof.sim.SimulatedPlant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OPC UA connector against the simulator's real Milo server: live samples for every machine, a sample for every
 * new source timestamp of an unchanged value, recovery after an outage (a new server instance on the same port) with
 * the gap visible and nothing before it lost, a start while the server is down, and bad values and sink failures contained.
 */
class OpcUaConnectorReconnectTest {

    private static final Set<String> OPCUA_MACHINES = SimulatedPlant.MACHINES.stream()
            .filter(m -> m.transport().equals("opcua")).map(MachineSpec::id).collect(Collectors.toSet());
    /**
     * How long the server stays down in the outage test: {@code -Dplantproof.test.opcua.outageSeconds=20} for the
     * full check; 8 s by default, long enough to outlast the session's keep-alive detection, short enough for CI.
     */
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("plantproof.test.opcua.outageSeconds", 8));
    private static final List<String> LIVE_SIGNALS = List.of(Signals.STATE, Signals.COUNT_TOTAL, Signals.COUNT_GOOD, Signals.ENERGY);

    @TempDir
    Path dataDir;

    private final SimulatedPlant simulated = new SimulatedPlant(42, Instant.now().getEpochSecond() - 3600);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ConcurrentLinkedQueue<SampleBatch> batches = new ConcurrentLinkedQueue<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void receivesStateCountsAndEnergyForEveryOpcUaMachine() {
        SimOpcUaServer server = server(0);
        server.start();
        OpcUaConnector connector = connector(DemoPlant.plant(server.endpointUrl(), "tcp://localhost:1", dataDir.toString()), batches::add);
        connector.start();

        OpcUaTestSupport.awaitTrue(Duration.ofSeconds(10), () -> everyMachineSent(samplesSince(0)), "samples of every signal of every OPC UA machine");

        assertThat(batches).allSatisfy(b -> assertThat(b.source()).isEqualTo("opcua:line1"));
        List<Sample> samples = samplesSince(0);
        assertThat(samples).filteredOn(s -> s.signal().equals(Signals.STATE))
                .extracting(Sample::value).allSatisfy(v -> assertThat(v).isBetween(1.0, 5.0));
        assertThat(samples).filteredOn(s -> s.signal().equals(Signals.COUNT_TOTAL))
                .extracting(Sample::value).anySatisfy(v -> assertThat(v).isPositive());
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.good()).isTrue();
            assertThat(s.epochMillis()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(30_000L));
        });
        assertThat(connector.status().connected()).isTrue();
        assertThat(connector.status().badValues()).isZero();
        assertThat(connector.status().samplesReceived()).isEqualTo(samples.size());
    }

    @Test
    void reportsEveryNewSourceTimestampOfAnUnchangedState() throws InterruptedException {
        SimOpcUaServer server = server(0);
        server.start();
        OpcUaConnector connector = connector(DemoPlant.plant(server.endpointUrl(), "tcp://localhost:1", dataDir.toString()), batches::add);
        connector.start();
        OpcUaTestSupport.awaitTrue(Duration.ofSeconds(10), () -> everyMachineSent(samplesSince(0)), "samples of every OPC UA machine");

        // The simulator restamps each node every second while a machine's state mostly stays put for minutes.
        long from = System.currentTimeMillis();
        Thread.sleep(5_000);
        List<Long> stamps = samplesSince(from).stream()
                .filter(s -> s.device().equals("CNC-01") && s.signal().equals(Signals.STATE))
                .map(Sample::epochMillis).sorted().toList();

        assertThat(stamps).hasSizeGreaterThan(3);
        for (int i = 1; i < stamps.size(); i++) {
            assertThat(stamps.get(i) - stamps.get(i - 1)).as("gap between state samples").isLessThanOrEqualTo(2_000L);
        }
    }

    @Test
    void resumesAfterAnOutageWithTheGapVisibleAndNothingBeforeItLost() throws InterruptedException {
        SimOpcUaServer first = server(0);
        first.start();
        OpcUaConnector connector = connector(DemoPlant.plant(first.endpointUrl(), "tcp://localhost:1", dataDir.toString()), batches::add);
        connector.start();
        OpcUaTestSupport.awaitTrue(Duration.ofSeconds(10), () -> everyMachineSent(samplesSince(0)), "samples before the outage");
        Thread.sleep(3_000);

        first.stop();
        long stoppedAt = System.currentTimeMillis();
        OpcUaTestSupport.awaitTrue(Duration.ofSeconds(10), () -> !connector.status().connected(), "the connector to notice the outage");
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.currentTimeMillis() - stoppedAt)));
        // A new instance on the same port with the same nodes, as after a PLC gateway reboot.
        SimOpcUaServer second = server(first.port());
        long restartedAt = System.currentTimeMillis();
        second.start();

        OpcUaTestSupport.awaitTrue(Duration.ofSeconds(10), () -> everyMachineSent(samplesSince(restartedAt)), "samples within 10 s of the restart");
        assertThat(connector.status().connected()).isTrue();
        assertThat(connector.status().reconnects()).isGreaterThanOrEqualTo(1);
        List<Long> received = samplesSince(0).stream()
                .filter(s -> s.device().equals("CNC-01") && s.signal().equals(Signals.STATE))
                .map(Sample::epochMillis).distinct().sorted().toList();
        // Nothing is fabricated for the outage: no sample is stamped between the last tick before and the restart.
        assertThat(received).noneMatch(t -> t > stoppedAt && t < restartedAt);
        long lastBefore = received.stream().filter(t -> t <= stoppedAt).max(Long::compare).orElseThrow();
        long firstAfter = received.stream().filter(t -> t >= restartedAt).min(Long::compare).orElseThrow();
        assertThat(firstAfter - lastBefore).as("gap in CNC-01 state timestamps").isGreaterThanOrEqualTo(OUTAGE.toMillis());
        // Every tick the first server published from the first received one up to a second before the stop arrived
        // (the last second may have been in flight when the server went away).
        List<Long> published = first.publishedAt().stream().filter(t -> t >= received.get(0) && t <= stoppedAt - 1_000).toList();
        assertThat(published).hasSizeGreaterThanOrEqualTo(3);
        assertThat(received).containsAll(published);
    }

    @Test
    void connectsOnceAServerThatWasDownComesUp() throws InterruptedException {
        SimOpcUaServer server = server(0);
        OpcUaConnector connector = connector(DemoPlant.plant(server.endpointUrl(), "tcp://localhost:1", dataDir.toString()), batches::add);
        connector.start();
        Thread.sleep(2_500);
        assertThat(connector.status().connected()).isFalse();
        assertThat(batches).isEmpty();

        server.start();

        OpcUaTestSupport.awaitTrue(Duration.ofSeconds(10), () -> everyMachineSent(samplesSince(0)), "samples once the server is up");
        assertThat(connector.status().reconnects()).isZero();
    }

    @Test
    void countsUnmappedStateCodesAndSinkFailuresWithoutStopping() {
        SimOpcUaServer server = server(0);
        server.start();
        Plant demo = DemoPlant.plant(server.endpointUrl(), "tcp://localhost:1", dataDir.toString());
        AtomicBoolean failNext = new AtomicBoolean(true);
        SampleSink flakySink = batch -> {
            if (failNext.getAndSet(false)) {
                throw new IllegalStateException("ledger unavailable");
            }
            batches.add(batch);
        };
        OpcUaConnector connector = connector(withoutStateCodes(demo), flakySink);
        connector.start();

        OpcUaTestSupport.awaitTrue(Duration.ofSeconds(10), () -> connector.status().badValues() >= OPCUA_MACHINES.size()
                && samplesSince(0).stream().map(Sample::device).collect(Collectors.toSet()).containsAll(OPCUA_MACHINES),
                "bad state values counted while the other signals keep flowing");
        assertThat(samplesSince(0)).noneMatch(s -> s.signal().equals(Signals.STATE));
        assertThat(connector.status().sinkFailures()).isEqualTo(1);
        assertThat(connector.status().connected()).isTrue();
    }

    private SimOpcUaServer server(int port) {
        SimOpcUaServer server = new SimOpcUaServer(simulated, port);
        toClose.add(server);
        return server;
    }

    private OpcUaConnector connector(Plant plant, SampleSink sink) {
        OpcUaConnector connector = new OpcUaConnector(plant, plant.opcua().get(0), sink);
        toClose.add(connector);
        return connector;
    }

    private List<Sample> samplesSince(long epochMillis) {
        return batches.stream().flatMap(b -> b.samples().stream()).filter(s -> s.epochMillis() >= epochMillis).toList();
    }

    private static boolean everyMachineSent(List<Sample> samples) {
        Map<String, Set<String>> signalsByDevice = samples.stream()
                .collect(Collectors.groupingBy(Sample::device, Collectors.mapping(Sample::signal, Collectors.toSet())));
        return OPCUA_MACHINES.stream().allMatch(m -> signalsByDevice.getOrDefault(m, Set.of()).containsAll(LIVE_SIGNALS));
    }

    /** The demo plant with empty state tables, so the PLC's numeric codes cannot be mapped. */
    private static Plant withoutStateCodes(Plant p) {
        List<Equipment> equipment = p.equipment().stream().map(e -> new Equipment(e.id(), e.name(), e.workshop(),
                e.keyProcess(), e.numericalControl(), e.automated(), e.supplier(), e.costWan(), e.commissioned(),
                e.idealCycleTimeSeconds(), e.signals().stream().map(s -> new SignalMapping(s.kind(), s.intervalSeconds(),
                s.required(), s.opcua(), s.mqtt(), s.energyType(), s.unit(), Map.of())).toList())).toList();
        return new Plant(p.enterprise(), p.timeZone(), p.workshops(), equipment, p.calendar(), p.thresholds(),
                p.opcua(), p.mqtt(), p.exports(), p.dataDir());
    }
}
