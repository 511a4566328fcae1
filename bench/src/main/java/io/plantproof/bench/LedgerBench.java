package io.plantproof.bench;

import io.plantproof.collector.StoreWriter;
import io.plantproof.ledger.Ledger;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.store.QuestDbStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the ledger's group commit and the collector's ingest path, printing figures (not a test):
 * append latency percentiles with concurrent appenders, and sustained samples/s from ledger append
 * through the store writer into the embedded QuestDB. Options as {@code key=value} arguments, see {@link #main}.
 */
public final class LedgerBench {

    private static final long T0 = 1_767_225_600_000L;

    private LedgerBench() {
    }

    /**
     * {@code dir=} work folder (a fresh temp folder by default; use real disk, not tmpfs, for honest fsyncs),
     * {@code batch=200} samples per batch, {@code appenders=1,4,16} for the latency runs,
     * {@code seconds=10} per latency run, {@code pipelineAppenders=8}, {@code pipelineSeconds=30}.
     */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        System.out.printf("ledger bench: %d samples per batch, work folder %s, %d CPUs%n", o.batch, o.dir,
                Runtime.getRuntime().availableProcessors());
        for (int appenders : o.appenders) {
            latency(o, appenders);
        }
        pipeline(o);
    }

    /** Appenders hammer the ledger alone; each append's wall time is one latency sample. */
    private static void latency(Options o, int appenders) throws Exception {
        Path dir = Files2.fresh(o.dir.resolve("latency-" + appenders));
        try (Ledger ledger = Ledger.open(dir)) {
            List<long[]> perThread = run(ledger, appenders, o.batch, o.seconds);
            long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            Ledger.Status status = ledger.status();
            System.out.printf("append latency, %2d appenders: %,9d batches in %d s = %,10.0f samples/s; "
                            + "p50 %6.2f ms, p95 %6.2f ms, p99 %6.2f ms, max %6.2f ms; %.1f batches per fsync%n",
                    appenders, all.length, o.seconds, (double) all.length * o.batch / o.seconds,
                    pct(all, 0.50), pct(all, 0.95), pct(all, 0.99), all[all.length - 1] / 1e6,
                    (double) status.records() / status.fsyncs());
        }
    }

    /** Appenders feed the ledger while the store writer drains it into QuestDB; the clock stops when all is visible. */
    private static void pipeline(Options o) throws Exception {
        Path dir = Files2.fresh(o.dir.resolve("pipeline"));
        try (Ledger ledger = Ledger.open(dir.resolve("ledger")); QuestDbStore store = QuestDbStore.open(dir)) {
            StoreWriter writer = new StoreWriter(ledger, store, dir.resolve("store.offset")).start();
            long start = System.nanoTime();
            List<long[]> latencies = run(ledger, o.pipelineAppenders, o.batch, o.pipelineSeconds);
            long appended = System.nanoTime();
            long backlogAtEnd = writer.backlog();
            writer.drain();
            long visible = System.nanoTime();
            writer.close();
            long batches = latencies.stream().mapToLong(l -> l.length).sum();
            long samples = batches * o.batch;
            long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            long stored = 0;
            for (int d = 0; d < o.pipelineAppenders; d++) {
                stored += store.count("machine-" + d, "power", Long.MIN_VALUE, Long.MAX_VALUE);
            }
            System.out.printf("ledger -> QuestDB, %d appenders for %d s: %,d samples appended at %,.0f samples/s; "
                            + "store backlog when the load stopped %,d batches; all %,d visible in the store after "
                            + "%.1f s = %,.0f samples/s end to end; append p50 %.2f ms, p99 %.2f ms; ledger %s on disk%n",
                    o.pipelineAppenders, o.pipelineSeconds, samples, samples / secs(appended - start), backlogAtEnd,
                    stored, secs(visible - start), stored / secs(visible - start), pct(all, 0.5), pct(all, 0.99),
                    humanSize(dir.resolve("ledger")));
            if (stored != samples) {
                throw new IllegalStateException("store holds " + stored + " of " + samples + " samples");
            }
        }
    }

    /**
     * {@code appenders} threads append batches of {@code batch} samples as fast as the ledger takes them
     * for {@code seconds}; appender d writes device machine-d, signal "power", consecutive timestamps.
     */
    private static List<long[]> run(Ledger ledger, int appenders, int batch, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long[][] results = new long[appenders][];
        List<Thread> threads = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        for (int d = 0; d < appenders; d++) {
            String device = "machine-" + d;
            int index = d;
            Thread t = new Thread(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                long ts = T0;
                while (System.nanoTime() < deadline) {
                    List<Sample> samples = new ArrayList<>(batch);
                    for (int i = 0; i < batch; i++) {
                        samples.add(Sample.of(device, "power", ts++, i, Provenance.MEASURED));
                    }
                    SampleBatch b = new SampleBatch("bench:" + device, samples);
                    long s = System.nanoTime();
                    try {
                        ledger.append(b);
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        continue;
                    }
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = System.nanoTime() - s;
                }
                results[index] = Arrays.copyOf(lat, n);
            }, "appender-" + d);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " appends failed");
        }
        // join() makes each thread's results visible here
        return List.of(results);
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    private static double secs(long nanos) {
        return nanos / 1e9;
    }

    private static String humanSize(Path dir) throws IOException {
        return String.format("%.1f MB", Files2.size(dir) / 1e6);
    }

    /** Parsed {@code key=value} arguments. */
    private record Options(Path dir, int batch, int[] appenders, int seconds, int pipelineAppenders, int pipelineSeconds) {

        static Options parse(String[] args) throws IOException {
            java.util.Map<String, String> kv = BenchArgs.parse(args);
            Path dir = kv.containsKey("dir") ? Path.of(kv.get("dir")) : Files.createTempDirectory("plantproof-bench");
            return new Options(dir,
                    Integer.parseInt(kv.getOrDefault("batch", "200")),
                    Arrays.stream(kv.getOrDefault("appenders", "1,4,16").split(",")).mapToInt(Integer::parseInt).toArray(),
                    Integer.parseInt(kv.getOrDefault("seconds", "10")),
                    Integer.parseInt(kv.getOrDefault("pipelineAppenders", "8")),
                    Integer.parseInt(kv.getOrDefault("pipelineSeconds", "30")));
        }
    }
}
