package io.plantproof.cli;

import io.plantproof.documents.KeyRegistrationForm;
import io.plantproof.evidence.LogOrigin;
import io.plantproof.ledger.CollectorKey;
import io.plantproof.plant.Plant;
import io.plantproof.tlog.NoteKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

/**
 * {@code plantproof key register-form}: the collector key's 采集器公钥备案表, to print, sign, stamp and file with the office.
 */
@Command(name = "key", description = "the collector's signing key", subcommands = KeyCommands.RegisterForm.class)
final class KeyCommands {

    private KeyCommands() {
    }

    /** Renders the registration form as DOCX, and as PDF beside it when LibreOffice ({@code soffice}) is installed. */
    @Command(name = "register-form", description = "render the 采集器公钥备案表 (DOCX, and PDF with LibreOffice) to file with the office")
    static final class RegisterForm extends PlantCommand {

        @Mixin
        PlantFileOption config;

        @Option(names = "--out", paramLabel = "FILE.docx", required = true, description = "the form to write")
        Path out;

        @Override
        public Integer call() throws IOException, InterruptedException {
            PlantConfig config = this.config.load();
            Plant plant = config.plant();
            if (plant.enterprise().creditCode() == null) {
                throw new UsageException("--config " + this.config.file + ": enterprise.creditCode (统一社会信用代码) is required to register a key");
            }
            CollectorKey key = CollectorKey.loadOrCreate(config.dataDir().resolve("keys"));
            LogOrigin origin = LogOrigin.of(plant.enterprise(), plant.evidence().collectorId());
            String vkey = NoteKey.ed25519(origin.text(), key.publicKey()).vkey();
            Path target = out.toAbsolutePath();
            Files.createDirectories(target.getParent());
            Files.write(target, KeyRegistrationForm.docx(new KeyRegistrationForm.Registration(plant.enterprise(), origin,
                    key.fingerprint(), vkey, LocalDate.now(plant.zone()))));
            out().println("采集器公钥备案表 " + target + "\nkey fingerprint " + key.fingerprint() + "\nlog " + origin
                    + "\nverifier key (for the office's witness and reviewers' policies) " + vkey);
            Path pdf = pdf(target);
            out().println(pdf == null ? "no PDF: LibreOffice (soffice) is not installed; print the DOCX" : "PDF " + pdf);
            return 0;
        }

        /** Converts with LibreOffice, headless, in a throw-away profile; {@code null} when it is missing or fails. */
        private Path pdf(Path docx) throws IOException, InterruptedException {
            Path profile = Files.createTempDirectory("plantproof-soffice");
            try {
                Process p = new ProcessBuilder("soffice", "-env:UserInstallation=" + profile.toUri(), "--headless", "--convert-to", "pdf",
                        "--outdir", docx.getParent().toString(), docx.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return null;
                }
                String name = docx.getFileName().toString();
                Path pdf = docx.resolveSibling(name.substring(0, name.lastIndexOf('.') < 0 ? name.length() : name.lastIndexOf('.')) + ".pdf");
                return p.exitValue() == 0 && Files.isRegularFile(pdf) ? pdf : null;
            } catch (IOException e) {
                return null; // soffice not on the PATH
            } finally {
                try (var walk = Files.walk(profile)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }
}
