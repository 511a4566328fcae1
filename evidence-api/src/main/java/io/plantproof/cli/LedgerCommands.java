package io.plantproof.cli;

import io.plantproof.anchoring.Anchoring;
import io.plantproof.collector.DataDir;
import io.plantproof.collector.StoreQuarantine;
import io.plantproof.ledger.CollectorKey;
import io.plantproof.ledger.LedgerReader;
import io.plantproof.ledger.LedgerVerifier;
import io.plantproof.tlog.Note;
import io.plantproof.tlog.NoteKey;
import io.plantproof.tlog.TreeHead;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code plantproof ledger verify|checkpoint|quarantine}: checks the local ledger and evidence log, exports a signed
 * checkpoint, or lists what was set aside (torn tails, samples the store refused).
 */
@Command(name = "ledger", description = "check the local log or export a signed checkpoint",
        subcommands = {LedgerCommands.Verify.class, LedgerCommands.CheckpointCommand.class, LedgerCommands.Quarantine.class})
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
            Path data = existingDataDir(this.config);
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

    /**
     * Lists, reading only, what was set aside in {@code ledger/quarantine/}: torn tails a crash left (cut off at the next
     * start) and samples the store refused for good, each with its reason; those samples are still in the ledger and
     * the evidence log.
     */
    @Command(name = "quarantine", description = "list torn tails and samples the store refused, with their reasons (reads only)")
    static final class Quarantine extends PlantCommand {

        @Mixin
        PlantFileOption config;

        @Override
        public Integer call() {
            Path dir = existingDataDir(config).resolve("ledger").resolve("quarantine");
            List<Path> tails = new ArrayList<>();
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(p -> p.getFileName().toString().contains(".torn-at-")).sorted().forEach(tails::add);
                } catch (IOException e) {
                    throw new UsageException("cannot list " + dir + ": " + e.getMessage());
                }
            }
            List<StoreQuarantine.Entry> refused = StoreQuarantine.read(dir);
            out().println("ledger quarantine: " + dir);
            for (Path tail : tails) {
                out().println("TORN " + tail.getFileName() + ": " + size(tail) + " bytes a crash left after the last record "
                        + "(never acknowledged; cut off from the segment at the next start)");
            }
            for (StoreQuarantine.Entry e : refused) {
                out().println("REFUSED " + StoreQuarantine.describe(e) + " [" + e.at() + "]");
            }
            out().println(tails.size() + " torn tail(s), " + refused.size() + " sample(s) the store refused; refused samples "
                    + "are still in the ledger and the evidence log (docs/ledger.md, 'Poison batch')");
            return 0;
        }

        private static long size(Path file) {
            try {
                return Files.size(file);
            } catch (IOException e) {
                return -1;
            }
        }
    }

    /** The plant's data folder; a usage error when it does not exist, as the read-only commands create nothing. */
    private static Path existingDataDir(PlantFileOption option) {
        Path data = option.load().dataDir();
        if (!Files.isDirectory(data)) {
            throw new UsageException("data folder " + data + " does not exist or is not a folder (dataDir in " + option.file + ")");
        }
        return data;
    }

    /**
     * Seals what is due, signs a checkpoint, has it anchored where the plant file says, prints it and with {@code --out}
     * writes it: the signed note (a few hundred bytes, small enough for a QR code) a plant files with the office.
     */
    @Command(name = "checkpoint", description = "export a signed checkpoint of the evidence log (a C2SP signed note)")
    static final class CheckpointCommand extends PlantCommand {

        @Mixin
        PlantFileOption config;

        @Option(names = "--out", paramLabel = "FILE", description = "also write the checkpoint to this file, to file with the office")
        Path file;

        @Override
        public Integer call() {
            PlantConfig config = this.config.load();
            try (DataDir data = DataDir.open(config.dataDir(), config.plant())) {
                data.writer().drain();
                data.evidence().seal(Instant.now());
                long size = TreeHead.parse(data.evidence().checkpoint(Instant.now()).text()).size();
                if (data.anchoring().configured()) {
                    Anchoring.Attempt attempt = data.anchoring().anchor(size, true);
                    err().println(attempt.done() ? "checkpoint anchored" : "checkpoint NOT anchored yet: " + attempt.problem());
                }
                Note note = data.evidence().checkpoint(size).orElseThrow();
                if (file != null) {
                    Files.write(file, new Note(note.text(), note.signatures().subList(0, 1)).bytes());
                }
                out().print(note.format());
                err().println("collector key " + data.key().fingerprint() + "; log " + data.evidence().origin() + "; verifier key "
                        + NoteKey.ed25519(data.evidence().origin().text(), data.key().publicKey()).vkey());
            } catch (IOException e) {
                throw new UsageException("cannot write " + file + ": " + e.getMessage());
            }
            return 0;
        }
    }
}
