package io.plantproof.sim.opcua;

import io.plantproof.opcua.OpcUaConnector;
import io.plantproof.plant.OpcUaConnection;
import io.plantproof.sample.Sample;
import io.plantproof.sim.SimulatedPlant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static io.plantproof.sim.opcua.OpcUaTestSupport.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten thousand monitored items on one endpoint, split over subscriptions of 1,000: every item delivers its changes
 * (the simulator changes each load variable every second) and the test prints the sustained sample rate.
 */
class OpcUaLoadTest {

    private static final int ITEMS = 10_000;
    private static final int PER_SUBSCRIPTION = 1_000;
    private static final Duration MEASURED = Duration.ofSeconds(5);

    @TempDir
    Path dataDir;

    @Test
    void tenThousandItemsDeliverTheirChanges() throws InterruptedException {
        // Per node: the distinct values received, so "every item delivered a change" is checked, not just "something came".
        Map<String, Double> firstValue = new ConcurrentHashMap<>();
        Map<String, Boolean> changed = new ConcurrentHashMap<>();
        AtomicLong samples = new AtomicLong();
        try (SimOpcUaServer server = new SimOpcUaServer(new SimulatedPlant(42, Instant.now().getEpochSecond() - 3600), 0)) {
            server.loadVariables(ITEMS);
            server.start();
            OpcUaConnection connection = new OpcUaConnection("load", server.endpointUrl(), null, null, null, null,
                    1000, 1000, 2, null, null, null, null, PER_SUBSCRIPTION, null, null, null, null, null);
            long startedAt = System.nanoTime();
            try (OpcUaConnector connector = new OpcUaConnector(LoadPlant.of(connection, ITEMS, dataDir.toString()), connection,
                    batch -> {
                        samples.addAndGet(batch.size());
                        for (Sample s : batch.samples()) {
                            String key = s.device() + "/" + s.signal();
                            Double first = firstValue.putIfAbsent(key, s.value());
                            if (first != null && first != s.value()) {
                                changed.put(key, true);
                            }
                        }
                    })) {
                connector.start();

                awaitTrue(Duration.ofSeconds(60), () -> changed.size() == ITEMS,
                        () -> "a change from each of " + ITEMS + " items; " + changed.size() + " so far; status " + connector.status());
                double setupSeconds = (System.nanoTime() - startedAt) / 1e9;
                long before = samples.get();
                long from = System.nanoTime();
                Thread.sleep(MEASURED.toMillis());
                double rate = (samples.get() - before) / ((System.nanoTime() - from) / 1e9);
                System.out.printf("OPC UA load: %d items in %d subscriptions, every item changed after %.1f s; "
                                + "%.0f samples/s over %d s (status says %.0f/s)%n", ITEMS, connector.status().subscriptions(),
                        setupSeconds, rate, MEASURED.toSeconds(), connector.status().samplesPerSecond());

                assertThat(connector.status().itemsGood()).isEqualTo(ITEMS);
                assertThat(connector.status().itemsBad()).isZero();
                assertThat(connector.status().subscriptions()).isEqualTo(ITEMS / PER_SUBSCRIPTION);
                // Each item changes once a second; half of that leaves room for a shared CI machine.
                assertThat(rate).isGreaterThan(ITEMS / 2.0);
            }
        }
    }
}
