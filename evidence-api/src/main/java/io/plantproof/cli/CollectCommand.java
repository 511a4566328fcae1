package io.plantproof.cli;

import io.plantproof.anchoring.AnchorQueue;
import io.plantproof.collector.Connectors;
import io.plantproof.collector.DataDir;
import io.plantproof.exports.ExportFolderWatcher;
import io.plantproof.exports.ExportImporter;
import io.plantproof.ledger.EvidenceSchedule;
import io.plantproof.plant.Plant;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code plantproof collect}: runs the plant's connectors, the export folder watcher and the evidence schedule until
 * stopped; every checkpoint is submitted to the plant file's witness (and the daily one to its TSA) until anchored.
 */
@Command(name = "collect", description = "run the plant's connectors until stopped")
final class CollectCommand extends PlantCommand {

    @Mixin
    PlantFileOption config;

    @Override
    public Integer call() throws InterruptedException {
        PlantConfig config = this.config.load();
        Plant plant = config.plant();
        PrintWriter err = err();
        try (DataDir data = DataDir.open(config.dataDir(), plant);
             Connectors connectors = data.connectors(plant).start();
             AnchorQueue anchors = new AnchorQueue(data.anchoring(), data.meters());
             EvidenceSchedule schedule = new EvidenceSchedule(data.evidence(), plant.zone(), EvidenceSchedule.Settings.defaults(),
                     Clock.systemUTC(), anchors).start();
             ExportFolderWatcher watcher = exportWatcher(config, data, err)) {
            err.println("collecting into " + config.dataDir() + "; collector key " + data.key().fingerprint()
                    + (watcher == null ? "" : "; watching " + config.baseDir().resolve(plant.exports().watchDir()))
                    + "; Ctrl-C stops");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            while (!stop.await(60, TimeUnit.SECONDS)) {
                err.println(Instant.now() + " " + connectors.status() + "store backlog " + data.writer().backlog()
                        + ", ledger " + data.ledger().status());
            }
        }
        return 0;
    }

    /** The watched export folder of the plant file, or {@code null} when none is configured. */
    private static ExportFolderWatcher exportWatcher(PlantConfig config, DataDir data, PrintWriter err) {
        String dir = config.plant().exports().watchDir();
        if (dir == null) {
            return null;
        }
        ExportImporter importer = new ExportImporter(config.plant(), data.ledger(), data.originals(), err::println);
        return new ExportFolderWatcher(importer, config.baseDir().resolve(dir),
                Duration.ofSeconds(config.plant().exports().stableSeconds()), Clock.systemUTC())
                .start(Duration.ofSeconds(10));
    }
}
