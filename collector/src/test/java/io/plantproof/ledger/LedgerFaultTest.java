package io.plantproof.ledger;

import io.plantproof.files.PowerLossDisk;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ledger through {@link PowerLossDisk}: acknowledged batches survive a power loss (so a missing fsync fails here),
 * a write or fsync the disk refuses is refused and leaves nothing that later appends would follow, and a full disk
 * that is freed again loses nothing that was acknowledged.
 */
class LedgerFaultTest {

    private static final Ledger.Options SMALL_SEGMENTS = Ledger.Options.defaults().withSegmentBytes(4096);

    @TempDir
    Path dir;

    private final PowerLossDisk disk = new PowerLossDisk();

    private static SampleBatch batch(long i) {
        return new SampleBatch("test", List.of(Sample.of("M1", "count.total", 1_000L * i, i, Provenance.MEASURED)));
    }

    private Ledger open() {
        return Ledger.open(dir, SMALL_SEGMENTS, disk);
    }

    private static List<Long> values(Ledger ledger) {
        List<Long> values = new ArrayList<>();
        ledger.read(0, e -> values.add((long) e.batch().samples().get(0).value()));
        return values;
    }

    /** Power fails under a running ledger, which is then abandoned as a dead process would be; the disk comes back. */
    private void powerCycle(Ledger running) {
        disk.powerLoss();
        running.close();
        disk.powerOn();
    }

    @Test
    void everyAcknowledgedBatchSurvivesAPowerLossAcrossRolledSegments() {
        Ledger ledger = open();
        for (long i = 0; i < 300; i++) {
            ledger.append(batch(i));
        }
        powerCycle(ledger);

        try (Ledger reopened = open()) {
            assertThat(reopened.recovery().records()).isEqualTo(300);
            assertThat(values(reopened)).isEqualTo(LongStream.range(0, 300).boxed().toList());
            assertThat(reopened.status().healthy()).isTrue();
        }
    }

    @Test
    void concurrentAppendersAreAcknowledgedOnlyOnceDurable() throws Exception {
        disk.forceLatency(2);
        Ledger ledger = open();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Long>> acks = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            long n = i;
            acks.add(pool.submit(() -> ledger.append(batch(n))));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        for (Future<Long> ack : acks) {
            ack.get();
        }
        assertThat(ledger.status().fsyncs()).as("group commit").isBetween(1L, 399L);
        powerCycle(ledger);

        try (Ledger reopened = open()) {
            assertThat(values(reopened)).hasSize(400).doesNotHaveDuplicates();
        }
    }

    @Test
    void aWriteTheFullDiskTornIsRefusedAndCutSoLaterRecordsFollowTheLastGoodOne() throws IOException {
        List<Long> acknowledged = new ArrayList<>();
        Ledger ledger = open();
        for (long i = 0; i < 5; i++) {
            ledger.append(batch(i));
            acknowledged.add(i);
        }
        disk.failWrite(1, 20);
        assertThatThrownBy(() -> ledger.append(batch(5))).isInstanceOf(LedgerWriteException.class)
                .hasMessageContaining("disk full").hasMessageContaining("not acknowledged");
        assertThat(ledger.status().appendFailure()).startsWith("disk full");
        assertThat(ledger.status().healthy()).isFalse();
        for (long i = 6; i < 10; i++) {
            ledger.append(batch(i));
            acknowledged.add(i);
        }
        assertThat(ledger.status().appendFailure()).isNull();
        assertThat(ledger.status().failedAppends()).isEqualTo(1);
        powerCycle(ledger);

        try (Ledger reopened = open()) {
            assertThat(reopened.recovery().damage()).as("no torn record inside the segment").isEmpty();
            assertThat(reopened.recovery().tornTailBytes()).isZero();
            assertThat(values(reopened)).isEqualTo(acknowledged);
            assertThat(reopened.status().healthy()).isTrue();
        }
    }

    @Test
    void aTornWriteAsTheLastActionLeavesNoTailBehind() {
        Ledger ledger = open();
        ledger.append(batch(0));
        disk.failWrite(1, 30);
        assertThatThrownBy(() -> ledger.append(batch(1))).isInstanceOf(LedgerWriteException.class);
        ledger.close();

        try (Ledger reopened = open()) {
            assertThat(reopened.recovery().tornTailBytes()).isZero();
            assertThat(values(reopened)).containsExactly(0L);
        }
    }

    @Test
    void aFailedFsyncRefusesTheRecordsItDidNotMakeDurableAndCutsThem() {
        Ledger ledger = open();
        ledger.append(batch(0));
        disk.failForce(1);
        assertThatThrownBy(() -> ledger.append(batch(1))).isInstanceOf(LedgerWriteException.class)
                .hasMessageContaining("Input/output error");
        assertThat(ledger.nextSeq()).isEqualTo(1);
        assertThat(ledger.append(batch(2))).as("the cut record's seq is used again").isEqualTo(1);
        powerCycle(ledger);

        try (Ledger reopened = open()) {
            assertThat(values(reopened)).containsExactly(0L, 2L);
            assertThat(reopened.recovery().damage()).isEmpty();
        }
    }

    @Test
    void shortWritesAreCompleted() {
        disk.shortWrites(true);
        Ledger ledger = open();
        for (long i = 0; i < 50; i++) {
            ledger.append(batch(i));
        }
        powerCycle(ledger);
        disk.shortWrites(false);

        try (Ledger reopened = open()) {
            assertThat(values(reopened)).isEqualTo(LongStream.range(0, 50).boxed().toList());
        }
    }

    /** The must-show: the disk fills during collection, is freed, collection resumes; restart: count = acknowledged. */
    @Test
    void aDiskThatFillsAndIsFreedLosesNoAcknowledgedBatch() throws Exception {
        List<Long> acknowledged = new ArrayList<>();
        int refused = 0;
        Ledger ledger = open();
        for (long i = 0; i < 600; i++) {
            if (i == 200) {
                disk.fill();
            }
            if (i == 350) {
                disk.free();
            }
            try {
                ledger.append(batch(i));
                acknowledged.add(i);
            } catch (LedgerWriteException e) {
                refused++;
                assertThat(e).hasMessageContaining("disk full");
                assertThat(ledger.status().healthy()).isFalse();
            }
        }
        assertThat(refused).isEqualTo(150);
        assertThat(ledger.status().healthy()).isTrue();
        ledger.close();
        try (Ledger reopened = open()) {
            assertThat(values(reopened)).hasSize(450).isEqualTo(acknowledged);
            assertThat(reopened.recovery().damage()).isEmpty();
        }
        try (Stream<Path> names = Files.list(dir)) {
            assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void reopeningAfterAByteFlippedMidSegmentKeepsEveryOtherAcknowledgedRecord() throws IOException {
        try (Ledger ledger = Ledger.open(dir)) {
            for (long i = 0; i < 20; i++) {
                ledger.append(batch(i));
            }
        }
        Path segment = dir.resolve("segment-0000000000000000.log");
        byte[] written = Files.readAllBytes(segment);
        LedgerTest.flip(segment, written.length / 2);
        byte[] damaged = Files.readAllBytes(segment);

        try (Ledger reopened = Ledger.open(dir)) {
            assertThat(values(reopened)).hasSize(19).contains(0L, 19L);
            assertThat(reopened.recovery().damage()).singleElement().satisfies(d -> assertThat(d.lostRecords()).isEqualTo(1));
            assertThat(reopened.recovery().tornTailBytes()).isZero();
            reopened.append(batch(20));
        }
        assertThat(Files.readAllBytes(segment)).as("kept as it is").isEqualTo(damaged);
        try (Ledger again = Ledger.open(dir)) {
            assertThat(values(again)).hasSize(20).endsWith(19L, 20L);
        }
    }
}
