package io.plantproof.collector;

import io.plantproof.files.PowerLossDisk;
import io.plantproof.ledger.Ledger;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.store.QuestDbStore;
import io.plantproof.store.SampleStore;
import io.plantproof.store.StoreRejectedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The store writer on the real QuestDB: a sample the store refuses for good is quarantined with its reason and the
 * writer moves on (also when the store does not say which sample it refuses); no failure stops the writer, a full
 * disk for its offset is named and outlived; and it commits large transactions, not one per poll.
 */
class StoreWriterTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private Ledger ledger;
    private QuestDbStore questdb;

    @BeforeEach
    void open() {
        ledger = Ledger.open(dir.resolve("ledger"));
        questdb = QuestDbStore.open(dir);
    }

    @AfterEach
    void close() {
        questdb.close();
        ledger.close();
    }

    private static Sample power(long ts, double value) {
        return Sample.of("press-1", "power", ts, value, Provenance.MEASURED);
    }

    private void appendGood(long from, int n) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            samples.add(power(T0 + from + i, from + i));
        }
        ledger.append(new SampleBatch("test", samples));
    }

    private long stored() {
        return questdb.count("press-1", "power", Long.MIN_VALUE, Long.MAX_VALUE);
    }

    private static void drain(StoreWriter writer) {
        assertTimeoutPreemptively(DRAIN_LIMIT, writer::drain, "the store writer must not hang on any batch");
    }

    @Test
    void samplesTheStoreRefusesAreQuarantinedWithTheirReasonAndTheWriterMovesOn() {
        appendGood(0, 10);
        ledger.append(new SampleBatch("mqtt:gw", List.of(power(T0 + 10, 10), power(-1_000, 1), power(T0 + 11, 11),
                power(Long.MAX_VALUE / 2, 2))));
        appendGood(12, 10);
        try (StoreWriter writer = new StoreWriter(ledger, questdb, dir.resolve("store.offset")).start()) {
            drain(writer);
            assertThat(stored()).isEqualTo(22);
            assertThat(writer.lastError()).isNull();
            assertThat(writer.quarantine().count()).isEqualTo(2);
            assertThat(writer.quarantine().last()).contains("ledger seq 1 sample 3").contains("after 9999-12-31");
            appendGood(22, 5);
            drain(writer);
            assertThat(stored()).as("later batches go on to the store").isEqualTo(27);
        }
        List<StoreQuarantine.Entry> entries = StoreQuarantine.read(dir.resolve("ledger/quarantine"));
        assertThat(entries).extracting(e -> e.seq() + "/" + e.index() + " " + e.sample().epochMillis())
                .containsExactly("1/1 -1000", "1/3 " + Long.MAX_VALUE / 2);
        assertThat(entries.get(0).reason()).isEqualTo("timestamp -1000 ms is before 1970-01-01, which QuestDB cannot store");

        try (StoreWriter restarted = new StoreWriter(ledger, questdb, dir.resolve("store.offset")).start()) {
            assertThat(restarted.quarantine().count()).isEqualTo(2);
            assertThat(restarted.backlog()).isZero();
        }
    }

    @Test
    void aRefusalThatNamesNoSampleIsNarrowedDownToTheRefusedSamples() {
        for (int r = 0; r < 20; r++) {
            appendGood(r * 50L, 50);
        }
        // as InfluxDB answers HTTP 400 for a whole request: nothing says which point it was
        SampleStore picky = new DelegatingStore(questdb, samples -> {
            if (samples.stream().anyMatch(s -> s.value() == 123 || s.value() == 777)) {
                throw new StoreRejectedException("HTTP 400: field type conflict", null);
            }
        });
        try (StoreWriter writer = new StoreWriter(ledger, picky, dir.resolve("store.offset")).start()) {
            drain(writer);
            assertThat(stored()).isEqualTo(998);
            assertThat(StoreQuarantine.read(dir.resolve("ledger/quarantine"))).extracting(e -> e.sample().value())
                    .containsExactly(123.0, 777.0);
        }
    }

    @Test
    void noFailureStopsTheWriter() {
        appendGood(0, 100);
        AtomicInteger calls = new AtomicInteger();
        SampleStore broken = new DelegatingStore(questdb, samples -> {
            switch (calls.incrementAndGet()) {
                case 1 -> throw new IllegalStateException("a bug in the store client");
                case 2 -> throw new NullPointerException();
                case 3 -> throw new LinkageError("a class the store needs is missing");
                default -> { }
            }
        });
        try (StoreWriter writer = new StoreWriter(ledger, broken, dir.resolve("store.offset"),
                StoreWriter.Settings.defaults().withMaxBackoff(Duration.ofMillis(200))).start()) {
            await().atMost(DRAIN_LIMIT).until(() -> calls.get() >= 2);
            assertThat(writer.lastError()).isNotNull();
            drain(writer);
            assertThat(stored()).isEqualTo(100);
            assertThat(writer.lastError()).isNull();
        }
    }

    @Test
    void aDiskTooFullForTheOffsetIsNamedAndTheWriterGoesOnOnceFreed() throws IOException {
        PowerLossDisk disk = new PowerLossDisk();
        disk.fill();
        appendGood(0, 100);
        try (StoreWriter writer = new StoreWriter(ledger, questdb, dir.resolve("store.offset"),
                StoreWriter.Settings.defaults().withMaxBackoff(Duration.ofMillis(200)), disk).start()) {
            await().atMost(DRAIN_LIMIT).until(() -> writer.lastError() != null);
            assertThat(writer.lastError()).contains("disk full").contains("store offset");
            disk.free();
            drain(writer);
            assertThat(writer.lastError()).isNull();
        }
        assertThat(Files.readString(dir.resolve("store.offset"))).isEqualTo("1");
        assertThat(stored()).isEqualTo(100);
    }

    @Test
    void batchesAreCommittedInLargeTransactionsEachFollowedByOneOffsetWrite() {
        for (int r = 0; r < 400; r++) {
            appendGood(r * 10L, 10);
        }
        StoreWriter.Settings settings = new StoreWriter.Settings(1_000, Duration.ofSeconds(30), Duration.ofSeconds(1));
        try (StoreWriter writer = new StoreWriter(ledger, questdb, dir.resolve("store.offset"), settings).start()) {
            drain(writer);
            assertThat(stored()).isEqualTo(4_000);
            assertThat(writer.transactions()).as("1,000-sample transactions for 4,000 samples").isEqualTo(4);
        }
    }

    /** The real store behind a check that may throw before each write, as a failing store would. */
    private record DelegatingStore(SampleStore delegate, Consumer<List<Sample>> before) implements SampleStore {

        @Override
        public void write(List<Sample> samples) {
            before.accept(samples);
            delegate.write(samples);
        }

        @Override
        public void scan(String device, String signal, long fromMillis, long toMillis, Consumer<Sample> consumer) {
            delegate.scan(device, signal, fromMillis, toMillis, consumer);
        }

        @Override
        public void awaitVisible() {
            delegate.awaitVisible();
        }

        @Override
        public long count(String device, String signal, long fromMillis, long toMillis) {
            return delegate.count(device, signal, fromMillis, toMillis);
        }

        @Override
        public void close() {
        }
    }
}
