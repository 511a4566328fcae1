package io.plantproof.ledger;

import io.plantproof.tlog.TreeHead;
import io.plantproof.evidence.Leaf;
import io.plantproof.merkle.Hashes;
import io.plantproof.merkle.MerkleTree;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daily seal and periodic checkpoints: when they run, that they run by themselves, and that data
 * for a day already sealed becomes a late amendment leaf while every earlier file stays byte-identical.
 */
class EvidenceScheduleTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final LocalDate DAY = LocalDate.of(2026, 3, 1);

    @TempDir
    Path dir;

    private Ledger ledger;
    private EvidenceLog evidence;

    @BeforeEach
    void open() {
        ledger = Ledger.open(dir.resolve("ledger"));
        evidence = new EvidenceLog(dir.resolve("evidence"), ZONE, ledger, CollectorKey.loadOrCreate(dir.resolve("keys")),
                LedgerVerifierTest.ORIGIN);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private static Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(hour, minute).atZone(ZONE).toInstant();
    }

    private void append(LocalDate day, int fromHour, int n) {
        long start = at(day, fromHour, 0).toEpochMilli();
        ledger.append(new SampleBatch("mqtt:line1", java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> Sample.of("press-1", "power", start + i * 60_000L, i, Provenance.MEASURED)).toList()));
    }

    @Test
    void theDailySealRunsAtTheConfiguredPlantTime() {
        EvidenceSchedule schedule = new EvidenceSchedule(evidence, ZONE, EvidenceSchedule.Settings.defaults());

        assertThat(schedule.nextSealTime(at(DAY, 23, 0))).isEqualTo(at(DAY.plusDays(1), 0, 10));
        assertThat(schedule.nextSealTime(at(DAY, 0, 5))).isEqualTo(at(DAY, 0, 10));
        assertThat(schedule.nextSealTime(at(DAY, 0, 10))).isEqualTo(at(DAY.plusDays(1), 0, 10));
        schedule.close();
    }

    @Test
    void dataForASealedDayBecomesALateAmendmentLeafAndNothingIsRewritten() throws IOException {
        MutableClock clock = new MutableClock(at(DAY.plusDays(1), 0, 10));
        try (EvidenceSchedule schedule = new EvidenceSchedule(evidence, ZONE, EvidenceSchedule.Settings.defaults(), clock, null)) {
            append(DAY, 8, 30);
            EvidenceSchedule.SealRun first = schedule.sealNow();
            assertThat(first.partsSealed()).isEqualTo(1);
            assertThat(evidence.leaves()).singleElement().satisfies(l -> assertThat(l.late()).isFalse());
            Map<String, String> before = fileHashes();
            String leavesBefore = Files.readString(dir.resolve("evidence/leaves.jsonl"));
            assertThat(before).as("one chunk and one checkpoint").hasSize(2);

            append(DAY, 20, 12); // store-and-forward: the day's data arrives two days later
            clock.now = at(DAY.plusDays(2), 0, 10);
            EvidenceSchedule.SealRun second = schedule.sealNow();

            Leaf late = evidence.leaves().get(1);
            assertThat(late.day()).isEqualTo(DAY);
            assertThat(late.part()).isEqualTo(1);
            assertThat(late.late()).isTrue();
            assertThat(late.samples()).isEqualTo(12);
            Map<String, String> after = fileHashes();
            before.forEach((file, hash) -> assertThat(after).as(file + " unchanged").containsEntry(file, hash));
            assertThat(Files.readString(dir.resolve("evidence/leaves.jsonl"))).startsWith(leavesBefore);
            TreeHead old = TreeHead.parse(evidence.checkpoint(first.checkpointSize()).orElseThrow().text());
            assertThat(MerkleTree.root(evidence.leafHashes().subList(0, (int) old.size()))).isEqualTo(old.root());
            assertThat(second.checkpointSize()).isEqualTo(2);
            assertThat(LedgerVerifier.verify(ledger, evidence).problems()).isEmpty();
        }
    }

    @Test
    void sealAndCheckpointRunByThemselvesOnTheirSchedule() throws InterruptedException {
        append(DAY, 8, 10);
        LocalTime soon = LocalTime.now(ZONE).plusSeconds(1);
        try (EvidenceSchedule schedule = new EvidenceSchedule(evidence, ZONE,
                new EvidenceSchedule.Settings(soon, Duration.ofMillis(200))).start()) {
            waitFor(() -> evidence.leaves().size() == 1 && evidence.checkpointSizes().size() == 1);

            append(DAY, 12, 10);
            evidence.seal(Instant.now()); // e.g. a bundle build sealing on demand; the periodic checkpoint signs it
            waitFor(() -> evidence.checkpointSizes().contains(2L));
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Chunks and checkpoints, which are written once and never again. */
    private Map<String, String> fileHashes() throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Stream.concat(Files.walk(dir.resolve("evidence/chunks")), Files.walk(dir.resolve("evidence/checkpoints")))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                hashes.put(dir.relativize(p).toString(), Hashes.sha256Hex(Files.readAllBytes(p)));
            }
        }
        return hashes;
    }

    /** A clock the test moves forward by hand. */
    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
