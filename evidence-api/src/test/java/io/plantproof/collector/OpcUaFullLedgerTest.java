package io.plantproof.collector;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plantproof.ledger.Ledger;
import io.plantproof.ledger.LedgerCursor;
import io.plantproof.opcua.OpcUaConnector;
import io.plantproof.plant.OpcUaConnection;
import io.plantproof.plant.Plant;
import io.plantproof.sample.Sample;
import io.plantproof.sample.Signals;
import io.plantproof.sim.DemoPlant;
import io.plantproof.sim.SimulatedPlant;
import io.plantproof.sim.opcua.SimOpcUaServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OPC UA connector writing into a real ledger whose backlog bound is reached because the store has not drained it:
 * the refused batches are held and land in the ledger in order and without a gap once the store catches up; with a
 * tiny retry bound the samples dropped are counted in the status and the meter.
 */
class OpcUaFullLedgerTest {

    /** A few batches of the demo plant's 30 nodes; the ledger refuses within seconds. */
    private static final long BACKLOG_BOUND_BYTES = 8_000;

    @TempDir
    Path dir;

    @Test
    void batchesRefusedByAFullLedgerLandInOrderWithoutAGapOnceTheStoreDrainsIt() throws Exception {
        try (SimOpcUaServer server = new SimOpcUaServer(new SimulatedPlant(42, Instant.now().getEpochSecond() - 3600), 0);
             Ledger ledger = Ledger.open(dir.resolve("ledger"), Ledger.Options.defaults().withMaxBacklogBytes(BACKLOG_BOUND_BYTES));
             LedgerCursor store = ledger.cursor()) {
            server.start();
            // The store reports its position from the start, so the bound counts every byte appended.
            ledger.drained(store);
            Plant plant = DemoPlant.plant(server.endpointUrl(), "tcp://localhost:1", dir.toString());
            try (OpcUaConnector connector = new OpcUaConnector(plant, plant.opcua().get(0), ledger, dir, new SimpleMeterRegistry())) {
                connector.start();
                // Upper bounds, not expected times: on a loaded 2-core CI box the Milo session and subscription alone
                // have taken over 20 s to deliver the first batch.
                await(Duration.ofSeconds(90), () -> ledger.status().refusing() && connector.status().queuedBatches() >= 3,
                        "the full ledger to refuse and the connector to hold several batches");

                ScheduledExecutorService storeWriter = Executors.newSingleThreadScheduledExecutor();
                storeWriter.scheduleWithFixedDelay(() -> drain(ledger, store), 0, 50, TimeUnit.MILLISECONDS);
                try {
                    await(Duration.ofSeconds(90), () -> connector.status().queuedSamples() == 0, "the held batches to reach the ledger");
                    Thread.sleep(2_000);
                } finally {
                    storeWriter.shutdown();
                    storeWriter.awaitTermination(5, TimeUnit.SECONDS);
                }
                assertThat(connector.status().lostSamples()).isZero();
                assertThat(connector.status().sinkFailures()).isPositive();
            }
            assertThat(ledger.status().refusedBatches()).isPositive();

            List<Long> stamps = new ArrayList<>();
            ledger.read(0, entry -> entry.batch().samples().stream()
                    .filter(s -> s.device().equals("CNC-01") && s.signal().equals(Signals.STATE))
                    .map(Sample::epochMillis).forEach(stamps::add));
            assertThat(stamps).as("CNC-01 state stamps in ledger order").isSorted().doesNotHaveDuplicates().hasSizeGreaterThan(5);
            List<Long> published = server.publishedAt().stream()
                    .filter(t -> t >= stamps.get(0) && t <= stamps.get(stamps.size() - 1)).toList();
            assertThat(stamps).as("every tick published while the ledger refused").containsAll(published);
        }
    }

    @Test
    void overATinyRetryBoundTheDroppedSamplesAreCountedInStatusAndMeter() throws Exception {
        try (SimOpcUaServer server = new SimOpcUaServer(new SimulatedPlant(42, Instant.now().getEpochSecond() - 3600), 0);
             Ledger ledger = Ledger.open(dir.resolve("ledger"), Ledger.Options.defaults().withMaxBacklogBytes(BACKLOG_BOUND_BYTES));
             LedgerCursor store = ledger.cursor()) {
            server.start();
            ledger.drained(store);
            Plant demo = DemoPlant.plant(server.endpointUrl(), "tcp://localhost:1", dir.toString());
            OpcUaConnection c = demo.opcua().get(0);
            OpcUaConnection tiny = new OpcUaConnection(c.id(), c.endpoint(), c.securityPolicy(), c.securityMode(), null, null,
                    c.publishingIntervalMs(), c.samplingIntervalMs(), c.queueSize(), null, null, null, null, null, null, null, null, null, 50);
            Plant plant = new Plant(demo.enterprise(), demo.timeZone(), demo.workshops(), demo.equipment(), demo.calendar(),
                    demo.thresholds(), List.of(tiny), List.of(), demo.exports(), demo.dataDir());
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (OpcUaConnector connector = new OpcUaConnector(plant, tiny, ledger, dir, registry)) {
                connector.start();

                await(Duration.ofSeconds(90), () -> connector.status().lostSamples() > 0, "samples to be dropped over the bound");
                assertThat(connector.status().queuedSamples()).isLessThanOrEqualTo(50 + 30);
                assertThat(registry.get("plantproof.opcua.samples.lost").functionCounter().count()).isPositive();
            }
        }
    }

    /** What the store writer does: read what the ledger holds and report the position. */
    private static void drain(Ledger ledger, LedgerCursor store) {
        while (!store.next(1_000).isEmpty()) {
            ledger.drained(store);
        }
        ledger.drained(store);
    }

    private static void await(Duration timeout, BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(condition::getAsBoolean);
    }
}
