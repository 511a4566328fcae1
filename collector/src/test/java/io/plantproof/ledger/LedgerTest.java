package io.plantproof.ledger;

import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

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

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void closedSegmentsAreCompressedAndStillReadWithTheirChainVerified() throws IOException {
        try (Ledger ledger = Ledger.open(dir, 4096)) {
            for (int i = 0; i < 300; i++) {
                ledger.append(batch(i));
            }
        }
        List<String> files = files();
        assertThat(files).hasSizeGreaterThan(2);
        assertThat(files.subList(0, files.size() - 1)).allMatch(f -> f.endsWith(".log.gz"));
        assertThat(files.get(files.size() - 1)).endsWith(".log");
        long compressed = 0;
        for (String f : files.subList(0, files.size() - 1)) {
            compressed += Files.size(dir.resolve(f));
        }
        assertThat(compressed).as("gzip saves space").isLessThan(4096L * (files.size() - 1));

        try (Ledger reopened = Ledger.open(dir, 4096)) {
            assertThat(reopened.recovery().records()).isEqualTo(300);
            List<Long> expected = new ArrayList<>();
            for (long i = 0; i < 300; i++) {
                expected.add(i);
            }
            assertThat(readAll(reopened)).isEqualTo(expected);
            reopened.append(batch(300));
            assertThat(readAll(reopened)).hasSize(301);
        }
    }

    @Test
    void anEditInsideACompressedSegmentIsNamedWhenOpening() throws IOException {
        try (Ledger ledger = Ledger.open(dir, 4096)) {
            for (int i = 0; i < 300; i++) {
                ledger.append(batch(i));
            }
        }
        Path first = dir.resolve(files().get(0));
        byte[] plain;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(first))) {
            plain = in.readAllBytes();
        }
        plain[plain.length / 2] ^= 0x01; // a valid gzip file whose content was edited
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(first))) {
            out.write(plain);
        }

        assertThatThrownBy(() -> Ledger.open(dir, 4096)).isInstanceOf(LedgerCorruptException.class)
                .hasMessageContaining(first.getFileName().toString()).hasMessageContaining("not the last segment");
    }

    @Test
    void pastTheBacklogBoundBatchesAreRefusedLoudlyUntilTheDrainerCatchesUp() {
        try (Ledger ledger = Ledger.open(dir, Ledger.Options.defaults().withMaxBacklogBytes(2_000));
             Ledger.Cursor store = ledger.cursor()) {
            ledger.drained(store);
            int accepted = 0;
            try {
                while (true) {
                    ledger.append(batch(accepted));
                    accepted++;
                }
            } catch (LedgerFullException e) {
                assertThat(e.getMessage()).contains("2000").contains("refused");
            }
            assertThat(accepted).isBetween(1, 2_000 / 48);
            assertThat(ledger.status().refusing()).isTrue();
            assertThat(ledger.status().refusedBatches()).isEqualTo(1);
            assertThat(ledger.status().backlogBytes()).isGreaterThanOrEqualTo(2_000);
            assertThat(ledger.nextSeq()).as("the refused batch is not in the ledger").isEqualTo(accepted);

            assertThat(store.next(accepted)).hasSize(accepted);
            ledger.drained(store);

            assertThat(ledger.status().refusing()).isFalse();
            assertThat(ledger.status().backlogBytes()).isZero();
            assertThat(ledger.append(batch(99))).isEqualTo(accepted);
        }
    }

    @Test
    void concurrentAppendersShareFsyncs() throws Exception {
        try (Ledger ledger = Ledger.open(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (int i = 0; i < 800; i++) {
                int n = i;
                pool.submit(() -> ledger.append(batch(n)));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            assertThat(ledger.status().records()).isEqualTo(800);
            assertThat(ledger.status().fsyncs()).as("group commit").isLessThan(800);
        }
    }
}
