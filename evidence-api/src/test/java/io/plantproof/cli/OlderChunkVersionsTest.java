package io.plantproof.cli;

import io.plantproof.collector.DataDir;
import io.plantproof.evidence.BundleBuilder;
import io.plantproof.evidence.Leaf;
import io.plantproof.ledger.CollectorKey;
import io.plantproof.merkle.Hashes;
import io.plantproof.metrics.Period;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static io.plantproof.cli.SmallBundle.PLANT;
import static io.plantproof.cli.SmallBundle.plantproof;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A log sealed partly by a release that wrote chunk version 2 still makes a bundle that verifies: each chunk
 * names its own version, so the baseline's version-2 chunks and the current period's version-3 ones mix.
 */
class OlderChunkVersionsTest {

    private static final String V2 = "# plantproof-chunk 2\n";
    private static final String V3 = "# plantproof-chunk 3\n";

    @TempDir
    Path dir;

    @Test
    void aBundleMixingVersionTwoAndThreeChunksVerifies() throws IOException {
        ZoneId zone = PLANT.zone();
        LocalDate yesterday = LocalDate.now(zone).minusDays(1);
        Period current = new Period(yesterday, yesterday);
        Period baseline = new Period(yesterday.minusYears(1), yesterday.minusYears(1));
        Path root = dir.resolve("data");
        Path bundle = dir.resolve("bundle.zip");
        try (DataDir data = DataDir.open(root, PLANT)) {
            SmallBundle.fill(data, baseline, zone, false);
            data.writer().drain();
            data.evidence().seal(Instant.now());
            downgradeToVersionTwo(data.evidence().dir(), data.evidence().leaves());
        }
        try (DataDir data = DataDir.open(root, PLANT)) {
            SmallBundle.fill(data, current, zone, true);
            new BundleBuilder(data, PLANT, s -> { }).build("digital-workshop", baseline, current,
                    PeriodOptions.workshops(PLANT, null), bundle);
        }

        SmallBundle.Run run = plantproof("evidence", "verify", bundle.toString(),
                "--key", CollectorKey.loadOrCreate(root.resolve("keys")).fingerprint());

        // nothing fails; without witness or TSA in this plant the time is not established, so the verdict is exit 4
        assertThat(run.code()).as(run.all()).isEqualTo(4);
        assertThat(run.out()).startsWith("INTACT-NOT-ANCHORED").doesNotContainPattern("(?m)^FAIL").containsPattern("PASS\\s+oee");
        Map<String, byte[]> entries = SmallBundle.entries(bundle);
        assertThat(text(entries, "chunks/" + baseline.from())).startsWith(V2);
        assertThat(text(entries, "chunks/" + current.from())).startsWith(V3).contains(";3\n");
    }

    /** Rewrites the sealed chunks as the release before version 3 sealed them, and their leaves' hashes to match. */
    private static void downgradeToVersionTwo(Path evidence, List<Leaf> leaves) throws IOException {
        Path index = evidence.resolve("leaves.jsonl");
        String leafLines = Files.readString(index);
        for (Leaf leaf : leaves) {
            Path chunk = evidence.resolve("chunks").resolve(leaf.chunkPath());
            String v3 = Files.readString(chunk);
            // Without server times a version-3 chunk is its version-2 form under another magic line.
            assertThat(v3).startsWith(V3).doesNotContain(";");
            byte[] v2 = (V2 + v3.substring(V3.length())).getBytes(StandardCharsets.UTF_8);
            Files.write(chunk, v2);
            leafLines = leafLines.replace(leaf.chunkSha256(), Hashes.sha256Hex(v2));
        }
        Files.writeString(index, leafLines);
    }

    private static String text(Map<String, byte[]> entries, String prefix) {
        return new String(entries.get(SmallBundle.first(entries, prefix)), StandardCharsets.UTF_8);
    }
}
