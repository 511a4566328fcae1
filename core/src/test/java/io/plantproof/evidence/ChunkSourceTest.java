package io.plantproof.evidence;

import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkSourceTest {

    private static final LocalDate DAY = LocalDate.of(2025, 3, 1);
    private static final long START = DAY.atStartOfDay(ZoneOffset.ofHours(8)).toInstant().toEpochMilli();

    private final Map<Long, Chunk> chunks = new HashMap<>();
    private final List<Leaf> leaves = new ArrayList<>();
    private final List<Long> reads = new ArrayList<>();

    private void seal(Chunk chunk) {
        Leaf leaf = new Leaf(leaves.size(), chunk.device(), chunk.day(), chunk.part(), chunk.part() > 0, "", chunk.samples().size(), null);
        leaves.add(leaf);
        chunks.put(leaf.index(), chunk);
    }

    private ChunkSource source() {
        return new ChunkSource(leaves, leaf -> {
            reads.add(leaf.index());
            return chunks.get(leaf.index()).encode();
        }, s -> { });
    }

    private static List<Double> values(ChunkSource source, String device, long from, long to) {
        List<Double> out = new ArrayList<>();
        source.scan(device, "count.total", from, to, s -> out.add(s.value()));
        return out;
    }

    @Test
    void laterPartWinsAndTheRangeEndIsExclusive() {
        seal(new Chunk("M1", DAY, 0, List.of(sample("M1", 0, 1), sample("M1", 1, 2), sample("M1", 2, 3))));
        seal(new Chunk("M1", DAY, 1, List.of(sample("M1", 1, 20))));
        ChunkSource source = source();
        assertThat(values(source, "M1", START, START + 2 * 60_000)).containsExactly(1.0, 20.0);
        assertThat(values(source, "M1", START + 60_000, START + 10 * 60_000)).containsExactly(20.0, 3.0);
        assertThat(values(source, "M1", START, START)).isEmpty();
    }

    @Test
    void onlyTheChunksOfTheScannedDeviceAndDaysAreRead() {
        seal(new Chunk("M1", DAY, 0, List.of(sample("M1", 0, 1))));
        seal(new Chunk("M2", DAY, 0, List.of(sample("M2", 0, 5))));
        seal(new Chunk("M1", DAY.plusDays(10), 0, List.of(sample("M1", 10 * 1440, 9))));
        ChunkSource source = source();
        assertThat(values(source, "M1", START, START + 86_400_000L)).containsExactly(1.0);
        assertThat(reads).containsExactly(0L);
        assertThat(values(source, "M2", START, START + 86_400_000L)).containsExactly(5.0);
        assertThat(values(source, "M1", START, START + 11 * 86_400_000L)).containsExactly(1.0, 9.0);
        assertThat(reads).containsExactly(0L, 1L, 0L, 2L);
    }

    private static Sample sample(String device, int minute, double value) {
        return Sample.of(device, "count.total", START + minute * 60_000L, value, Provenance.MEASURED);
    }
}
