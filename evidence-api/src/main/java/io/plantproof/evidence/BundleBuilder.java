package io.plantproof.evidence;

import io.plantproof.anchoring.Anchoring;
import io.plantproof.collector.DataDir;
import io.plantproof.rules.ApplicationType;
import io.plantproof.documents.DailySeries;
import io.plantproof.documents.DocumentInput;
import io.plantproof.documents.Documents;
import io.plantproof.documents.InvestmentLine;
import io.plantproof.exports.ExportImporter;
import io.plantproof.files.DurableFiles;
import io.plantproof.merkle.Hashes;
import io.plantproof.merkle.MerkleTree;
import io.plantproof.merkle.Signer;
import io.plantproof.metrics.Indicator;
import io.plantproof.metrics.DataScope;
import io.plantproof.metrics.EnergyCoefficients;
import io.plantproof.metrics.IndicatorId;
import io.plantproof.metrics.MetricEngine;
import io.plantproof.metrics.MetricReport;
import io.plantproof.metrics.Period;
import io.plantproof.metrics.ReportText;
import io.plantproof.plant.Plant;
import io.plantproof.plant.PlantFile;
import io.plantproof.profile.ApplicationProfile;
import io.plantproof.profile.ProfileFile;
import io.plantproof.rules.RuleEngine;
import io.plantproof.rules.RuleResult;
import io.plantproof.rules.RuleSet;
import io.plantproof.tlog.Note;
import io.plantproof.tlog.TlogProof;
import io.plantproof.tlog.TreeHead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a signed evidence bundle (format 3): seals the ledger, signs a checkpoint and has it anchored, takes the
 * chunks of the devices and days covered with a tlog-proof of inclusion each, carries every earlier checkpoint with
 * its cosignatures and time-stamps, computes the indicators from exactly those chunks (the numbers a reviewer will
 * recompute), and signs a statement listing every file. Entries are streamed, so size is bounded by disk.
 */
public final class BundleBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(BundleBuilder.class);
    private static final int PROGRESS_EVERY = 1000;
    private static final int ANCHOR_ATTEMPTS = 3;
    /** Leaves are stored one JSON object per line. */
    private static final ObjectWriter LINE = BundleJson.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);

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
        return build(type, baseline, current, workshops, out, null);
    }

    /** As {@link #build(String, Period, Period, Set, Path)}, with the application profile and its attachments (may be null). */
    public Built build(String type, Period baseline, Period current, Set<String> workshops, Path out, ProfileFile profile) {
        RuleSet rules = RuleSet.forType(type);
        Instant asOf = Instant.now();
        progress.accept("waiting for the store writer to catch up with the ledger");
        data.writer().drain();
        int sealed = data.evidence().seal(asOf);
        Note checkpoint = anchored(data.evidence().checkpoint(asOf));
        int size = (int) TreeHead.parse(checkpoint.text()).size();
        progress.accept("sealed " + sealed + " new chunk(s); checkpoint of " + size + " leaves signed");
        List<Leaf> leaves = data.evidence().leaves().subList(0, size);
        MerkleTree tree = MerkleTree.of(leaves.stream().map(Leaf::hash).toList());

        int threads = Runtime.getRuntime().availableProcessors();
        MetricEngine engine = MetricEngine.forRules(plant, EnergyCoefficients.gbt2589(), rules).withThreads(threads);
        DataScope scope = engine.dataScope(workshops, baseline, current);
        List<Leaf> covered = leaves.stream().filter(leaf -> scope.covers(leaf.device(), leaf.day())).toList();
        try (Writer zip = new Writer(out)) {
            for (Leaf leaf : covered) {
                zip.add("chunks/" + leaf.chunkPath(), chunkBytes(leaf), "chunk",
                        leaf.device() + " " + leaf.day() + (leaf.late() ? " (late amendment)" : ""));
                TlogProof proof = new TlogProof(leaf.data(), leaf.index(), tree.inclusionProof((int) leaf.index(), size), checkpoint);
                zip.add(InclusionProof.tlogPath(leaf.chunkPath()), proof.bytes(), "proof",
                        "inclusion of leaf " + leaf.index() + " in checkpoint " + size + " (c2sp.org/tlog-proof)");
                if (zip.count("chunk") % PROGRESS_EVERY == 0) {
                    progress.accept("wrote " + zip.count("chunk") + " of " + covered.size() + " chunks");
                }
            }
            List<Statement.Anchors> anchors = addAnchors(zip, size);
            StringBuilder leafLines = new StringBuilder();
            for (Leaf leaf : leaves) {
                leafLines.append(LINE.writeValueAsString(leaf)).append('\n');
            }
            zip.add(Statement.LEAVES, leafLines.toString().getBytes(StandardCharsets.UTF_8), "log",
                    "every leaf of the evidence log up to the checkpoint");

            progress.accept("computing indicators from " + covered.size() + " chunks");
            long computing = System.nanoTime();
            ChunkSource source = new ChunkSource(covered, this::chunkBytes, progress);
            MetricReport report = engine.compute(source, baseline, current, asOf, workshops);
            progress.accept(ChunkSource.throughput("computed", source, System.nanoTime() - computing, threads));
            crossCheck(engine.compute(data.store(), baseline, current, asOf, workshops), report);
            List<RuleResult> results = RuleEngine.apply(rules, report);

            zip.add(Statement.REGISTER, PlantFile.toJson(plant.withoutSecrets()), "register", "equipment register and plant model (DECLARED)");
            zip.add(Statement.RULES, BundleJson.MAPPER.writeValueAsBytes(rules), "rules", rules.id() + " v" + rules.version());
            addOriginals(zip);
            if (profile != null) {
                addProfile(zip, profile, ApplicationType.of(type));
            }
            String summary = ReportText.render(rules.title() + " — " + plant.enterprise().name(), report, results);
            zip.add("reports/summary.txt", summary.getBytes(StandardCharsets.UTF_8), "report", "readable summary");
            zip.add("reports/indicators.json", BundleJson.MAPPER.writeValueAsBytes(report), "report", "indicators");
            progress.accept("rendering the 申报书 documents from the same indicators");
            Map<String, byte[]> documents = Documents.render(new DocumentInput(plant, ApplicationType.of(type),
                    List.copyOf(workshops), report, results, investmentLines(workshops, scope, current),
                    backingFiles(report, covered.size()), DailySeries.of(engine, source, workshops, current, asOf),
                    DailySeries.trend(engine, source, workshops, baseline, current, asOf), profile));
            for (var d : documents.entrySet()) {
                zip.add("documents/" + d.getKey(), d.getValue(), "document", "申报书 section rendered from reports/indicators.json");
            }
            zip.add("MANIFEST.txt", manifest(zip.listed).getBytes(StandardCharsets.UTF_8), "report", "this list, for people");

            Statement statement = new Statement(Statement.FORMAT, Statement.VERSION, asOf, data.key().fingerprint(), type,
                    rules.id(), rules.version(), List.copyOf(workshops), baseline.toString(), current.toString(), asOf,
                    null, List.copyOf(zip.listed), report, results, data.evidence().origin().text(),
                    Statement.Anchors.checkpointPath(size), anchors);
            byte[] payload = BundleJson.MAPPER.writeValueAsBytes(statement);
            byte[] signature = data.key().sign(Signer.dssePae(Statement.PAYLOAD_TYPE, payload));
            Envelope envelope = new Envelope(Statement.PAYLOAD_TYPE, Base64.getEncoder().encodeToString(payload),
                    List.of(new Envelope.EnvelopeSignature(data.key().fingerprint(), Base64.getEncoder().encodeToString(signature))));
            zip.put(Statement.ENVELOPE, BundleJson.MAPPER.writeValueAsBytes(envelope));
            zip.put(Statement.KEY, Signer.pem(data.key().publicKey()).getBytes(StandardCharsets.US_ASCII));
            zip.commit();
            progress.accept("wrote " + out + " (" + (zip.listed.size() + 2) + " files, " + size(out) + " bytes)");
            return new Built(out, report, results, summary);
        }
    }

    /**
     * The checkpoint after asking the plant's witness and time-stamp authority to anchor it, a few times: a bundle
     * built while they are unreachable is still built, and its newest chunks are reported as not anchored.
     */
    private Note anchored(Note checkpoint) {
        long size = TreeHead.parse(checkpoint.text()).size();
        if (!data.anchoring().configured()) {
            return checkpoint;
        }
        for (int attempt = 1; ; attempt++) {
            Anchoring.Attempt a = data.anchoring().anchor(size, true);
            if (a.done()) {
                return data.evidence().checkpoint(size).orElseThrow();
            }
            if (attempt == ANCHOR_ATTEMPTS) {
                LOG.warn("the bundle's checkpoint of {} leaves could not be anchored ({}); the bundle is built without, and its "
                        + "newest chunks will be reported as not anchored", size, a.problem());
                progress.accept("WARNING: checkpoint not anchored: " + a.problem());
                return data.evidence().checkpoint(size).orElseThrow();
            }
            sleep(1000L * attempt);
        }
    }

    /**
     * Every checkpoint the collector signed up to the bundle's, with the cosignatures and time-stamps it gathered:
     * the anchors a reviewer dates the evidence by.
     */
    private List<Statement.Anchors> addAnchors(Writer zip, long size) {
        List<Statement.Anchors> anchors = new ArrayList<>();
        for (long s : data.evidence().checkpointSizes()) {
            if (s == 0 || s > size) {
                continue;
            }
            Note note = data.evidence().checkpoint(s).orElseThrow();
            String path = Statement.Anchors.checkpointPath(s);
            zip.add(path, note.bytes(), "anchor", "checkpoint of " + s + " leaves with " + (note.signatures().size() - 1)
                    + " cosignature(s) (c2sp.org/tlog-checkpoint)");
            List<String> timestamps = new ArrayList<>();
            byte[] tsr = data.evidence().timestamp(s).orElse(null);
            if (tsr != null) {
                timestamps.add(Statement.Anchors.timestampPath(s));
                zip.add(Statement.Anchors.timestampPath(s), tsr, "anchor", "RFC 3161 time-stamp over the checkpoint of " + s + " leaves");
            }
            anchors.add(new Statement.Anchors(s, path, timestamps));
        }
        return anchors;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The 表1 lines of the imported 投资清单 originals that {@code investment_total} counts: of the application's
     * workshops (plant-wide lines too for a whole plant) and inside the project window ending with the current
     * period. The register's equipment only when nothing was imported, so a plant still gets a 表1 to complete by hand.
     */
    private List<InvestmentLine> investmentLines(Set<String> workshops, DataScope scope, Period current) {
        ExportImporter importer = new ExportImporter(plant, batch -> { }, data.originals(), progress);
        LocalDate windowStart = scope.windowStart(current);
        List<InvestmentLine> lines = new ArrayList<>();
        for (Path original : originals()) {
            for (var l : importer.investmentLines(original).lines()) {
                if (scope.reportDevices().contains(l.workshop()) && !l.date().isBefore(windowStart) && !l.date().isAfter(current.to())) {
                    lines.add(InvestmentLine.fromImported(l, original.getFileName().toString()));
                }
            }
        }
        return lines.isEmpty() ? InvestmentLine.fromRegister(plant, workshops) : lines;
    }

    /** Which bundle files back each indicator, by the provenance of its inputs, for the documents' data appendix. */
    private static Map<IndicatorId, List<String>> backingFiles(MetricReport report, int chunks) {
        Map<IndicatorId, List<String>> out = new java.util.EnumMap<>(IndicatorId.class);
        for (Indicator i : report.indicators()) {
            if (i.provenance() == null) {
                continue;
            }
            out.put(i.id(), switch (i.provenance()) {
                case DECLARED -> List.of(Statement.REGISTER);
                case IMPORTED -> List.of("exports/（原始导出文件）", "chunks/（" + chunks + " 个证据数据块）", Statement.LEAVES);
                case MEASURED -> List.of("chunks/（" + chunks + " 个证据数据块）", Statement.LEAVES);
            });
        }
        return out;
    }

    /** A chunk as sealed; refuses one edited on disk since, which the bundle's verification would fail on anyway. */
    private byte[] chunkBytes(Leaf leaf) {
        byte[] bytes = data.evidence().chunkBytes(leaf);
        if (!Hashes.sha256Hex(bytes).equals(leaf.chunkSha256())) {
            throw new IllegalStateException("evidence chunk " + leaf.chunkPath() + " does not match leaf " + leaf.index()
                    + " of the log (edited on disk); run `plantproof ledger verify`");
        }
        return bytes;
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

    private void addOriginals(Writer zip) {
        for (Path p : originals()) {
            try {
                zip.add("exports/" + data.originals().relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p),
                        "export", "original export file (IMPORTED), named by its SHA-256");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read imported original " + p, e);
            }
        }
    }

    /**
     * The profile file as given and each attachment it names for this application type, once per file, under
     * {@code profile/}: all DECLARED by the applicant, hashed like every other file.
     */
    private static void addProfile(Writer zip, ProfileFile profile, ApplicationType type) {
        zip.add(ProfileFile.IN_BUNDLE, profile.bytes(), "profile", "application profile (DECLARED): enterprise, project, 表2–表4, 评价细则 answers");
        Map<String, List<String>> backs = new java.util.LinkedHashMap<>();
        for (ApplicationProfile.AttachmentRef a : profile.profile().attachments(type)) {
            backs.computeIfAbsent(a.path(), k -> new ArrayList<>()).add(a.backs());
        }
        for (var e : backs.entrySet()) {
            try {
                zip.add(ProfileFile.ATTACHMENTS_IN_BUNDLE + e.getKey(), Files.readAllBytes(profile.attachment(e.getKey())), "attachment",
                        "DECLARED attachment: " + String.join("; ", e.getValue().stream().distinct().toList()));
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read attachment " + profile.attachment(e.getKey()) + " named in "
                        + profile.name() + ": " + ex.getMessage(), ex);
            }
        }
    }

    /** The kept originals of every imported export file, in a stable order. */
    private List<Path> originals() {
        Path dir = data.originals();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list imported originals in " + dir, e);
        }
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

    /**
     * Streams entries into a temporary file next to the target, listing each with its hash, so a bundle
     * of any size is never held in memory; {@link #commit()} moves it into place, closing without it removes it.
     */
    private static final class Writer implements AutoCloseable {
        private final Path out;
        private final Path tmp;
        private final ZipOutputStream zip;
        private final List<BundleFile> listed = new ArrayList<>();
        private final Map<String, Integer> counts = new HashMap<>();
        private boolean committed;

        Writer(Path out) {
            this.out = out;
            try {
                Path parent = out.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                tmp = Files.createTempFile(parent, ".bundle", ".zip");
                // deflate's default level 6 on purpose: for version-2 chunks level 1 saves ~8 s of a 36,200-chunk
                // build but adds ~40 % to the bundle (docs/bundle-format.md, "Benchmark")
                zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write bundle " + out + ": " + e.getMessage(), e);
            }
        }

        /** Writes a file listed in the statement. */
        void add(String path, byte[] bytes, String kind, String backs) {
            put(path, bytes);
            listed.add(new BundleFile(path, Hashes.sha256Hex(bytes), bytes.length, kind, backs));
            counts.merge(kind, 1, Integer::sum);
        }

        int count(String kind) {
            return counts.getOrDefault(kind, 0);
        }

        /** Writes a file the statement cannot list: the envelope itself and the key that checks it. */
        void put(String path, byte[] bytes) {
            try {
                zip.putNextEntry(new ZipEntry(path));
                zip.write(bytes);
                zip.closeEntry();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + path + " into bundle " + out + ": " + e.getMessage(), e);
            }
        }

        void commit() {
            try {
                zip.close();
                DurableFiles.publish(tmp, out);
                committed = true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write bundle " + out + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            if (!committed) {
                try {
                    zip.close();
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // the build already failed with its own error; a leftover temp file is named .bundle*.zip
                }
            }
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
