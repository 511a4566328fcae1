package io.plantproof.cli;

import io.plantproof.collector.Connectors;
import io.plantproof.collector.DataDir;
import io.plantproof.evidence.BundleBuilder;
import io.plantproof.evidence.LogOrigin;
import io.plantproof.evidence.BundleUnreadableException;
import io.plantproof.evidence.BundleVerifier;
import io.plantproof.evidence.ReviewerTrust;
import io.plantproof.evidence.VerificationReport;
import io.plantproof.exports.ExportImporter;
import io.plantproof.exports.ImportResult;
import io.plantproof.ledger.CollectorKey;
import io.plantproof.metrics.Period;
import io.plantproof.plant.MqttConnection.PayloadFormat;
import io.plantproof.plant.Plant;
import io.plantproof.plant.PlantFile;
import io.plantproof.profile.ProfileFile;
import io.plantproof.sim.DemoPlant;
import io.plantproof.sim.DemoProfile;
import io.plantproof.sim.ExportWriter;
import io.plantproof.sim.SimulatedPlant;
import io.plantproof.sim.mqtt.SimGateway;
import io.plantproof.sim.mqtt.SimMqttBroker;
import io.plantproof.sim.opcua.SimOpcUaServer;
import io.plantproof.sim.tsa.SimTsa;
import io.plantproof.tlog.NoteKey;
import io.plantproof.tlog.TrustPolicy;
import io.plantproof.web.WebApp;
import io.plantproof.web.WebContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code plantproof demo}: starts the simulated plant (OPC UA server, MQTT broker and gateway,
 * export files) and the reviewer's office (a witness and a time-stamp authority, in-process), collects from the
 * plant through the real connectors and importer into the ledger and the embedded store, then builds a
 * digital-workshop evidence bundle and verifies it against the reviewer's policy the office wrote.
 */
@Command(name = "demo", description = "simulated plant end to end: collect, import, bundle, verify")
final class DemoCommand extends PlantCommand {

    private static final String MARKER = ".plantproof-demo";
    private static final String COLLECTOR = "demo-collector";
    /** The reviewer's trust policy the demo's office writes, next to the bundle. */
    static final String POLICY = "reviewer-policy.txt";

    @Option(names = "--for", paramLabel = "90s", description = "collect this long, then build and verify a bundle; without it the demo keeps running and serves the REST API")
    Duration duration;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-out", description = "folder for the plant file, exports, data and bundle (default: ${DEFAULT-VALUE})")
    Path outDir;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "2025", description = "seed of the simulated plant (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--history-days", paramLabel = "N", defaultValue = "2", description = "days of history before today, 1..60 (default: ${DEFAULT-VALUE})")
    int historyDays;

    @Option(names = "--mqtt", paramLabel = "json|sparkplug", defaultValue = "JSON", description = "payload format of the simulated MQTT gateway (default: json)")
    PayloadFormat mqtt;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "port of the REST API when running without --for (default: any free port)")
    int port;

    @Override
    public Integer call() {
        if (historyDays < 1 || historyDays > 60) {
            throw new UsageException("--history-days must be 1..60");
        }
        Path dir = outDir.toAbsolutePath();
        prepare(dir);

        Plant zonePlant = DemoPlant.plant("opc.tcp://localhost:1/x", "tcp://localhost:1", "data");
        LocalDate today = LocalDate.now(zonePlant.zone());
        Period current = new Period(today.minusDays(historyDays), today);
        Period baseline = new Period(current.from().minusYears(1), current.to().minusYears(1));
        SimulatedPlant sim = new SimulatedPlant(seed, current.from().atStartOfDay(zonePlant.zone()).toEpochSecond());
        err().println("simulated plant: " + SimulatedPlant.MACHINES.size() + " machines, seed " + seed
                + "; baseline " + baseline + ", current " + current);
        err().println("writing ERP/MES/historian exports (historian backfill of the current period up to now)");
        List<Path> exports = new ExportWriter(sim, zonePlant.zone()).writeAll(dir.resolve("exports"), baseline.from(),
                baseline.to(), current.from(), today.minusDays(1), Instant.now().getEpochSecond());

        // the office registers the collector's key before the first checkpoint: its witness only cosigns logs it knows
        CollectorKey key = CollectorKey.loadOrCreate(dir.resolve("data").resolve("keys"));
        NoteKey logKey = NoteKey.ed25519(LogOrigin.of(zonePlant.enterprise(), COLLECTOR).text(), key.publicKey());
        try (SimOpcUaServer opcua = new SimOpcUaServer(sim, 0);
             SimMqttBroker broker = new SimMqttBroker(0);
             DemoOffice office = new DemoOffice(dir.resolve("office"), List.of(logKey), SimTsa.Algorithm.RSA, Instant::now)) {
            opcua.start();
            broker.start();
            Plant plant = DemoPlant.plant(opcua.endpointUrl(), broker.url(), "data", mqtt).withEvidence(office.evidence(COLLECTOR));
            writePlantFile(dir.resolve("plant.yml"), plant);
            Path policy = dir.resolve(POLICY);
            writeFile(policy, office.policy(logKey));
            err().println("OPC UA server " + opcua.endpointUrl() + ", MQTT broker " + broker.url() + ", witness "
                    + office.server().url() + " and time-stamp authority in-process, plant file " + dir.resolve("plant.yml")
                    + ", reviewer policy " + policy);
            try (SimGateway gateway = new SimGateway(sim, broker.url(), SimGateway.DEFAULT_PERIOD_MILLIS,
                    Clock.systemUTC(), mqtt);
                 DataDir data = DataDir.open(dir.resolve("data"), plant)) {
                gateway.start();
                err().println("collector key " + data.key().fingerprint());
                ExportImporter importer = new ExportImporter(plant, data.ledger(), data.originals(), err()::println);
                for (Path f : exports) {
                    ImportResult r = importer.importFile(f);
                    err().println("import " + ImportCommand.describe(r));
                    if (r.status() == ImportResult.Status.REJECTED) {
                        return 1;
                    }
                }
                try (Connectors connectors = data.connectors(plant).start()) {
                    if (duration == null) {
                        return serve(plant, data, connectors, baseline, current);
                    }
                    collect(connectors, data, duration);
                }
                return buildAndVerify(plant, data, baseline, current, dir, policy);
            }
        }
    }

    private void collect(Connectors connectors, DataDir data, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            err().println("collecting: " + connectors.status() + "ledger " + data.ledger().nextSeq() + " batches, store backlog "
                    + data.writer().backlog());
        }
    }

    /** Builds the bundle and verifies it as the reviewer does, against the policy the office wrote. */
    private int buildAndVerify(Plant plant, DataDir data, Period baseline, Period current, Path dir, Path policy) {
        Path bundle = dir.resolve("bundle.zip");
        ProfileFile profile = DemoProfile.writeTo(dir);
        err().println("application profile " + profile.name() + " (deploy/profile.example.yml with its attachments)");
        BundleBuilder.Built built = new BundleBuilder(data, plant, err()::println)
                .build("digital-workshop", baseline, current, PeriodOptions.workshops(plant, null), bundle, profile);
        writeFile(dir.resolve("summary.txt"), built.summary());
        out().print(built.summary());
        VerificationReport report;
        try {
            report = new BundleVerifier(err()::println).verify(bundle,
                    new ReviewerTrust(null, TrustPolicy.parse(Files.readAllBytes(policy), policy.toString()), List.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (BundleUnreadableException e) {
            err().println("plantproof: the bundle just built is unreadable: " + e.getMessage());
            return 1;
        }
        out().print("\n" + VerificationText.render(report));
        out().println("\nbundle " + bundle + "\nsummary " + dir.resolve("summary.txt") + "\nverify again as the reviewer does: "
                + "plantproof evidence verify " + bundle + " --policy " + policy);
        return report.verdict().exitCode();
    }

    private int serve(Plant plant, DataDir data, Connectors connectors, Period baseline, Period current) {
        try (ConfigurableApplicationContext web = WebApp.start(new WebContext(plant, data, connectors, baseline, current), port)) {
            String url = WebApp.url(web);
            out().println("demo running; REST API at " + url + "/api/indicators, health at " + url + "/actuator/health, metrics at "
                    + url + "/actuator/metrics; Ctrl-C stops");
            while (true) {
                sleep(30_000);
                err().println("collecting: " + connectors.status() + "store backlog " + data.writer().backlog());
            }
        }
    }

    /** Refuses to reuse a folder that holds anything but an earlier demo, whose data it replaces. */
    private static void prepare(Path dir) {
        try {
            if (Files.isDirectory(dir) && Files.list(dir).findAny().isPresent()) {
                if (!Files.exists(dir.resolve(MARKER))) {
                    throw new UsageException(dir + " is not empty and was not made by plantproof demo; choose another --out");
                }
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        if (!p.equals(dir)) {
                            Files.delete(p);
                        }
                    }
                }
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MARKER), "made by plantproof demo; the next demo run replaces this folder\n");
        } catch (IOException e) {
            throw new UsageException("cannot prepare " + dir + ": " + e.getMessage());
        }
    }

    private static void writeFile(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writePlantFile(Path file, Plant plant) {
        try {
            Files.writeString(file, "# plant file of the simulated demo plant; `plantproof metrics --config " + file
                    + "` reads it\n" + PlantFile.toYaml(plant));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
