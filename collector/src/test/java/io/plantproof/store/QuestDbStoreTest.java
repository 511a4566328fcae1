package io.plantproof.store;

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
 * The store contract on a real in-process QuestDB per test, plus what is QuestDB's own: reopening,
 * PG wire, refusing writes once closed, and the bulk write rate.
 */
class QuestDbStoreTest extends SampleStoreContract {

    @TempDir
    Path dataDir;

    @Override
    SampleStore openEmptyStore() {
        return QuestDbStore.open(dataDir);
    }

    @Test
    void reopeningTheSameDirectoryKeepsTheData() {
        store.write(List.of(sample("press-1", "power", T0, 1.0)));
        store.awaitVisible();
        store.close();
        try (QuestDbStore reopened = QuestDbStore.open(dataDir)) {
            reopened.awaitVisible(Duration.ofSeconds(10));
            assertThat(reopened.count("press-1", "power", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(1);

            reopened.write(List.of(sample("press-1", "power", T0 + 86_400_000L, 2.0)));
            reopened.awaitVisible();

            List<Sample> scanned = new ArrayList<>();
            reopened.scan("press-1", "power", Long.MIN_VALUE, Long.MAX_VALUE, scanned::add);
            assertThat(scanned).containsExactly(
                    sample("press-1", "power", T0, 1.0),
                    sample("press-1", "power", T0 + 86_400_000L, 2.0));
        }
    }

    @Test
    void servesPgWireOnAFreeLoopbackPortWhenAsked() throws IOException {
        store.close();
        try (QuestDbStore withPg = QuestDbStore.open(dataDir, QuestDbStore.PG_ANY_PORT)) {
            assertThat(withPg.pgPort()).isPositive();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), withPg.pgPort())) {
                assertThat(socket.isConnected()).isTrue();
            }
        }
    }

    @Test
    void aClosedStoreRefusesWrites() {
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
        long start = System.nanoTime();
        store.write(batch);
        long written = System.nanoTime();
        store.awaitVisible();
        long visible = System.nanoTime();

        System.out.printf("QuestDbStore: wrote %,d samples at %,.0f samples/s (%,.0f samples/s until visible)%n",
                total, total / seconds(written - start), total / seconds(visible - start));
        assertThat(store.count("press-3", "power", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(total / 10);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
