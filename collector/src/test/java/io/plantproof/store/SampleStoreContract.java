package io.plantproof.store;

import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link SampleStore} must do, run against each implementation by a subclass that opens an
 * empty store: timestamp-ordered scans of one series, idempotent rewrites, [from, to) bounds, counts,
 * server times and status codes kept, and reads that see everything written once {@code awaitVisible()} returns.
 */
abstract class SampleStoreContract {

    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    SampleStore store;

    /** An open store holding no samples. */
    abstract SampleStore openEmptyStore();

    @BeforeEach
    void open() {
        store = openEmptyStore();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void scanReturnsOnlyTheRequestedSeriesInTimestampOrder() {
        store.write(List.of(
                sample("press-1", "power", T0 + 2_000, 3.0),
                sample("press-1", "power", T0, 1.0),
                sample("press-1", "speed", T0 + 500, 99.0),
                sample("press-2", "power", T0 + 500, 42.0),
                new Sample("press-1", "power", T0 + 1_000, 2.0, 7L, Provenance.IMPORTED)));
        store.awaitVisible();

        assertThat(scanAll("press-1", "power")).containsExactly(
                sample("press-1", "power", T0, 1.0),
                new Sample("press-1", "power", T0 + 1_000, 2.0, 7L, Provenance.IMPORTED),
                sample("press-1", "power", T0 + 2_000, 3.0));
        assertThat(scanAll("press-2", "power")).containsExactly(sample("press-2", "power", T0 + 500, 42.0));
    }

    @Test
    void rewritingTheSameDeviceSignalAndTimestampKeepsOneRowWithTheLastValue() {
        store.write(List.of(sample("press-1", "power", T0, 1.0), sample("press-1", "power", T0 + 1_000, 2.0)));
        store.write(List.of(new Sample("press-1", "power", T0, 10.0, 3L, Provenance.DECLARED)));
        store.awaitVisible();

        assertThat(scanAll("press-1", "power")).containsExactly(
                new Sample("press-1", "power", T0, 10.0, 3L, Provenance.DECLARED),
                sample("press-1", "power", T0 + 1_000, 2.0));
        assertThat(store.count("press-1", "power", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(2);
    }

    @Test
    void serverTimesAndStatusCodesScanBackKnownOrNot() {
        List<Sample> samples = List.of(
                new Sample("press-1", "power", T0, 1.0, 0L, Provenance.MEASURED, T0 + 4),
                new Sample("press-1", "power", T0 + 1_000, 2.0, 0x40900000L, Provenance.MEASURED, T0 + 990),
                sample("press-1", "power", T0 + 2_000, 3.0),
                new Sample("press-1", "power", T0 + 3_000, 4.0, 0x80000000L, Provenance.MEASURED, T0 + 3_000));
        store.write(samples);
        store.awaitVisible();

        assertThat(scanAll("press-1", "power")).isEqualTo(samples);
    }

    @Test
    void rewritingWithoutAServerTimeForgetsTheOldOne() {
        store.write(List.of(new Sample("press-1", "power", T0, 1.0, 0L, Provenance.MEASURED, T0 + 4)));
        store.write(List.of(new Sample("press-1", "power", T0, 1.0, 0L, Provenance.IMPORTED)));
        store.awaitVisible();

        assertThat(scanAll("press-1", "power")).containsExactly(new Sample("press-1", "power", T0, 1.0, 0L, Provenance.IMPORTED));
    }

    @Test
    void replayingABatchMakesNoDuplicates() {
        List<Sample> batch = series("press-1", "power", 100);
        store.write(batch);
        store.write(batch);
        store.awaitVisible();

        assertThat(scanAll("press-1", "power")).isEqualTo(batch);
    }

    @Test
    void aDuplicateInsideOneBatchKeepsTheLaterSample() {
        store.write(List.of(sample("press-1", "power", T0, 1.0), sample("press-1", "power", T0, 2.0)));
        store.awaitVisible();

        assertThat(scanAll("press-1", "power")).containsExactly(sample("press-1", "power", T0, 2.0));
    }

    @Test
    void scanAndCountIncludeFromAndExcludeTo() {
        store.write(series("press-1", "power", 10));
        store.awaitVisible();

        List<Sample> scanned = new ArrayList<>();
        store.scan("press-1", "power", T0 + 2_000, T0 + 5_000, scanned::add);

        assertThat(scanned).extracting(Sample::epochMillis).containsExactly(T0 + 2_000, T0 + 3_000, T0 + 4_000);
        assertThat(store.count("press-1", "power", T0 + 2_000, T0 + 5_000)).isEqualTo(3);
        assertThat(store.count("press-1", "power", T0 + 5_000, T0 + 5_000)).isZero();
        assertThat(store.count("press-1", "power", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(10);
        assertThat(store.count("press-9", "power", Long.MIN_VALUE, Long.MAX_VALUE)).isZero();
    }

    @Test
    void everyBatchWrittenBeforeAwaitVisibleIsReadableRightAfter() {
        int batches = 20;
        for (int b = 0; b < batches; b++) {
            List<Sample> batch = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                batch.add(sample("press-1", "power", T0 + (b * 50L + i) * 1_000L, b));
            }
            store.write(batch);
        }
        store.awaitVisible();

        assertThat(store.count("press-1", "power", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(batches * 50);
        assertThat(scanAll("press-1", "power")).last().extracting(Sample::value).isEqualTo((double) batches - 1);
    }

    static List<Sample> series(String device, String signal, int n) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(sample(device, signal, T0 + i * 1_000L, i));
        }
        return out;
    }

    static Sample sample(String device, String signal, long epochMillis, double value) {
        return Sample.of(device, signal, epochMillis, value, Provenance.MEASURED);
    }

    List<Sample> scanAll(String device, String signal) {
        List<Sample> scanned = new ArrayList<>();
        store.scan(device, signal, Long.MIN_VALUE, Long.MAX_VALUE, scanned::add);
        return scanned;
    }
}
