package io.plantproof.cli;

import io.plantproof.collector.Connectors;
import io.plantproof.collector.DataDir;
import io.plantproof.evidence.BundleBuilder;
import io.plantproof.evidence.BundleJson;
import io.plantproof.evidence.BundleUnreadableException;
import io.plantproof.evidence.BundleVerifier;
import io.plantproof.evidence.Checkpoint;
import io.plantproof.evidence.Leaf;
import io.plantproof.evidence.VerificationReport;
import io.plantproof.exports.ExportFolderWatcher;
import io.plantproof.exports.ExportImporter;
import io.plantproof.exports.ImportResult;
import io.plantproof.ledger.EvidenceSchedule;
import io.plantproof.ledger.LedgerVerifier;
import io.plantproof.ledger.LedgerEntry;
import io.plantproof.merkle.Hashes;
import io.plantproof.merkle.MerkleTree;
import io.plantproof.metrics.EnergyCoefficients;
import io.plantproof.metrics.MetricEngine;
import io.plantproof.metrics.MetricReport;
import io.plantproof.metrics.Period;
import io.plantproof.metrics.ReportText;
import io.plantproof.opcua.OpcUaBrowser;
import io.plantproof.plant.OpcUaConnection;
import io.plantproof.plant.OpcUaConnection.KeyStoreEntry;
import io.plantproof.plant.Plant;
import io.plantproof.plant.PlantFile;
import io.plantproof.plant.Workshop;
import io.plantproof.rules.RuleEngine;
import io.plantproof.rules.RuleResult;
import io.plantproof.rules.RuleSet;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The subcommands that work on a plant file's data folder, plus bundle verification and OPC UA discovery.
 */
final class Commands {

    private static final Set<String> PERIOD_OPTIONS = Set.of("config", "type", "baseline", "current", "workshop", "out");
    private static final Set<String> BROWSE_OPTIONS = Set.of("endpoint", "path", "connection", "config", "pki-dir",
            "security-policy", "security-mode", "username", "password-env", "password-file",
            "user-certificate", "user-certificate-alias", "user-certificate-password-env", "user-certificate-password-file",
            "application-certificate", "application-certificate-alias", "application-certificate-password-env",
            "application-certificate-password-file");

    private final PrintStream out;
    private final PrintStream err;

    Commands(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The plant file and its data folder (relative paths resolve against the plant file's folder). */
    record Config(Plant plant, Path dataDir, Path baseDir) {
        static Config load(String file) {
            Path path = Path.of(file);
            Plant plant = PlantFile.load(path);
            Path base = path.toAbsolutePath().getParent();
            return new Config(plant, base.resolve(plant.dataDir()), base);
        }
    }

    int collect(List<String> argv) {
        Args args = new Args(argv, Set.of("config"), Set.of());
        Config config = Config.load(args.required("config"));
        Plant plant = config.plant();
        try (DataDir data = DataDir.open(config.dataDir(), plant);
             Connectors connectors = data.connectors(plant).start();
             EvidenceSchedule schedule = new EvidenceSchedule(data.evidence(), plant.zone(), EvidenceSchedule.Settings.defaults()).start();
             ExportFolderWatcher watcher = exportWatcher(config, data)) {
            err.println("collecting into " + config.dataDir() + "; collector key " + data.key().fingerprint()
                    + (watcher == null ? "" : "; watching " + config.baseDir().resolve(plant.exports().watchDir()))
                    + "; Ctrl-C stops");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            while (!stop.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                err.println(Instant.now() + " " + connectors.status() + "store backlog " + data.writer().backlog()
                        + ", ledger " + data.ledger().status());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The watched export folder of the plant file, or {@code null} when none is configured. */
    private ExportFolderWatcher exportWatcher(Config config, DataDir data) {
        String dir = config.plant().exports().watchDir();
        if (dir == null) {
            return null;
        }
        ExportImporter importer = new ExportImporter(config.plant(), data.ledger(), data.originals(), err::println);
        return new ExportFolderWatcher(importer, config.baseDir().resolve(dir),
                Duration.ofSeconds(config.plant().exports().stableSeconds()), java.time.Clock.systemUTC())
                .start(Duration.ofSeconds(10));
    }

    int importFiles(List<String> argv) {
        Args args = new Args(argv, Set.of("config"), Set.of());
        Config config = Config.load(args.required("config"));
        if (args.positional().isEmpty()) {
            throw new UsageException("import needs at least one FILE");
        }
        int rejected = 0;
        try (DataDir data = DataDir.open(config.dataDir(), config.plant())) {
            ExportImporter importer = new ExportImporter(config.plant(), data.ledger(), data.originals(), err::println);
            for (String f : args.positional()) {
                Path file = Path.of(f);
                if (!Files.isRegularFile(file)) {
                    throw new UsageException("export file " + f + " does not exist");
                }
                ImportResult r = importer.importFile(file);
                out.println(describe(r));
                rejected += r.status() == ImportResult.Status.REJECTED ? 1 : 0;
            }
            data.writer().drain();
        }
        return rejected == 0 ? 0 : 1;
    }

    static String describe(ImportResult r) {
        return switch (r.status()) {
            case ACCEPTED -> r.file() + ": accepted as " + r.table() + ", " + r.rows() + " rows, " + r.samples()
                    + " values (sha256 " + r.sha256().substring(0, 12) + "…)"
                    + (r.earlierVersions().isEmpty() ? "" : "; new version, " + r.earlierVersions().size() + " earlier version(s) kept")
                    + (r.openLines() > 0 ? "; " + r.openLines() + " open line(s) not yet due" : "")
                    + (r.errors().isEmpty() ? "" : "; " + r.errors().size() + " bad row(s) left out:" + rowErrors(r));
            case ALREADY_IMPORTED -> r.file() + ": already imported (same sha256 " + r.sha256().substring(0, 12) + "…); nothing changed";
            case REJECTED -> r.file() + ": REJECTED, " + r.errors().size() + " bad row(s):" + rowErrors(r);
        };
    }

    private static String rowErrors(ImportResult r) {
        return "\n  " + String.join("\n  ", r.errors().stream().limit(50).map(Object::toString).toList())
                + (r.errors().size() > 50 ? "\n  … and " + (r.errors().size() - 50) + " more" : "");
    }

    int metrics(List<String> argv) {
        Args args = new Args(argv, PERIOD_OPTIONS, Set.of("json"));
        Config config = Config.load(args.required("config"));
        RuleSet rules = RuleSet.forType(args.required("type"));
        Period baseline = Period.parse(args.required("baseline"));
        Period current = Period.parse(args.required("current"));
        try (DataDir data = DataDir.open(config.dataDir(), config.plant())) {
            data.writer().drain();
            MetricReport report = MetricEngine.forRules(config.plant(), EnergyCoefficients.gbt2589(), rules).compute(data.store(), baseline, current, Instant.now(),
                    workshops(config.plant(), args.get("workshop")));
            List<RuleResult> results = RuleEngine.apply(rules, report);
            if (args.flag("json")) {
                out.println(BundleJson.MAPPER.writeValueAsString(Map.of("ruleSet", rules.id(), "ruleSetVersion", rules.version(),
                        "report", report, "rules", results)));
            } else {
                out.print(ReportText.render(rules.title() + " — " + config.plant().enterprise().name(), report, results));
            }
        }
        return 0;
    }

    static Set<String> workshops(Plant plant, String option) {
        Set<String> all = new LinkedHashSet<>(plant.workshops().stream().map(Workshop::id).toList());
        if (option == null) {
            return all;
        }
        Set<String> chosen = new LinkedHashSet<>(List.of(option.split(",")));
        if (!all.containsAll(chosen)) {
            throw new UsageException("--workshop " + option + ": known workshops are " + all);
        }
        return chosen;
    }

    int evidenceBuild(List<String> argv) {
        Args args = new Args(argv, PERIOD_OPTIONS, Set.of());
        Config config = Config.load(args.required("config"));
        String type = args.required("type");
        RuleSet.forType(type);
        Period baseline = Period.parse(args.required("baseline"));
        Period current = Period.parse(args.required("current"));
        Path target = Path.of(args.required("out"));
        try (DataDir data = DataDir.open(config.dataDir(), config.plant())) {
            BundleBuilder.Built built = new BundleBuilder(data, config.plant(), err::println)
                    .build(type, baseline, current, workshops(config.plant(), args.get("workshop")), target);
            out.print(built.summary());
            out.println("\nbundle: " + built.bundle() + "\ncollector key: " + data.key().fingerprint());
        }
        return 0;
    }

    int evidenceVerify(List<String> argv) {
        Args args = new Args(argv, Set.of("key", "checkpoints"), Set.of("json"));
        if (args.positional().size() != 1) {
            throw new UsageException("evidence verify takes one bundle.zip");
        }
        List<Checkpoint> earlier = args.get("checkpoints") == null ? List.of() : checkpoints(Path.of(args.get("checkpoints")));
        VerificationReport report;
        try {
            report = new BundleVerifier(args.flag("json") ? s -> { } : err::println)
                    .verify(Path.of(args.positional().get(0)), args.get("key"), earlier);
        } catch (BundleUnreadableException e) {
            err.println("plantproof: " + e.getMessage());
            return 2;
        }
        if (args.flag("json")) {
            out.println(BundleJson.MAPPER.writeValueAsString(report));
        } else {
            out.print(VerificationText.render(report));
        }
        return report.failed() ? 1 : 0;
    }

    /** Earlier checkpoints the plant handed over: one checkpoint object, as {@code ledger checkpoint} writes, or an array. */
    static List<Checkpoint> checkpoints(Path file) {
        try {
            JsonNode json = BundleJson.MAPPER.readTree(Files.readAllBytes(file));
            List<Checkpoint> out = new ArrayList<>();
            for (JsonNode node : json.isArray() ? json : List.of(json)) {
                Checkpoint cp = BundleJson.MAPPER.treeToValue(node, Checkpoint.class);
                if (cp.root() == null || cp.signature() == null || cp.keyFingerprint() == null || cp.time() == null) {
                    throw new UsageException("--checkpoints " + file + ": checkpoint " + (out.size() + 1)
                            + " lacks root, time, keyFingerprint or signature");
                }
                out.add(cp);
            }
            if (out.isEmpty()) {
                throw new UsageException("--checkpoints " + file + " holds no checkpoint");
            }
            return out;
        } catch (java.io.IOException e) {
            throw new UsageException("--checkpoints " + file + " cannot be read: " + e.getMessage());
        } catch (JacksonException e) {
            throw new UsageException("--checkpoints " + file + " is not a checkpoint or an array of checkpoints: " + e.getOriginalMessage());
        }
    }

    int ledgerVerify(List<String> argv) {
        Args args = new Args(argv, Set.of("config"), Set.of());
        Config config = Config.load(args.required("config"));
        LedgerVerifier.Result result;
        try (DataDir data = DataDir.open(config.dataDir(), config.plant())) {
            result = LedgerVerifier.verify(data.ledger(), data.evidence());
            out.println("ledger: " + result.ledgerRecords() + " records; evidence log: " + result.leaves() + " leaves, "
                    + result.checkpoints() + " checkpoints; key " + data.key().fingerprint());
        }
        result.problems().forEach(p -> out.println("FAIL " + p.subject() + ": " + p.detail()));
        out.println(result.ok() ? "ledger verify: OK" : "ledger verify: " + result.problems().size() + " problem(s)");
        return result.ok() ? 0 : 1;
    }

    int ledgerCheckpoint(List<String> argv) {
        Args args = new Args(argv, Set.of("config", "out"), Set.of());
        Config config = Config.load(args.required("config"));
        try (DataDir data = DataDir.open(config.dataDir(), config.plant())) {
            data.writer().drain();
            data.evidence().seal(Instant.now());
            Checkpoint cp = data.evidence().checkpoint(Instant.now());
            String json = BundleJson.MAPPER.writeValueAsString(cp);
            if (args.get("out") != null) {
                Files.writeString(Path.of(args.get("out")), json);
            }
            out.println(json);
        } catch (java.io.IOException e) {
            throw new UsageException("cannot write " + args.get("out") + ": " + e.getMessage());
        }
        return 0;
    }

    /**
     * Lists a server's variables and prints a plant-file skeleton for them, connecting with the security, user and
     * certificates given as the collector would. Passwords come from an environment variable or a file, never the
     * command line (it shows in {@code ps} and shell history). Without {@code --pki-dir} the PKI is the plant's
     * {@code <dataDir>/opcua-pki} when {@code --config} is given, else {@code ./opcua-pki}. With {@code --config} and
     * {@code --connection} naming one of the plant's connections, that connection is used as the collector uses it.
     */
    int opcuaBrowse(List<String> argv) {
        Args args = new Args(argv, BROWSE_OPTIONS, Set.of());
        Config config = args.get("config") == null ? null : Config.load(args.get("config"));
        Path dataDir = config == null ? Path.of("").toAbsolutePath() : config.dataDir();
        OpcUaConnection planned = config == null ? null : config.plant().opcua().stream()
                .filter(c -> c.id().equals(args.get("connection"))).findFirst().orElse(null);
        OpcUaConnection connection = planned != null ? fromPlantFile(args, planned) : fromOptions(args);
        List<OpcUaBrowser.BrowsedNode> nodes;
        try {
            nodes = OpcUaBrowser.browse(connection, dataDir, args.get("path"), Duration.ofSeconds(30));
        } catch (IllegalStateException e) {
            err.println("plantproof: " + e.getMessage());
            return 1;
        }
        err.println(nodes.size() + " variable(s) found");
        out.print(OpcUaBrowser.skeleton(nodes, connection));
        return nodes.isEmpty() ? 1 : 0;
    }

    /** The plant file's connection; options that would change how it connects are refused rather than half applied. */
    private static OpcUaConnection fromPlantFile(Args args, OpcUaConnection planned) {
        for (String option : BROWSE_OPTIONS) {
            if (!Set.of("path", "connection", "config").contains(option) && args.get(option) != null) {
                throw new UsageException("--connection " + planned.id() + " connects as the plant file says; drop --" + option
                        + " (or browse without --config to give every setting as an option)");
            }
        }
        return planned;
    }

    private static OpcUaConnection fromOptions(Args args) {
        String username = args.get("username");
        String password = secret(args, "password");
        if (username != null && password == null) {
            throw new UsageException("--username needs --password-env VAR or --password-file FILE");
        }
        return new OpcUaConnection(args.get("connection") == null ? "line1" : args.get("connection"),
                args.required("endpoint"), args.get("security-policy"), args.get("security-mode"), username, password,
                0, 0, 0, null, null, null, 0, 0, 0, absolute(args.get("pki-dir")),
                keyStore(args, "application-certificate"), keyStore(args, "user-certificate"), 0);
    }

    /** A PKCS#12 entry from {@code --<name> FILE}, {@code --<name>-alias} and the {@code --<name>-password} sources. */
    private static KeyStoreEntry keyStore(Args args, String name) {
        String file = args.get(name);
        if (file == null) {
            if (args.get(name + "-alias") != null || secret(args, name + "-password") != null) {
                throw new UsageException("--" + name + "-alias and --" + name + "-password-* need --" + name + " FILE");
            }
            return null;
        }
        return new KeyStoreEntry(absolute(file), secret(args, name + "-password"), args.get(name + "-alias"));
    }

    /** The secret named by {@code --<name>-env VAR} or {@code --<name>-file FILE} (its first line); null if neither. */
    private static String secret(Args args, String name) {
        String variable = args.get(name + "-env");
        String file = args.get(name + "-file");
        if (variable != null && file != null) {
            throw new UsageException("give --" + name + "-env or --" + name + "-file, not both");
        }
        if (variable != null) {
            String value = System.getenv(variable);
            if (value == null) {
                throw new UsageException("--" + name + "-env: environment variable " + variable + " is not set");
            }
            return value;
        }
        if (file == null) {
            return null;
        }
        try {
            return Files.readAllLines(Path.of(file)).stream().findFirst().orElse("");
        } catch (java.io.IOException e) {
            throw new UsageException("--" + name + "-file: cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Command-line paths are relative to the working directory; the connection resolves relative ones against the data dir. */
    private static String absolute(String path) {
        return path == null ? null : Path.of(path).toAbsolutePath().normalize().toString();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
