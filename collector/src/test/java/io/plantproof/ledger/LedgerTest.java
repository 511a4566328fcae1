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
import java.util.Arrays;
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
            assertThat(reopened.recovery().tornTailBytes()).isZero();
            assertThat(readAll(reopened)).hasSize(400).doesNotHaveDuplicates();
        }
    }

    @Test
    void aTornLastRecordIsCopiedToQuarantineThenCutOff() throws IOException {
        try (Ledger ledger = Ledger.open(dir)) {
            for (int i = 0; i < 10; i++) {
                ledger.append(batch(i));
            }
        }
        Path segment = dir.resolve(files().get(0));
        byte[] before = Files.readAllBytes(segment);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.setLength(before.length - 7); // a crash in the middle of the last write
        }
        try (Ledger reopened = Ledger.open(dir)) {
            Ledger.RecoveryReport recovery = reopened.recovery();
            assertThat(recovery.records()).isEqualTo(9);
            assertThat(recovery.damage()).isEmpty();
            long recordStart = Files.size(segment);
            assertThat(recovery.tornTailBytes()).isEqualTo(before.length - 7 - recordStart).isPositive();
            assertThat(recovery.quarantined()).hasParent(dir.resolve("quarantine"));
            assertThat(Files.readAllBytes(recovery.quarantined()))
                    .isEqualTo(Arrays.copyOfRange(before, (int) recordStart, before.length - 7));
            assertThat(readAll(reopened)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
            reopened.append(batch(99));
            assertThat(readAll(reopened)).hasSize(10).endsWith(99L);
            assertThat(reopened.status().healthy()).isTrue();
        }
    }

    @Test
    void aByteChangedInTheMiddleIsReportedWithItsRangeAndTheRecordsAfterItStayReadable() throws IOException {
        try (Ledger ledger = Ledger.open(dir)) {
            for (int i = 0; i < 10; i++) {
                ledger.append(batch(i));
            }
            Path segment = dir.resolve(files().get(0));
            long record = Files.size(segment) / 10;
            flip(segment, 5 * record + record - 3); // in the payload of seq 5

            assertThat(readAll(ledger)).containsExactly(0L, 1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L);
            assertThat(ledger.status().intact()).isFalse();
            assertThat(ledger.status().healthy()).isFalse();
            assertThat(ledger.status().damage()).singleElement().asString()
                    .startsWith(segment.getFileName() + " bytes " + 5 * record + ".." + 6 * record + ": seq 5 at byte " + 5 * record
                            + " fails its CRC").contains("record 5 unreadable; reading resumes at seq 6");
            assertThat(ledger.status().actions()).anyMatch(a -> a.contains("ledger verify"));
        }
    }

    /** Segment files only (seals sit beside them). */
    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(f -> f.contains(".log")).sorted().toList();
        }
    }

    private List<String> seals() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".seal")).sorted().toList();
        }
    }

    private void writeSegments(int records) {
        try (Ledger ledger = Ledger.open(dir, 4096)) {
            for (int i = 0; i < records; i++) {
                ledger.append(batch(i));
            }
        }
    }

    /** Flips one bit in the middle of the (gzip) segment's content, keeping a valid gzip file. */
    private Path editCompressedSegment(int index) throws IOException {
        Path file = dir.resolve(files().get(index));
        byte[] plain;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            plain = in.readAllBytes();
        }
        plain[plain.length / 2] ^= 0x01;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(plain);
        }
        return file;
    }

    static void flip(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x40);
        }
    }

    private static String awaitCheck(Ledger ledger) throws InterruptedException {
        for (int i = 0; i < 500 && ledger.status().closedSegments().startsWith("checking"); i++) {
            Thread.sleep(10);
        }
        return ledger.status().closedSegments();
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
    void anEditInsideASealedSegmentIsReportedByTheCheckAfterOpeningAndByEveryReader() throws Exception {
        writeSegments(300);
        Path first = editCompressedSegment(0);

        try (Ledger reopened = Ledger.open(dir, 4096)) {
            assertThat(reopened.recovery().records()).as("opening starts after the seals").isEqualTo(300);
            assertThat(awaitCheck(reopened)).startsWith("DAMAGED: 1 damaged places in");
            assertThat(reopened.status().intact()).isFalse();
            assertThat(reopened.status().damage()).singleElement().asString().startsWith(first.getFileName().toString())
                    .contains("fails its CRC");
            assertThat(readAll(reopened)).as("every record but the damaged one").hasSize(299);
            try (LedgerCursor late = reopened.cursor().seek(299)) {
                assertThat(late.next(10)).as("a reader starting after the damage is not stopped by it")
                        .extracting(LedgerEntry::seq).containsExactly(299L);
            }
        }
    }

    @Test
    void closedSegmentsAreSealedAndAnIntactLedgerPassesTheCheck() throws Exception {
        writeSegments(300);
        List<String> segments = files();
        assertThat(seals()).hasSize(segments.size() - 1);
        assertThat(Files.readString(dir.resolve(seals().get(0)))).startsWith("plantproof-ledger-seal 1 first=0 end=");
        try (Ledger reopened = Ledger.open(dir, 4096)) {
            assertThat(awaitCheck(reopened)).startsWith("verified " + (segments.size() - 1) + " sealed segments");
            assertThat(reopened.status().intact()).isTrue();
        }
    }

    @Test
    void aSeekStartsFromTheSealsAndCountsTheSameBytesAsAFullRead() {
        writeSegments(300);
        try (Ledger ledger = Ledger.open(dir, 4096);
             LedgerCursor sought = ledger.cursor().seek(250);
             LedgerCursor full = ledger.cursor()) {
            assertThat(full.next(250)).hasSize(250);
            ledger.drained(full);
            long backlogAfterFullRead = ledger.status().backlogBytes();
            ledger.drained(sought);
            assertThat(ledger.status().backlogBytes()).isEqualTo(backlogAfterFullRead).isPositive();
            assertThat(sought.position()).isEqualTo(250);
            assertThat(sought.next(100)).extracting(e -> (long) e.batch().samples().get(0).value())
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(250, 300).boxed().toList());
        }
    }

    @Test
    void aLedgerWrittenBeforeSealsGetsThemOnItsFirstOpen() throws Exception {
        writeSegments(300);
        List<String> written = seals();
        for (String seal : written) {
            Files.delete(dir.resolve(seal));
        }
        try (Ledger reopened = Ledger.open(dir, 4096)) {
            assertThat(reopened.status().closedSegments()).isEqualTo("verified while opening");
            assertThat(seals()).isEqualTo(written);
            assertThat(readAll(reopened)).hasSize(300);
        }
    }

    @Test
    void aCrashBetweenSealAndNextSegmentContinuesInANewSegment() throws IOException {
        writeSegments(300);
        List<String> segments = files();
        Files.delete(dir.resolve(segments.get(segments.size() - 1))); // gone with its records, as if never opened
        long lastFirst = Long.parseLong(segments.get(segments.size() - 1).substring(8, 24));
        try (Ledger reopened = Ledger.open(dir, 4096)) {
            assertThat(reopened.nextSeq()).isEqualTo(lastFirst);
            reopened.append(batch(1000));
            assertThat(readAll(reopened)).hasSize((int) lastFirst + 1).endsWith(1000L);
        }
    }

    @Test
    void anEditedSealIsNamedByTheReaderCrossingIt() throws IOException {
        writeSegments(300);
        Path seal = dir.resolve(seals().get(0));
        String text = Files.readString(seal);
        Files.writeString(seal, text.replaceFirst("head=.", "head=" + (text.contains("head=0") ? "1" : "0")));
        try (Ledger reopened = Ledger.open(dir, 4096)) {
            assertThat(readAll(reopened)).as("the segment's own chain is trusted over its edited seal").hasSize(300);
            assertThat(reopened.status().damage()).anySatisfy(d -> assertThat(d).startsWith(files().get(0))
                    .contains("its seal says").contains("with another chain hash").contains("no record lost"));
        }
    }

    @Test
    void pastTheBacklogBoundBatchesAreRefusedLoudlyUntilTheDrainerCatchesUp() {
        try (Ledger ledger = Ledger.open(dir, Ledger.Options.defaults().withMaxBacklogBytes(2_000));
             LedgerCursor store = ledger.cursor()) {
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
            assertThat(ledger.status().fsyncs()).as("group commit: fewer fsyncs than appends, but some").isBetween(1L, 799L);
        }
    }

    @Test
    void aListOfBatchesIsWrittenAsConsecutiveRecordsWithOneFsyncAndRefusedWhole() throws IOException {
        List<SampleBatch> batches = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            batches.add(batch(i));
        }
        try (Ledger ledger = Ledger.open(dir, 4096)) {
            ledger.append(batch(-1));
            long fsyncs = ledger.status().fsyncs();
            assertThat(ledger.append(batches)).as("first sequence number").isEqualTo(1);
            assertThat(ledger.status().fsyncs()).as("one fsync for the group").isEqualTo(fsyncs + 1);
            assertThat(ledger.nextSeq()).isEqualTo(301);
        }
        try (Ledger reopened = Ledger.open(dir, Ledger.Options.defaults().withSegmentBytes(4096).withMaxBacklogBytes(1));
             LedgerCursor store = reopened.cursor()) {
            assertThat(reopened.recovery().tornTailBytes()).isZero();
            List<Long> expected = new ArrayList<>(List.of(-1L));
            for (long i = 0; i < 300; i++) {
                expected.add(i);
            }
            assertThat(readAll(reopened)).as("in order, chain verified").isEqualTo(expected);

            reopened.drained(store);
            assertThatThrownBy(() -> reopened.append(batches.subList(0, 5))).isInstanceOf(LedgerFullException.class)
                    .hasMessageContaining("refused");
            assertThat(reopened.nextSeq()).as("nothing of a refused group is written").isEqualTo(301);
            assertThat(reopened.status().refusedBatches()).isEqualTo(5);
        }
    }
}
