package io.plantproof.bench;

import io.plantproof.ledger.Ledger;
import io.plantproof.ledger.LedgerCursor;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Measures what a collector restart costs on a large ledger (not a test): opening it and seeking a drainer to
 * its end, with segment seals and without them (a ledger written before seals), next to one full verified read.
 * Options as {@code key=value}: {@code dir=} work folder, {@code records=100000} batches of {@code batch=200} samples.
 */
public final class LedgerRestartBench {

    private static final long T0 = 1_767_225_600_000L;

    private LedgerRestartBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> kv = BenchArgs.parse(args);
        Path dir = Path.of(kv.getOrDefault("dir", "bench/target/restart-bench"));
        int records = Integer.parseInt(kv.getOrDefault("records", "100000"));
        int batch = Integer.parseInt(kv.getOrDefault("batch", "200"));
        Path ledgerDir = dir.resolve("ledger");
        if (!Files.exists(ledgerDir)) {
            write(ledgerDir, records, batch);
        }
        long bytes;
        try (Stream<Path> s = Files.list(ledgerDir)) {
            bytes = s.mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf("ledger: %,d records of %d samples, %,d bytes on disk (segments gzip-compressed)%n",
                records, batch, bytes);
        restart("with seals", ledgerDir);
        removeSeals(ledgerDir);
        restart("without seals (first open of an older ledger writes them)", ledgerDir);
        restart("with the seals written back", ledgerDir);
        try (Ledger ledger = Ledger.open(ledgerDir)) {
            long start = System.nanoTime();
            long[] n = {0};
            ledger.read(0, e -> n[0] += e.batch().size());
            System.out.printf("full verified read with decoding (each drainer's start-up before seals): %,d samples in %.1f s%n",
                    n[0], (System.nanoTime() - start) / 1e9);
        }
    }

    private static void restart(String label, Path ledgerDir) {
        long start = System.nanoTime();
        try (Ledger ledger = Ledger.open(ledgerDir)) {
            long opened = System.nanoTime();
            try (LedgerCursor cursor = ledger.cursor().seek(ledger.nextSeq() - 1)) {
                int tail = cursor.next(10).size();
                long sought = System.nanoTime();
                System.out.printf("%s: open %.2f s, drainer seek to the last record %.2f s (%d read)%n", label,
                        (opened - start) / 1e9, (sought - opened) / 1e9, tail);
            }
        }
    }

    private static void write(Path ledgerDir, int records, int batch) throws InterruptedException {
        long start = System.nanoTime();
        try (Ledger ledger = Ledger.open(ledgerDir)) {
            int threads = 4;
            List<Thread> appenders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                Thread thread = new Thread(() -> {
                    for (int r = first; r < records; r += threads) {
                        List<Sample> samples = new ArrayList<>(batch);
                        for (int i = 0; i < batch; i++) {
                            samples.add(Sample.of("machine-" + (i % 50), "power", T0 + (long) r * batch + i, r + i * 0.5,
                                    Provenance.MEASURED));
                        }
                        ledger.append(new SampleBatch("bench", samples));
                    }
                });
                thread.start();
                appenders.add(thread);
            }
            for (Thread thread : appenders) {
                thread.join();
            }
        }
        System.out.printf("wrote %,d records in %.1f s%n", records, (System.nanoTime() - start) / 1e9);
    }

    private static void removeSeals(Path ledgerDir) throws IOException {
        try (Stream<Path> s = Files.list(ledgerDir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".seal")).toList()) {
                Files.delete(p);
            }
        }
    }
}
