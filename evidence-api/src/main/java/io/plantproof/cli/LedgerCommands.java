package io.plantproof.cli;

import io.plantproof.collector.DataDir;
import io.plantproof.evidence.BundleJson;
import io.plantproof.evidence.Checkpoint;
import io.plantproof.ledger.LedgerVerifier;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code plantproof ledger verify|checkpoint}: checks the local ledger and evidence log, or exports a signed checkpoint.
 */
@Command(name = "ledger", description = "check the local log or export a signed checkpoint",
        subcommands = {LedgerCommands.Verify.class, LedgerCommands.CheckpointCommand.class})
final class LedgerCommands {

    private LedgerCommands() {
    }

    /** Re-reads the ledger and the evidence log; exit 1 when a record or leaf does not check. */
    @Command(name = "verify", description = "check the local ledger and evidence log")
    static final class Verify extends PlantCommand {

        @Mixin
        PlantFileOption config;

        @Override
        public Integer call() {
            PlantConfig config = this.config.load();
            LedgerVerifier.Result result;
            try (DataDir data = DataDir.open(config.dataDir(), config.plant())) {
                result = LedgerVerifier.verify(data.ledger(), data.evidence());
                out().println("ledger: " + result.ledgerRecords() + " records; evidence log: " + result.leaves() + " leaves, "
                        + result.checkpoints() + " checkpoints; key " + data.key().fingerprint());
            }
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
