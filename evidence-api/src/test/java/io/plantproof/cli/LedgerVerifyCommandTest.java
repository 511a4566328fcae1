package io.plantproof.cli;

import io.plantproof.evidence.LogOrigin;
import io.plantproof.ledger.CollectorKey;
import io.plantproof.ledger.EvidenceLog;
import io.plantproof.ledger.Ledger;
import io.plantproof.merkle.Hashes;
import io.plantproof.plant.Plant;
import io.plantproof.plant.PlantFile;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The must-show for damage: one byte flipped in the middle of the active segment. {@code ledger verify} reads
 * only (every file byte-identical after), exits 1 and names the segment, byte range and record range, also as records
 * the evidence log was sealed from; the collector opening the folder deletes nothing and reads every other record.
 */
class LedgerVerifyCommandTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final long T0 = Instant.parse("2026-03-01T02:00:00Z").toEpochMilli();
    private static final int RECORDS = 100;

    @TempDir
    Path dir;

    private static SampleBatch batch(long i) {
        List<Sample> samples = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            samples.add(Sample.of("CNC-01", "power", T0 + (i * 10 + k) * 1_000L, i, Provenance.MEASURED));
        }
        return new SampleBatch("test", samples);
    }

    @Test
    void aFlippedByteMidSegmentIsReportedWithItsRangeNothingIsDeletedAndLaterRecordsStayReadable() throws IOException {
        Path plantFile = Files.copy(Path.of("../deploy/plant.example.yml"), dir.resolve("plant.yml"));
        Path data = dir.resolve("data");
        try (Ledger ledger = Ledger.open(data.resolve("ledger"))) {
            for (long i = 0; i < RECORDS; i++) {
                ledger.append(batch(i));
            }
            Plant plant = PlantFile.load(plantFile);
            EvidenceLog evidence = new EvidenceLog(data.resolve("evidence"), ZONE, ledger, CollectorKey.loadOrCreate(data.resolve("keys")),
                    LogOrigin.of(plant.enterprise(), plant.evidence().collectorId()));
            evidence.seal(Instant.parse("2026-03-05T00:00:00Z"));
            evidence.checkpoint(Instant.parse("2026-03-05T00:00:00Z"));
        }
        SmallBundle.Run clean = SmallBundle.plantproof("ledger", "verify", "--config", plantFile.toString());
        assertThat(clean.code()).as(clean.all()).isZero();
        assertThat(clean.out()).contains("ledger: " + RECORDS + " records").contains("ledger verify: OK");

        Path segment = data.resolve("ledger/segment-0000000000000000.log");
        long record = Files.size(segment) / RECORDS;
        long flipped = 50 * record + record / 2;
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(flipped);
            int b = f.read();
            f.seek(flipped);
            f.write(b ^ 0x08);
        }
        Map<String, String> before = fingerprints(data);

        SmallBundle.Run damaged = SmallBundle.plantproof("ledger", "verify", "--config", plantFile.toString());

        assertThat(damaged.code()).as(damaged.all()).isEqualTo(1);
        assertThat(damaged.out())
                .contains("ledger: " + (RECORDS - 1) + " records")
                .contains("FAIL ledger segment-0000000000000000.log: bytes " + 50 * record + ".." + 51 * record
                        + ": seq 50 at byte " + 50 * record + " fails its CRC")
                .contains("record 50 unreadable; reading resumes at seq 51")
                .contains("FAIL evidence log: records 50..50 were sealed into leaves but are unreadable in the ledger now")
                .contains("FAIL leaves 0 (CNC-01 on 2026-03-01): hold 1000 samples but the ledger's sealed records now hold only 990")
                .contains("ledger verify: 3 problem(s)");
        assertThat(fingerprints(data)).as("verify reads only").isEqualTo(before);

        try (Ledger collector = Ledger.open(data.resolve("ledger"))) {
            List<Long> values = new ArrayList<>();
            collector.read(0, e -> values.add((long) e.batch().samples().get(0).value()));
            assertThat(values).isEqualTo(LongStream.range(0, RECORDS).filter(i -> i != 50).boxed().toList());
            assertThat(collector.recovery().tornTailBytes()).isZero();
            assertThat(collector.recovery().damage()).singleElement().satisfies(d -> {
                assertThat(d.segment()).isEqualTo(segment.getFileName().toString());
                assertThat(d.firstLostSeq()).isEqualTo(50);
                assertThat(d.resumeSeq()).isEqualTo(51);
            });
            assertThat(collector.status().healthy()).isFalse();
            assertThat(collector.append(batch(RECORDS))).as("appending goes on in a new segment").isEqualTo(RECORDS);
        }
        assertThat(Hashes.sha256Hex(Files.readAllBytes(segment))).as("the damaged segment is kept as it is")
                .isEqualTo(before.get("ledger/segment-0000000000000000.log"));
    }

    /** SHA-256 of every file under {@code root}, by relative path. */
    private static Map<String, String> fingerprints(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Hashes.sha256Hex(Files.readAllBytes(p)));
            }
        }
        return out;
    }
}
