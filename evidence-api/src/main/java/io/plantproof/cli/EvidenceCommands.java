package io.plantproof.cli;

import io.plantproof.collector.DataDir;
import io.plantproof.documents.VerificationDocument;
import io.plantproof.evidence.BundleBuilder;
import io.plantproof.evidence.BundleJson;
import io.plantproof.evidence.BundleUnreadableException;
import io.plantproof.evidence.BundleVerifier;
import io.plantproof.evidence.FiledCheckpoint;
import io.plantproof.evidence.ReviewerTrust;
import io.plantproof.evidence.VerificationReport;
import io.plantproof.profile.ProfileCheck;
import io.plantproof.profile.ProfileFile;
import io.plantproof.tlog.TrustPolicy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code plantproof evidence build|verify}: the signed evidence bundle, built from a data folder or verified offline.
 */
@Command(name = "evidence", description = "build or verify an evidence bundle",
        subcommands = {EvidenceCommands.Build.class, EvidenceCommands.Verify.class})
final class EvidenceCommands {

    private EvidenceCommands() {
    }

    /** Builds and signs a bundle for a baseline and a current period. */
    @Command(name = "build", description = "signed evidence bundle")
    static final class Build extends PlantCommand {

        @Mixin
        PlantFileOption config;

        @Mixin
        PeriodOptions periods;

        @Option(names = "--out", paramLabel = "bundle.zip", required = true, description = "the bundle to write")
        Path out;

        @Option(names = "--profile", paramLabel = "profile.yml",
                description = "the application profile (docs/profile.md); it and its attachments go into the bundle (DECLARED)")
        Path profile;

        @Override
        public Integer call() {
            PlantConfig config = this.config.load();
            ProfileFile profileFile = profile == null ? null : ProfileFile.load(profile);
            if (profileFile == null) {
                err().println("no --profile: the 申报书 leaves every field the data cannot give to the applicant, marked as such");
            } else {
                List<ProfileCheck.Missing> missing = ProfileCheck.missing(profileFile, periods.type);
                if (!missing.isEmpty()) {
                    err().print(DocumentsCommands.describe(profileFile, periods.type, missing));
                    err().println("the bundle is built; its 申报书 marks these fields as not yet filled");
                }
            }
            try (DataDir data = DataDir.open(config.dataDir(), config.plant())) {
                BundleBuilder.Built built = new BundleBuilder(data, config.plant(), err()::println)
                        .build(periods.type.id(), periods.baseline, periods.current, periods.workshops(config.plant()), out, profileFile);
                out().print(built.summary());
                out().println("\nbundle: " + built.bundle() + "\ncollector key: " + data.key().fingerprint());
            }
            return 0;
        }
    }

    /**
     * Verifies a bundle offline against the reviewer's key, policy and filed checkpoints; the verdict's exit code:
     * 0 VERIFIED, 1 a check failed, 2 unreadable, 3 origin not established, 4 not anchored, 5 rule set unknown.
     */
    @Command(name = "verify", description = "offline verification")
    static final class Verify extends PlantCommand {

        @Parameters(paramLabel = "bundle.zip", description = "the bundle to verify")
        Path bundle;

        @Option(names = "--json", description = "print the verification report as JSON")
        boolean json;

        @Option(names = "--key", paramLabel = "FINGERPRINT",
                description = "the registered collector key the bundle must be signed with (SHA256:…)")
        String key;

        @Option(names = "--policy", paramLabel = "FILE",
                description = "the reviewer's trust policy (c2sp.org/tlog-policy): collector keys, witnesses, quorum, TSA roots")
        Path policy;

        @Option(names = "--checkpoints", paramLabel = "FILE", split = ",",
                description = "checkpoints the plant filed with the office (signed notes or JSON); the bundle's log must extend them")
        List<Path> checkpoints = new ArrayList<>();

        @Option(names = "--report-out", paramLabel = "DIR",
                description = "also write the reviewer's verification report there (核验报告.docx, 核验报告.html); "
                        + "scripts/render-documents.sh DIR makes its PDF")
        Path reportOut;

        @Override
        public Integer call() {
            ReviewerTrust trust = new ReviewerTrust(key, policy(policy), filed(checkpoints));
            VerificationReport report;
            try {
                report = new BundleVerifier(json ? s -> { } : err()::println).verify(bundle, trust);
            } catch (BundleUnreadableException e) {
                err().println("plantproof: " + e.getMessage());
                return 2;
            }
            if (json) {
                out().println(BundleJson.MAPPER.writeValueAsString(report));
            } else {
                out().print(VerificationText.render(report));
            }
            if (reportOut != null) {
                writeReport(report);
            }
            return report.verdict().exitCode();
        }

        private void writeReport(VerificationReport report) {
            try {
                Files.createDirectories(reportOut);
                for (var file : VerificationDocument.render(bundle, report).entrySet()) {
                    Files.write(reportOut.resolve(file.getKey()), file.getValue());
                    err().println("wrote " + reportOut.resolve(file.getKey()));
                }
            } catch (IOException e) {
                throw new UsageException("--report-out " + reportOut + ": cannot write the verification report: " + e.getMessage());
            }
        }
    }

    /** The reviewer's trust policy file (c2sp.org/tlog-policy with PlantProof's tsa lines), or {@code null}. */
    static TrustPolicy policy(Path file) {
        if (file == null) {
            return null;
        }
        try {
            return TrustPolicy.parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new UsageException("--policy " + file + " cannot be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--policy " + e.getMessage());
        }
    }

    /** Checkpoints filed with the office: each file a signed note, a JSON checkpoint or a JSON array of them. */
    static List<FiledCheckpoint> filed(List<Path> files) {
        List<FiledCheckpoint> out = new ArrayList<>();
        for (Path f : files) {
            try {
                out.addAll(FiledCheckpoint.read(f));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--checkpoints " + f + ": " + e.getMessage());
            }
        }
        return out;
    }
}
