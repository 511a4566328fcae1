package io.plantproof.ledger;

import io.plantproof.evidence.Chunk;
import io.plantproof.evidence.Leaf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sealing survives a crash at any point without sealing a record twice or losing one, and groups a seal larger
 * than its in-memory buffer through spill files into the same chunks.
 */
class EvidenceLogTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant DAY1 = Instant.parse("2026-03-01T02:00:00Z");
    private static final Instant SEALED_AT = DAY1.plusSeconds(3 * 86_400);

    @TempDir
    Path dir;

    private Ledger ledger;
    private CollectorKey key;

    @BeforeEach
    void openLedger() {
        ledger = Ledger.open(dir.resolve("ledger"));
        key = CollectorKey.loadOrCreate(dir.resolve("keys"));
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    private void append(String device, long fromMillis, int n) {
        ledger.append(Batches.power(device, fromMillis, n));
    }

    private void fourDevicesOverTwoDays() {
        for (int day = 0; day < 2; day++) {
            for (String device : List.of("press-1", "press-2", "press-3", "press-4")) {
                append(device, DAY1.toEpochMilli() + day * 86_400_000L, 10);
            }
        }
    }

    private EvidenceLog evidence(String name) {
        return new EvidenceLog(dir.resolve(name), ZONE, ledger, key, LedgerVerifierTest.ORIGIN);
    }

    /** Device, day, part, lateness, hash and count: what a leaf says, without its index and time. */
    private static List<String> parts(List<Leaf> leaves) {
        return leaves.stream().map(l -> l.device() + " " + l.day() + " " + l.part() + " " + l.late() + " " + l.chunkSha256()
                + " " + l.samples()).toList();
    }

    @Test
    void aSealInterruptedAfterSomePartsIsCompletedWithTheSamePartsAndNoneTwice() throws IOException {
        fourDevicesOverTwoDays();
        List<Leaf> reference = evidence("reference").leaves();
        EvidenceLog complete = evidence("reference");
        complete.seal(SEALED_AT);
        List<Leaf> expected = complete.leaves();
        assertThat(reference).isEmpty();
        assertThat(expected).hasSize(8);

        // The state a crash after the third part leaves: run file written, three leaves appended, offset not moved.
        EvidenceLog crashed = evidence("crashed");
        crashed.seal(SEALED_AT);
        Path log = dir.resolve("crashed");
        List<String> lines = Files.readAllLines(log.resolve("leaves.jsonl"));
        Files.write(log.resolve("leaves.jsonl"), lines.subList(0, 3));
        Files.writeString(log.resolve("sealed.offset"), "0");
        Files.writeString(log.resolve("sealing.run"), "0 " + ledger.nextSeq() + " 0\n");

        EvidenceLog reopened = evidence("crashed");
        assertThat(reopened.seal(SEALED_AT)).isEqualTo(5);
        assertThat(parts(reopened.leaves())).isEqualTo(parts(expected));
        assertThat(Files.exists(log.resolve("sealing.run"))).isFalse();
        assertThat(Files.exists(log.resolve("sealing"))).as("spill files removed").isFalse();
        assertThat(reopened.seal(SEALED_AT)).as("nothing left to seal").isZero();
        assertThat(LedgerVerifier.verify(ledger, reopened).problems()).isEmpty();
    }

    @Test
    void aLeafLineCutShortByACrashIsDroppedAndItsPartSealedAgain() throws IOException {
        fourDevicesOverTwoDays();
        EvidenceLog first = evidence("log");
        first.seal(SEALED_AT);
        List<Leaf> expected = first.leaves();
        Path log = dir.resolve("log");
        List<String> lines = Files.readAllLines(log.resolve("leaves.jsonl"));
        Files.write(log.resolve("leaves.jsonl"), lines.subList(0, 7));
        Files.writeString(log.resolve("leaves.jsonl"), lines.get(7).substring(0, 20), StandardOpenOption.APPEND);
        Files.writeString(log.resolve("sealed.offset"), "0");
        Files.writeString(log.resolve("sealing.run"), "0 " + ledger.nextSeq() + " 0\n");

        EvidenceLog reopened = evidence("log");
        assertThat(reopened.leaves()).hasSize(7);
        assertThat(reopened.seal(SEALED_AT)).isEqualTo(1);
        assertThat(parts(reopened.leaves())).isEqualTo(parts(expected));
    }

    @Test
    void aSealLargerThanItsMemoryBufferGroupsThroughSpillFilesIntoWholeChunks() {
        int perBatch = 10_000;
        for (int b = 0; b < 60; b++) { // 600,000 samples, above the 500,000 held in memory, interleaved by device
            append("press-" + (b % 3), DAY1.toEpochMilli() + (long) (b / 3) * perBatch * 1_000L, perBatch);
        }
        EvidenceLog log = evidence("log");
        log.seal(Instant.parse("2026-03-10T00:00:00Z"));
        assertThat(log.leaves()).extracting(Leaf::part).as("one part per device and day").containsOnly(0);
        for (String device : List.of("press-0", "press-1", "press-2")) {
            List<Long> times = new ArrayList<>();
            for (Leaf leaf : log.leaves()) {
                if (leaf.device().equals(device)) {
                    Chunk chunk = Chunk.decode(log.chunkBytes(leaf), leaf.chunkPath());
                    assertThat(chunk.samples()).hasSize(leaf.samples());
                    chunk.samples().forEach(sample -> times.add(sample.epochMillis()));
                }
            }
            assertThat(times).hasSize(20 * perBatch);
            for (int i = 0; i < times.size(); i++) {
                assertThat(times.get(i)).isEqualTo(DAY1.toEpochMilli() + i * 1_000L);
            }
        }
    }
}
