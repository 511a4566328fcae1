package io.plantproof.ledger;

import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LedgerTest {

    @TempDir
    Path dir;

    private static SampleBatch batch(int i) {
        return new SampleBatch("test", List.of(Sample.of("M" + (i % 3), "count.total", 1_000L * i, i, Provenance.MEASURED)));
    }

    private List<Long> readAll(Ledger ledger) {
        List<Long> values = new ArrayList<>();
        ledger.read(0, e -> values.add((long) e.batch().samples().get(0).value()));
        return values;
    }

    @Test
    void concurrentAppendsAreAllDurableInOrderAcrossSegmentsAndReopen() throws Exception {
        try (Ledger ledger = Ledger.open(dir, 4096)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 400; i++) {
                int n = i;
                pool.submit(() -> ledger.append(batch(n)));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ledger.nextSeq()).isEqualTo(400);
        }
        try (Stream<Path> segments = Files.list(dir)) {
            assertThat(segments.count()).as("segments rolled").isGreaterThan(1);
        }
        try (Ledger reopened = Ledger.open(dir, 4096)) {
            assertThat(reopened.recovery().discardedBytes()).isZero();
            assertThat(readAll(reopened)).hasSize(400).doesNotHaveDuplicates();
        }
    }

    @Test
    void aTornLastRecordIsCutOffAndReported() throws IOException {
        try (Ledger ledger = Ledger.open(dir)) {
            for (int i = 0; i < 10; i++) {
                ledger.append(batch(i));
            }
        }
        Path segment;
        try (Stream<Path> s = Files.list(dir)) {
            segment = s.findFirst().orElseThrow();
        }
        long size = Files.size(segment);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.setLength(size - 7); // a crash in the middle of the last write
        }
        try (Ledger reopened = Ledger.open(dir)) {
            assertThat(reopened.recovery().records()).isEqualTo(9);
            assertThat(reopened.recovery().discardedBytes()).isPositive();
            assertThat(readAll(reopened)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
            reopened.append(batch(99));
            assertThat(readAll(reopened)).hasSize(10).endsWith(99L);
        }
    }

    @Test
    void aByteChangedInTheMiddleIsNamedByTheReader() throws IOException {
        try (Ledger ledger = Ledger.open(dir)) {
            for (int i = 0; i < 10; i++) {
                ledger.append(batch(i));
            }
            Path segment;
            try (Stream<Path> s = Files.list(dir)) {
                segment = s.findFirst().orElseThrow();
            }
            try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
                f.seek(Files.size(segment) / 2);
                int b = f.read();
                f.seek(Files.size(segment) / 2);
                f.write(b ^ 0x40);
            }
            assertThatThrownBy(() -> readAll(ledger)).isInstanceOf(LedgerCorruptException.class)
                    .hasMessageContaining(segment.getFileName().toString()).hasMessageContaining("seq");
        }
    }
}
