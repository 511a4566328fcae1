package io.plantproof.evidence;

import io.plantproof.sample.Sample;
import io.plantproof.store.SampleSource;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Samples read back from evidence chunks, so the verifier and the builder feed the metric engine the
 * raw data itself. A scan streams day by day and parses only the scanned signal's block of each chunk; the
 * raw bytes of one device's chunks are kept while the engine scans its signals one after another. So memory
 * holds one device's bytes and one day of one signal per scanning thread, whatever the sampling rate or the number of
 * chunks. Parts of a day are applied in order: a later part's sample for the same time wins, as in the store.
 * Different devices may be scanned on different threads at once (each thread keeps its own device's bytes).
 */
public final class ChunkSource implements SampleSource {

    static final int PROGRESS_EVERY = 1000;
    /** A chunk's day is local to the plant: its samples lie within this much of the UTC day. */
    private static final long ZONE_SLACK_MS = ZoneOffset.MAX.getTotalSeconds() * 1000L;

    private final Map<String, List<Leaf>> leavesByDevice = new HashMap<>();
    private final Function<Leaf, byte[]> bytes;
    private final Consumer<String> progress;
    private final int total;
    private final AtomicInteger readCount = new AtomicInteger();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong samplesScanned = new AtomicLong();
    /** Per scanning thread: the device whose chunk bytes it holds, and those bytes by leaf index. */
    private final ThreadLocal<DeviceBytes> held = ThreadLocal.withInitial(DeviceBytes::new);

    private static final class DeviceBytes {
        private String device;
        private final Map<Long, byte[]> bytes = new HashMap<>();
    }

    /**
     * @param leaves the leaves whose chunks may be read, in log order
     * @param bytes  the chunk file of a leaf, already checked against the leaf's hash, called from the scanning threads; throws
     *               {@link IllegalArgumentException} naming the file when it cannot
     */
    public ChunkSource(List<Leaf> leaves, Function<Leaf, byte[]> bytes, Consumer<String> progress) {
        leaves.stream()
                .sorted(Comparator.comparing(Leaf::day).thenComparingInt(Leaf::part))
                .forEach(l -> leavesByDevice.computeIfAbsent(l.device(), k -> new ArrayList<>()).add(l));
        this.bytes = bytes;
        this.progress = progress;
        this.total = leaves.size();
    }

    /** Chunk bytes read so far (a chunk is read once per device scan, whatever the number of its signals). */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** Samples handed to scanners so far. */
    public long samplesScanned() {
        return samplesScanned.get();
    }

    /** A progress line: what this source delivered in {@code nanos} on {@code threads} threads, and how fast. */
    public static String throughput(String what, ChunkSource source, long nanos, int threads) {
        double seconds = nanos / 1e9;
        return String.format(java.util.Locale.ROOT, "%s from %,d chunk reads (%.0f MB) and %,d samples in %.1f s on %d "
                        + "thread(s): %,.0f samples/s, %.0f MB/s", what, source.readCount.get(), source.bytesRead() / 1e6,
                source.samplesScanned(), seconds, threads, source.samplesScanned() / seconds, source.bytesRead() / 1e6 / seconds);
    }

    /** Yes: each thread keeps its own device's bytes, and the chunk reader is called from several threads. */
    @Override
    public boolean concurrentScans() {
        return true;
    }

    @Override
    public void scan(String device, String signal, long fromMillis, long toMillis, Consumer<Sample> consumer) {
        if (fromMillis >= toMillis) {
            return;
        }
        DeviceBytes deviceBytes = held.get();
        if (!device.equals(deviceBytes.device)) {
            deviceBytes.device = device;
            deviceBytes.bytes.clear();
        }
        List<Leaf> leaves = leavesByDevice.getOrDefault(device, List.of());
        int i = 0;
        while (i < leaves.size()) {
            LocalDate day = leaves.get(i).day();
            List<Sample> merged = List.of();
            for (; i < leaves.size() && leaves.get(i).day().equals(day); i++) {
                if (overlaps(day, fromMillis, toMillis)) {
                    merged = laterWins(merged, part(leaves.get(i), signal, deviceBytes.bytes));
                }
            }
            long scanned = 0;
            for (Sample s : merged) {
                if (s.epochMillis() >= fromMillis && s.epochMillis() < toMillis) {
                    consumer.accept(s);
                    scanned++;
                }
            }
            samplesScanned.addAndGet(scanned);
        }
    }

    private static boolean overlaps(LocalDate day, long fromMillis, long toMillis) {
        long dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        return dayStart - ZONE_SLACK_MS < toMillis && dayStart + 86_400_000L + ZONE_SLACK_MS > fromMillis;
    }

    /** One signal's samples of a leaf's chunk, whose header must name the leaf's device, day and part. */
    private List<Sample> part(Leaf leaf, String signal, Map<Long, byte[]> deviceBytes) {
        String path = "chunks/" + leaf.chunkPath();
        byte[] raw = deviceBytes.computeIfAbsent(leaf.index(), k -> {
            int reads = readCount.incrementAndGet();
            if (reads % PROGRESS_EVERY == 0) {
                progress.accept("recomputing: " + reads + " chunk reads (" + total + " chunks in scope)");
            }
            byte[] read = bytes.apply(leaf);
            bytesRead.addAndGet(read.length);
            return read;
        });
        Chunk chunk = Chunk.decode(raw, path, signal);
        if (!chunk.device().equals(leaf.device()) || !chunk.day().equals(leaf.day()) || chunk.part() != leaf.part()) {
            throw new IllegalArgumentException(path + ": chunk header does not match leaf " + leaf.index()
                    + " (chunk sealed under another device or day)");
        }
        return chunk.samples();
    }

    /** Both lists sorted by time with one sample per time; on equal times the later part's sample is kept. */
    private static List<Sample> laterWins(List<Sample> earlier, List<Sample> later) {
        if (earlier.isEmpty()) {
            return later;
        }
        List<Sample> out = new ArrayList<>(earlier.size() + later.size());
        int a = 0;
        int b = 0;
        while (a < earlier.size() || b < later.size()) {
            if (b == later.size() || (a < earlier.size() && earlier.get(a).epochMillis() < later.get(b).epochMillis())) {
                out.add(earlier.get(a++));
            } else {
                if (a < earlier.size() && earlier.get(a).epochMillis() == later.get(b).epochMillis()) {
                    a++;
                }
                out.add(later.get(b++));
            }
        }
        return out;
    }
}
