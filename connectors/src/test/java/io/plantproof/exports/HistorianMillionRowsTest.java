package io.plantproof.exports;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 1,000,000-row historian CSV imports in a child JVM capped at -Xmx512m, in batches of at most 10,000, with
 * progress every 100,000 rows. Tagged {@code benchmark}; takes about 10-20 s on two cores.
 */
@Tag("benchmark")
class HistorianMillionRowsTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void millionRowsImportUnder512MbHeap() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                HistorianImportBenchmark.class.getName(), "1000000").redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
                System.out.println(line);
            }
        }
        assertThat(p.waitFor()).as(String.join("\n", lines)).isZero();
        assertThat(lines).anyMatch(l -> l.startsWith("status=ACCEPTED rows=1000000 samples=1000000 largestBatch=10000 "));
        assertThat(lines).contains("historian.csv: 1000000 rows checked", "historian.csv: 1000000 rows imported");
        assertThat(lines).noneMatch(l -> l.contains("OutOfMemoryError"));
    }
}
