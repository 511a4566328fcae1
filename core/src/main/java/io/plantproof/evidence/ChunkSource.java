package io.plantproof.evidence;

import io.plantproof.sample.Sample;
import io.plantproof.store.SampleSource;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Samples read back from evidence chunks, so the verifier and the builder feed the metric engine the
 * raw data itself. Chunks are loaded on demand and only one device's samples are held at a time (the
 * engine scans device by device), so memory stays flat however many chunks a bundle has. Parts are
 * applied in order: a later part's sample for the same key wins, as in the store.
 */
public final class ChunkSource implements SampleSource {

    static final int PROGRESS_EVERY = 1000;
    /** A chunk's day is local to the plant: its samples lie within this much of the UTC day. */
    private static final long ZONE_SLACK_MS = ZoneOffset.MAX.getTotalSeconds() * 1000L;

    private final Map<String, List<Leaf>> leavesByDevice = new HashMap<>();
    private final Function<Leaf, Chunk> loader;
    private final Consumer<String> progress;
    private final int total;
    private int loadedCount;

    private String device;
    private final Set<Long> loaded = new HashSet<>();
    private final Map<String, Sample[]> series = new HashMap<>();

    /**
     * @param leaves the leaves whose chunks may be read, in log order
     * @param loader reads and checks the chunk of a leaf; throws {@link IllegalArgumentException} naming the file
     */
    public ChunkSource(List<Leaf> leaves, Function<Leaf, Chunk> loader, Consumer<String> progress) {
        leaves.stream()
                .sorted(Comparator.comparing(Leaf::day).thenComparingInt(Leaf::part))
                .forEach(l -> leavesByDevice.computeIfAbsent(l.device(), k -> new ArrayList<>()).add(l));
        this.loader = loader;
        this.progress = progress;
        this.total = leaves.size();
    }

    @Override
    public void scan(String device, String signal, long fromMillis, long toMillis, Consumer<Sample> consumer) {
        if (fromMillis >= toMillis) {
            return;
        }
        load(device, fromMillis, toMillis);
        Sample[] s = series.get(signal);
        if (s == null) {
            return;
        }
        for (int i = firstAtOrAfter(s, fromMillis); i < s.length && s[i].epochMillis() < toMillis; i++) {
            consumer.accept(s[i]);
        }
    }

    /** Makes the device's samples in [from, to) available, dropping the previous device's. */
    private void load(String device, long fromMillis, long toMillis) {
        if (!device.equals(this.device)) {
            this.device = device;
            loaded.clear();
            series.clear();
        }
        Map<String, List<Sample>> added = new HashMap<>();
        for (Leaf leaf : leavesByDevice.getOrDefault(device, List.of())) {
            long dayStart = leaf.day().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            boolean overlaps = dayStart - ZONE_SLACK_MS < toMillis && dayStart + 86_400_000L + ZONE_SLACK_MS > fromMillis;
            if (overlaps && loaded.add(leaf.index())) {
                loader.apply(leaf).samples().forEach(s -> added.computeIfAbsent(s.signal(), k -> new ArrayList<>()).add(s));
                if (++loadedCount % PROGRESS_EVERY == 0) {
                    progress.accept("recomputing: " + loadedCount + " chunk reads (" + total + " chunks in scope)");
                }
            }
        }
        added.forEach((signal, samples) -> series.put(signal, merge(series.get(signal), samples)));
    }

    /** Sorts by time keeping the last loaded sample per timestamp (later parts are loaded later). */
    private static Sample[] merge(Sample[] have, List<Sample> added) {
        List<Sample> all = new ArrayList<>(have == null ? List.of() : Arrays.asList(have));
        all.addAll(added);
        all.sort(Comparator.comparingLong(Sample::epochMillis));
        List<Sample> out = new ArrayList<>(all.size());
        for (Sample s : all) {
            if (!out.isEmpty() && out.get(out.size() - 1).epochMillis() == s.epochMillis()) {
                out.set(out.size() - 1, s);
            } else {
                out.add(s);
            }
        }
        return out.toArray(new Sample[0]);
    }

    private static int firstAtOrAfter(Sample[] s, long millis) {
        int lo = 0;
        int hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid].epochMillis() < millis) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
