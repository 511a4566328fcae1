package io.plantproof.exports;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static io.plantproof.exports.ExportFixtures.plant;
import static org.assertj.core.api.Assertions.assertThat;

/** The watched folder imports a file only once it is stable and files it under done/ or rejected/ with a report. */
class ExportFolderWatcherTest {

    @TempDir
    Path tmp;

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2025-08-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void stableFilesAreImportedAndFiledWithAReport() throws Exception {
        Path watch = Files.createDirectories(tmp.resolve("inbox"));
        ExportFixtures.RecordingSink sink = new ExportFixtures.RecordingSink();
        ManualClock clock = new ManualClock();
        ExportImporter importer = new ExportImporter(plant(), sink, tmp.resolve("originals"), s -> { });
        ExportFolderWatcher watcher = new ExportFolderWatcher(importer, watch, Duration.ofSeconds(10), clock);

        Path good = watch.resolve("人员.csv");
        Files.writeString(good, "日期,车间,人数\n2025-07-01,W1,40\n", StandardCharsets.UTF_8);
        Path bad = watch.resolve("人员-坏.csv");
        Files.writeString(bad, "日期,车间,人数\n2025-07-01,W9,40\n2025-07-02,W1,-3\n", StandardCharsets.UTF_8);

        assertThat(watcher.poll()).as("first sight starts the stability clock").isEmpty();
        clock.now = clock.now.plusSeconds(5);
        Files.writeString(good, "日期,车间,人数\n2025-07-01,W1,41\n", StandardCharsets.UTF_8); // still being written
        assertThat(watcher.poll()).isEmpty();
        clock.now = clock.now.plusSeconds(6);
        assertThat(watcher.poll()).as("bad.csv is stable for 11 s, good.csv changed 6 s ago")
                .extracting(ImportResult::file).containsExactly("人员-坏.csv");
        clock.now = clock.now.plusSeconds(5);
        assertThat(watcher.poll()).extracting(ImportResult::file).containsExactly("人员.csv");

        assertThat(watch.resolve("done/人员.csv")).exists();
        assertThat(Files.readString(watch.resolve("done/人员.csv.report.txt"))).contains("status: ACCEPTED", "bad rows: none");
        assertThat(sink.value("W1", io.plantproof.sample.Signals.REPORT_HEADCOUNT, ExportFixtures.day("2025-07-01")))
                .isEqualTo(41);
        String report = Files.readString(watch.resolve("rejected/人员-坏.csv.report.txt"));
        assertThat(report).contains("status: REJECTED", "row 2 column 车间 (column 2) ('W9')", "row 3 column 人数 (column 3) ('-3'): negative");
        assertThat(watch).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".csv"));
    }

    @Test
    void aNewVersionWithTheSameNameIsFiledBesideTheOld() throws Exception {
        Path watch = Files.createDirectories(tmp.resolve("inbox"));
        ManualClock clock = new ManualClock();
        ExportFolderWatcher watcher = new ExportFolderWatcher(new ExportImporter(plant(), new ExportFixtures.RecordingSink(),
                tmp.resolve("originals"), s -> { }), watch, Duration.ZERO, clock);
        Files.writeString(watch.resolve("人员.csv"), "日期,车间,人数\n2025-07-01,W1,40\n");
        watcher.poll();
        Files.writeString(watch.resolve("人员.csv"), "日期,车间,人数\n2025-07-01,W1,42\n");
        ImportResult second = watcher.poll().get(0);

        assertThat(second.earlierVersions()).hasSize(1);
        Path kept = watch.resolve("done/人员.csv." + second.sha256().substring(0, 12));
        assertThat(Files.readString(kept)).contains(",42");
        assertThat(Files.readString(watch.resolve("done/人员.csv"))).contains(",40");
        assertThat(Files.readString(kept.resolveSibling(kept.getFileName() + ".report.txt")))
                .contains("earlier versions (sha256), kept: [" + second.earlierVersions().get(0));
    }
}
