package io.plantproof.collector;

import io.plantproof.ledger.Ledger;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.store.QuestDbStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store goes down under a steady load and comes back: the ledger holds the backlog, the store writer
 * replays it, and every sample reaches QuestDB once and in ledger order. The outage lasts
 * {@code -Dplantproof.outage.seconds} (15 s by default; the full run is 120).
 */
class StoreOutageTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final int BATCH = 100;
    private static final long BATCH_EVERY_MILLIS = 10;

    @TempDir
    Path dir;

    @Test
    void everySampleArrivesOnceAndInOrderAfterTheStoreComesBack() throws Exception {
        Duration outage = Duration.ofSeconds(Long.getLong("plantproof.outage.seconds", 15));
        AtomicLong produced = new AtomicLong();
        AtomicBoolean producing = new AtomicBoolean(true);
        try (Ledger ledger = Ledger.open(dir.resolve("ledger")); QuestDbStore questdb = QuestDbStore.open(dir)) {
            SwitchableStore store = new SwitchableStore(questdb);
            try (StoreWriter writer = new StoreWriter(ledger, store, dir.resolve("store.offset"),
                    StoreWriter.Settings.defaults().withMaxBackoff(Duration.ofMillis(500))).start()) {
                Thread producer = new Thread(() -> {
                    // steady load: one batch of BATCH samples every BATCH_EVERY_MILLIS
                    long next = System.nanoTime();
                    while (producing.get()) {
                        long first = produced.get();
                        List<Sample> samples = new ArrayList<>(BATCH);
                        for (int i = 0; i < BATCH; i++) {
                            samples.add(Sample.of("press-1", "power", T0 + first + i, first + i, Provenance.MEASURED));
                        }
                        ledger.append(new SampleBatch("mqtt:line1", samples));
                        produced.addAndGet(BATCH);
                        next += BATCH_EVERY_MILLIS * 1_000_000;
                        sleepUntil(next);
                    }
                }, "steady-load");
                producer.start();
                Thread.sleep(2_000);

                store.down();
                Thread.sleep(outage.toMillis());
                long backlogRecords = writer.backlog();
                long backlogBytes = ledger.status().backlogBytes();
                long cameBack = System.nanoTime();
                store.up();
                while (writer.backlog() > 2) {
                    assertThat(System.nanoTime() - cameBack).as("backlog replayed within 60 s").isLessThan(60_000_000_000L);
                    Thread.sleep(5);
                }
                double replaySeconds = (System.nanoTime() - cameBack) / 1e9;
                Thread.sleep(1_000);
                producing.set(false);
                producer.join();
                writer.drain();

                System.out.printf("store outage of %d s under %,d samples/s: backlog %,d records (%,d samples, %,d bytes), "
                                + "replayed in %.2f s at %,.0f samples/s while the load went on%n",
                        outage.toSeconds(), BATCH * 1000 / BATCH_EVERY_MILLIS, backlogRecords, backlogRecords * BATCH,
                        backlogBytes, replaySeconds, backlogRecords * BATCH / replaySeconds);
                assertThat(backlogRecords).as("the outage built a backlog").isGreaterThan(outage.toSeconds() * 50);
            }
            List<Long> expected = LongStream.range(0, produced.get()).map(i -> T0 + i).boxed().toList();
            assertThat(store.writtenTimestamps()).as("written in ledger order, each once").isEqualTo(expected);
            List<Sample> stored = new ArrayList<>();
            questdb.scan("press-1", "power", Long.MIN_VALUE, Long.MAX_VALUE, stored::add);
            assertThat(stored).extracting(Sample::epochMillis).isEqualTo(expected);
            assertThat(stored).allMatch(s -> s.value() == s.epochMillis() - T0);
        }
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
