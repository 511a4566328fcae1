package io.plantproof.exports;

import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.SampleSink;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark: generates a historian CSV of N rows (default 1,000,000), imports it with a counting sink and prints
 * rows/s and the peak heap. Run under a heap cap to prove bounded memory, e.g. from connectors/ after a test build:
 * {@code java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/cp.txt)" io.plantproof.exports.HistorianImportBenchmark}
 * ({@link HistorianMillionRowsTest} does exactly this in a child JVM).
 */
public final class HistorianImportBenchmark {

    private HistorianImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("historian-bench");
        Path csv = dir.resolve("historian.csv");
        long t0 = ExportFixtures.day("2025-07-01");
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("ts,device,signal,value,quality\n");
            for (int i = 0; i < rows; i++) {
                // two devices alternating, one reading every second each
                w.write((t0 + (i / 2) * 1000L) + (i % 2 == 0 ? ",M1,power," : ",M2,power,") + (i % 997) / 10.0 + ",0\n");
            }
        }
        long[] samples = {0};
        int[] largestBatch = {0};
        SampleSink counting = (SampleBatch b) -> {
            samples[0] += b.size();
            largestBatch[0] = Math.max(largestBatch[0], b.size());
        };
        long start = System.nanoTime();
        ImportResult r = new ExportImporter(ExportFixtures.plant(), counting, dir.resolve("originals"), System.out::println)
                .importFile(csv);
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("status=%s rows=%d samples=%d largestBatch=%d seconds=%.2f rowsPerSecond=%.0f "
                        + "fileMB=%.1f peakHeapMB=%.0f maxHeapMB=%.0f%n", r.status(), r.rows(), samples[0], largestBatch[0],
                seconds, r.rows() / seconds, Files.size(csv) / 1e6, peak / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        System.exit(r.status() == ImportResult.Status.ACCEPTED && samples[0] == rows ? 0 : 1);
    }
}
