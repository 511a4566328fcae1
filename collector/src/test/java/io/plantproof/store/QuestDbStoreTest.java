package io.plantproof.store;

import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs a real in-process QuestDB per test: round trip, dedup, bounds, reopen and the bulk write rate.
 * Every read follows {@code awaitVisible()} because WAL tables apply asynchronously.
 */
class QuestDbStoreTest {

    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    @TempDir
    Path dataDir;

    @Test
    void scanReturnsOnlyTheRequestedSeriesInTimestampOrder() {
        try (QuestDbStore store = QuestDbStore.open(dataDir)) {
            store.write(List.of(
                    sample("press-1", "power", T0 + 2_000, 3.0),
                    sample("press-1", "power", T0, 1.0),
                    sample("press-1", "speed", T0 + 500, 99.0),
                    sample("press-2", "power", T0 + 500, 42.0),
                    new Sample("press-1", "power", T0 + 1_000, 2.0, 7L, Provenance.IMPORTED)));
            store.awaitVisible();

            List<Sample> scanned = scanAll(store, "press-1", "power");

            assertThat(scanned).containsExactly(
                    sample("press-1", "power", T0, 1.0),
                    new Sample("press-1", "power", T0 + 1_000, 2.0, 7L, Provenance.IMPORTED),
                    sample("press-1", "power", T0 + 2_000, 3.0));
            assertThat(store.count("press-1", "power", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(3);
        }
    }

    @Test
    void rewritingTheSameDeviceSignalAndTimestampKeepsOneRowWithTheLastValue() {
        try (QuestDbStore store = QuestDbStore.open(dataDir)) {
            store.write(List.of(sample("press-1", "power", T0, 1.0), sample("press-1", "power", T0 + 1_000, 2.0)));
            store.write(List.of(new Sample("press-1", "power", T0, 10.0, 3L, Provenance.DECLARED)));
            store.awaitVisible();

            assertThat(scanAll(store, "press-1", "power")).containsExactly(
                    new Sample("press-1", "power", T0, 10.0, 3L, Provenance.DECLARED),
                    sample("press-1", "power", T0 + 1_000, 2.0));
        }
    }

    @Test
    void aDuplicateInsideOneBatchKeepsTheLaterSample() {
        try (QuestDbStore store = QuestDbStore.open(dataDir)) {
            store.write(List.of(sample("press-1", "power", T0, 1.0), sample("press-1", "power", T0, 2.0)));
            store.awaitVisible();

            assertThat(scanAll(store, "press-1", "power")).containsExactly(sample("press-1", "power", T0, 2.0));
        }
    }

    @Test
    void scanBoundsIncludeFromAndExcludeTo() {
        try (QuestDbStore store = QuestDbStore.open(dataDir)) {
            List<Sample> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                batch.add(sample("press-1", "power", T0 + i * 1_000L, i));
            }
            store.write(batch);
            store.awaitVisible();

            List<Sample> scanned = new ArrayList<>();
            store.scan("press-1", "power", T0 + 2_000, T0 + 5_000, scanned::add);

            assertThat(scanned).extracting(Sample::epochMillis).containsExactly(T0 + 2_000, T0 + 3_000, T0 + 4_000);
            assertThat(store.count("press-1", "power", T0 + 2_000, T0 + 5_000)).isEqualTo(3);
            assertThat(store.count("press-1", "power", T0 + 5_000, T0 + 5_000)).isZero();
        }
    }

    @Test
    void reopeningTheSameDirectoryKeepsTheData() {
        try (QuestDbStore store = QuestDbStore.open(dataDir)) {
            store.write(List.of(sample("press-1", "power", T0, 1.0)));
            store.awaitVisible();
        }
        try (QuestDbStore reopened = QuestDbStore.open(dataDir)) {
            reopened.awaitVisible(Duration.ofSeconds(10));
            assertThat(reopened.count("press-1", "power", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(1);

            reopened.write(List.of(sample("press-1", "power", T0 + 86_400_000L, 2.0)));
            reopened.awaitVisible();

            assertThat(scanAll(reopened, "press-1", "power")).containsExactly(
                    sample("press-1", "power", T0, 1.0),
                    sample("press-1", "power", T0 + 86_400_000L, 2.0));
        }
    }

    @Test
    void servesPgWireOnAFreeLoopbackPortWhenAsked() throws IOException {
        try (QuestDbStore store = QuestDbStore.open(dataDir, QuestDbStore.PG_ANY_PORT)) {
            assertThat(store.pgPort()).isPositive();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), store.pgPort())) {
                assertThat(socket.isConnected()).isTrue();
            }
        }
    }

    @Test
    void aClosedStoreRefusesWrites() {
        QuestDbStore store = QuestDbStore.open(dataDir);
        store.close();

        assertThatThrownBy(() -> store.write(List.of(sample("press-1", "power", T0, 1.0))))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void writesAMillionSamples() {
        int total = 1_000_000;
        List<Sample> batch = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            batch.add(sample("press-" + (i % 10), "power", T0 + (i / 10) * 100L, i));
        }
        try (QuestDbStore store = QuestDbStore.open(dataDir)) {
            long start = System.nanoTime();
            store.write(batch);
            long written = System.nanoTime();
            store.awaitVisible();
            long visible = System.nanoTime();

            System.out.printf("QuestDbStore: wrote %,d samples at %,.0f samples/s (%,.0f samples/s until visible)%n",
                    total, total / seconds(written - start), total / seconds(visible - start));
            assertThat(store.count("press-3", "power", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(total / 10);
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static Sample sample(String device, String signal, long epochMillis, double value) {
        return Sample.of(device, signal, epochMillis, value, Provenance.MEASURED);
    }

    private static List<Sample> scanAll(SampleSource source, String device, String signal) {
        List<Sample> scanned = new ArrayList<>();
        source.scan(device, signal, Long.MIN_VALUE, Long.MAX_VALUE, scanned::add);
        return scanned;
    }
}
