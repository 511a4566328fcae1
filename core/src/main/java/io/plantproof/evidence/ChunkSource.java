package io.plantproof.evidence;

import io.plantproof.sample.Sample;
import io.plantproof.store.SampleSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Samples read back from evidence chunks, so the verifier feeds the metric engine the raw data
 * itself. Parts are applied in order: a later part's sample for the same key wins, as in the store.
 */
public final class ChunkSource implements SampleSource {

    private final Map<String, NavigableMap<Long, Sample>> series = new HashMap<>();

    public ChunkSource(List<Chunk> chunks) {
        chunks.stream()
                .sorted(java.util.Comparator.comparing(Chunk::day).thenComparing(Chunk::device).thenComparingInt(Chunk::part))
                .forEach(c -> c.samples().forEach(s ->
                        series.computeIfAbsent(s.device() + '\u0000' + s.signal(), k -> new TreeMap<>()).put(s.epochMillis(), s)));
    }

    @Override
    public void scan(String device, String signal, long fromMillis, long toMillis, Consumer<Sample> consumer) {
        NavigableMap<Long, Sample> s = series.get(device + '\u0000' + signal);
        if (s != null && fromMillis < toMillis) {
            s.subMap(fromMillis, true, toMillis, false).values().forEach(consumer);
        }
    }
}
