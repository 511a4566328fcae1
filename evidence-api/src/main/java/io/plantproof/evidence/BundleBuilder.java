package io.plantproof.evidence;

import io.plantproof.collector.DataDir;
import io.plantproof.merkle.Hashes;
import io.plantproof.merkle.Signer;
import io.plantproof.metrics.Indicator;
import io.plantproof.metrics.MetricEngine;
import io.plantproof.metrics.MetricReport;
import io.plantproof.metrics.Period;
import io.plantproof.metrics.ReportText;
import io.plantproof.plant.Equipment;
import io.plantproof.plant.Plant;
import io.plantproof.plant.PlantFile;
import io.plantproof.rules.RuleEngine;
import io.plantproof.rules.RuleResult;
import io.plantproof.rules.RuleSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a signed evidence bundle: seals the ledger, signs a checkpoint, takes the chunks of the
 * devices and days covered, computes the indicators from exactly those chunks (the numbers a
 * reviewer will recompute), and signs a statement listing every file.
 */
public final class BundleBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(BundleBuilder.class);

    private final DataDir data;
    private final Plant plant;
    private final Consumer<String> progress;

    public BundleBuilder(DataDir data, Plant plant, Consumer<String> progress) {
        this.data = data;
        this.plant = plant;
        this.progress = progress;
    }

    /** What was built: the statement's report and rule results, for summaries. */
    public record Built(Path bundle, MetricReport report, List<RuleResult> rules, String summary) {
    }

    public Built build(String type, Period baseline, Period current, Set<String> workshops, Path out) {
        RuleSet rules = RuleSet.forType(type);
        Instant asOf = Instant.now();
        progress.accept("waiting for the store writer to catch up with the ledger");
        data.writer().drain();
        int sealed = data.evidence().seal(asOf);
        Checkpoint checkpoint = data.evidence().checkpoint(asOf);
        progress.accept("sealed " + sealed + " new chunk(s); checkpoint of " + checkpoint.treeSize() + " leaves signed");

        Set<String> scope = new HashSet<>(workshops);
        plant.equipment().stream().filter(e -> workshops.contains(e.workshop())).map(Equipment::id).forEach(scope::add);
        List<Period> periods = List.of(baseline, current);
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<BundleFile> listed = new ArrayList<>();
        List<Chunk> chunks = new ArrayList<>();
        StringBuilder leaves = new StringBuilder();
        for (Leaf leaf : data.evidence().leaves()) {
            if (leaf.index() >= checkpoint.treeSize()) {
                break;
            }
            leaves.append(BundleJson.MAPPER.writer().without(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(leaf)).append('\n');
            boolean covered = scope.contains(leaf.device())
                    && periods.stream().anyMatch(p -> !leaf.day().isBefore(p.from()) && !leaf.day().isAfter(p.to()));
            if (covered) {
                byte[] bytes = data.evidence().chunkBytes(leaf);
                chunks.add(Chunk.decode(bytes, leaf.chunkPath()));
                add(files, listed, "chunks/" + leaf.chunkPath(), bytes, "chunk",
                        leaf.device() + " " + leaf.day() + (leaf.late() ? " (late amendment)" : ""));
            }
        }
        add(files, listed, Statement.LEAVES, leaves.toString().getBytes(StandardCharsets.UTF_8), "log",
                "every leaf of the evidence log up to the checkpoint");
        progress.accept("computing indicators from " + chunks.size() + " chunks");
        MetricEngine engine = new MetricEngine(plant);
        MetricReport report = engine.compute(new ChunkSource(chunks), baseline, current, asOf, workshops);
        crossCheck(engine.compute(data.store(), baseline, current, asOf, workshops), report);
        List<RuleResult> results = RuleEngine.apply(rules, report);

        add(files, listed, Statement.REGISTER, PlantFile.toJson(plant.withoutSecrets()), "register",
                "equipment register and plant model (DECLARED)");
        add(files, listed, Statement.RULES, BundleJson.MAPPER.writeValueAsBytes(rules), "rules", rules.id() + " v" + rules.version());
        addOriginals(files, listed);
        String summary = ReportText.render(rules.title() + " — " + plant.enterprise().name(), report, results);
        add(files, listed, "reports/summary.txt", summary.getBytes(StandardCharsets.UTF_8), "report", "readable summary");
        add(files, listed, "reports/indicators.json", BundleJson.MAPPER.writeValueAsBytes(report), "report", "indicators");
        add(files, listed, "MANIFEST.txt", manifest(listed).getBytes(StandardCharsets.UTF_8), "report", "this list, for people");

        Statement statement = new Statement(Statement.FORMAT, Statement.VERSION, asOf, data.key().fingerprint(), type,
                rules.id(), rules.version(), List.copyOf(workshops), baseline.toString(), current.toString(), asOf,
                checkpoint, listed, report, results);
        byte[] payload = BundleJson.MAPPER.writeValueAsBytes(statement);
        byte[] signature = data.key().sign(Signer.dssePae(Statement.PAYLOAD_TYPE, payload));
        Envelope envelope = new Envelope(Statement.PAYLOAD_TYPE, Base64.getEncoder().encodeToString(payload),
                List.of(new Envelope.EnvelopeSignature(data.key().fingerprint(), Base64.getEncoder().encodeToString(signature))));
        files.put(Statement.ENVELOPE, BundleJson.MAPPER.writeValueAsBytes(envelope));
        files.put(Statement.KEY, Signer.pem(data.key().publicKey()).getBytes(StandardCharsets.US_ASCII));
        write(files, out);
        progress.accept("wrote " + out + " (" + files.size() + " files, " + size(out) + " bytes)");
        return new Built(out, report, results, summary);
    }

    /** The store and the sealed chunks should agree; if not, data reached the store after sealing. */
    private static void crossCheck(MetricReport fromStore, MetricReport fromChunks) {
        for (Indicator i : fromChunks.indicators()) {
            Double s = fromStore.indicator(i.id()).current().value();
            Double c = i.current().value();
            if (s != null && c != null && Math.abs(s - c) > 1e-6 * Math.max(1, Math.abs(c))) {
                LOG.warn("{}: store gives {} but the sealed evidence gives {}; data arrived after sealing and will be in "
                        + "the next bundle", i.id(), s, c);
            }
        }
    }

    private void addOriginals(Map<String, byte[]> files, List<BundleFile> listed) {
        Path dir = data.originals();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                add(files, listed, "exports/" + dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p),
                        "export", "original export file (IMPORTED), named by its SHA-256");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read imported originals in " + dir, e);
        }
    }

    private static void add(Map<String, byte[]> files, List<BundleFile> listed, String path, byte[] bytes, String kind, String backs) {
        files.put(path, bytes);
        listed.add(new BundleFile(path, Hashes.sha256Hex(bytes), bytes.length, kind, backs));
    }

    private static String manifest(List<BundleFile> listed) {
        StringBuilder out = new StringBuilder("PlantProof evidence bundle, format " + Statement.FORMAT + " v" + Statement.VERSION
                + "\nEvery file below is listed with its SHA-256 in the signed statement (statement.dsse.json).\n\n");
        for (BundleFile f : listed) {
            out.append(f.sha256()).append("  ").append(String.format("%10d", f.size())).append("  ")
                    .append(String.format("%-8s", f.kind())).append("  ").append(f.path()).append("  — ").append(f.backs()).append('\n');
        }
        return out.toString();
    }

    private static void write(Map<String, byte[]> files, Path out) {
        try {
            Path parent = out.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".bundle", ".zip");
            try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
                for (var e : files.entrySet()) {
                    zip.putNextEntry(new ZipEntry(e.getKey()));
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write bundle " + out + ": " + e.getMessage(), e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
