package io.plantproof.cli;

import io.plantproof.collector.DataDir;
import io.plantproof.evidence.BundleJson;
import io.plantproof.evidence.Checkpoint;
import io.plantproof.ledger.CollectorKey;
import io.plantproof.ledger.LedgerReader;
import io.plantproof.ledger.LedgerVerifier;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;

/**
 * {@code plantproof ledger verify|checkpoint}: checks the local ledger and evidence log, or exports a signed checkpoint.
 */
@Command(name = "ledger", description = "check the local log or export a signed checkpoint",
        subcommands = {LedgerCommands.Verify.class, LedgerCommands.CheckpointCommand.class})
final class LedgerCommands {

    private LedgerCommands() {
    }

    /**
     * Re-reads the ledger and the evidence log reading only: nothing is recovered, sealed, cut or created, so it can run
     * beside a running collector or on a copy of a damaged folder and leaves every file byte-identical. Exit 1 when a
     * record, leaf or checkpoint does not check.
     */
    @Command(name = "verify", description = "check the local ledger and evidence log (reads only)")
    static final class Verify extends PlantCommand {

        @Mixin
        PlantFileOption config;

        @Override
        public Integer call() {
            PlantConfig config = this.config.load();
            Path data = config.dataDir();
            if (!Files.isDirectory(data)) {
                throw new UsageException("data folder " + data + " does not exist or is not a folder (dataDir in " + this.config.file + ")");
            }
            Map<String, PublicKey> keys = CollectorKey.readPublicKeys(data.resolve("keys"));
            LedgerVerifier.Result result = LedgerVerifier.verify(LedgerReader.openReadOnly(data.resolve("ledger")),
                    data.resolve("evidence"), keys, config.plant().zone());
            out().println("ledger: " + result.ledgerRecords() + " records; evidence log: " + result.leaves() + " leaves, "
                    + result.checkpoints() + " checkpoints; key " + (keys.isEmpty() ? "none yet" : keys.keySet().iterator().next()));
            result.notes().forEach(n -> out().println("NOTE " + n));
            result.problems().forEach(p -> out().println("FAIL " + p.subject() + ": " + p.detail()));
            out().println(result.ok() ? "ledger verify: OK" : "ledger verify: " + result.problems().size() + " problem(s)");
            return result.ok() ? 0 : 1;
        }
    }

    /** Seals what is due and prints (and optionally writes) a signed checkpoint of the evidence log. */
    @Command(name = "checkpoint", description = "export a signed checkpoint of the evidence log")
    static final class CheckpointCommand extends PlantCommand {

        @Mixin
        PlantFileOption config;

        @Option(names = "--out", paramLabel = "FILE", description = "also write the checkpoint to this file")
        Path file;

        @Override
        public Integer call() {
            PlantConfig config = this.config.load();
            try (DataDir data = DataDir.open(config.dataDir(), config.plant())) {
                data.writer().drain();
                data.evidence().seal(Instant.now());
                Checkpoint cp = data.evidence().checkpoint(Instant.now());
                String json = BundleJson.MAPPER.writeValueAsString(cp);
                if (file != null) {
                    Files.writeString(file, json);
                }
                out().println(json);
            } catch (IOException e) {
                throw new UsageException("cannot write " + file + ": " + e.getMessage());
            }
            return 0;
        }
    }
}
