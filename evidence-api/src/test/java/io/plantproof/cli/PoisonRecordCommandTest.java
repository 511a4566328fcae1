package io.plantproof.cli;

import io.plantproof.collector.DataDir;
import io.plantproof.plant.PlantFile;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The must-show for poison: a record QuestDB refuses (what anyone who can publish {@code {"ts":-1000}} to the
 * broker gets into the ledger) is quarantined with its reason, and every later command that waits for the store —
 * import, metrics, ledger checkpoint — finishes, also after a restart; {@code ledger quarantine} lists it.
 */
class PoisonRecordCommandTest {

    private static final Duration LIMIT = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    @Test
    void aPoisonRecordIsQuarantinedAndLaterImportsMetricsAndCheckpointsFinish() throws IOException {
        Path plantFile = Files.writeString(dir.resolve("plant.yml"), PlantFile.toYaml(SmallBundle.PLANT));
        try (DataDir data = DataDir.open(dir.resolve("data"), SmallBundle.PLANT)) {
            data.ledger().append(new SampleBatch("mqtt:gateway", List.of(
                    Sample.of("CNC-01", "power", -1_000, 5.0, Provenance.MEASURED))));
        }
        LocalDate day = LocalDate.now(SmallBundle.PLANT.zone()).minusDays(1);
        long start = day.atStartOfDay(SmallBundle.PLANT.zone()).toInstant().toEpochMilli();
        Path historian = Files.writeString(dir.resolve("historian.csv"), "ts,device,signal,value,quality\n"
                + start + ",CNC-01,count.total,10,0\n" + (start + 60_000) + ",CNC-01,count.total,20,0\n");

        SmallBundle.Run imported = run("import", "--config", plantFile.toString(), historian.toString());
        assertThat(imported.code()).as(imported.all()).isZero();

        SmallBundle.Run metrics = run("metrics", "--config", plantFile.toString(), "--type", "digital-workshop",
                "--baseline", day.minusYears(1) + ".." + day.minusYears(1), "--current", day + ".." + day);
        assertThat(metrics.code()).as(metrics.all()).isIn(0, 1);

        SmallBundle.Run checkpoint = run("ledger", "checkpoint", "--config", plantFile.toString());
        assertThat(checkpoint.code()).as(checkpoint.all()).isZero();

        SmallBundle.Run quarantine = run("ledger", "quarantine", "--config", plantFile.toString());
        assertThat(quarantine.code()).as(quarantine.all()).isZero();
        assertThat(quarantine.out()).contains("REFUSED ledger seq 0 sample 0 (CNC-01/power at -1000 ms, value 5.0): "
                + "timestamp -1000 ms is before 1970-01-01, which QuestDB cannot store").contains("1 sample(s) the store refused");
    }

    private static SmallBundle.Run run(String... args) {
        return assertTimeoutPreemptively(LIMIT, () -> SmallBundle.plantproof(args), String.join(" ", args) + " must finish");
    }
}
