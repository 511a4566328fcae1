package io.plantproof.evidence;

import io.plantproof.evidence.VerificationReport.Check;
import io.plantproof.evidence.VerificationReport.IndicatorCheck;
import io.plantproof.evidence.VerificationReport.Result;
import io.plantproof.merkle.Hashes;
import io.plantproof.merkle.MerkleTree;
import io.plantproof.merkle.Signer;
import io.plantproof.metrics.Indicator;
import io.plantproof.metrics.MetricEngine;
import io.plantproof.metrics.MetricReport;
import io.plantproof.metrics.Period;
import io.plantproof.metrics.PeriodValue;
import io.plantproof.plant.Plant;
import io.plantproof.plant.PlantFile;
import io.plantproof.rules.RuleEngine;
import io.plantproof.rules.RuleResult;
import io.plantproof.rules.RuleSet;
import io.plantproof.sample.Provenance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Verifies a bundle offline, trusting only the collector's public key (pinned by fingerprint when
 * given): signature, every file hash, the evidence log against the signed checkpoint, then every
 * indicator recomputed from the raw chunks with the same {@link MetricEngine} and the rules re-applied.
 */
public final class BundleVerifier {

    private static final double TOLERANCE = 1e-9;

    private final Consumer<String> progress;

    public BundleVerifier(Consumer<String> progress) {
        this.progress = progress;
    }

    /**
     * @param pinnedKey the fingerprint the reviewer was given, or {@code null} to trust the bundled key
     */
    public VerificationReport verify(Path bundle, String pinnedKey) throws BundleUnreadableException {
        progress.accept("reading " + bundle);
        SafeZip.Contents zip = SafeZip.read(bundle);
        Map<String, byte[]> files = zip.files();
        List<Check> checks = new ArrayList<>();
        zip.damaged().forEach((name, why) -> checks.add(new Check("zip-entry", name, Result.FAIL, "unreadable entry: " + why)));

        byte[] keyBytes = files.get(Statement.KEY);
        byte[] envelopeBytes = files.get(Statement.ENVELOPE);
        if (keyBytes == null || envelopeBytes == null) {
            throw new BundleUnreadableException(bundle + " lacks " + (keyBytes == null ? Statement.KEY : Statement.ENVELOPE)
                    + "; it is not a plantproof bundle");
        }
        PublicKey key;
        Envelope envelope;
        Statement statement;
        try {
            key = Signer.fromPem(new String(keyBytes, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            checks.add(new Check("signature", Statement.KEY, Result.FAIL, "not an Ed25519 public key: " + e.getMessage()));
            return new VerificationReport(bundle.toString(), null, pinnedKey != null, checks, List.of());
        }
        String fingerprint = Signer.fingerprint(key);
        if (pinnedKey != null && !pinnedKey.equals(fingerprint) && !pinnedKey.equals(fingerprint.substring(7))) {
            checks.add(new Check("key", Statement.KEY, Result.FAIL, "bundle key " + fingerprint + " is not the pinned key " + pinnedKey));
        } else {
            checks.add(new Check("key", Statement.KEY, pinnedKey == null ? Result.UNVERIFIABLE : Result.PASS,
                    pinnedKey == null ? "key " + fingerprint + " not pinned: pass --key with the fingerprint the plant handed over"
                            : "matches the pinned fingerprint"));
        }
        try {
            envelope = BundleJson.MAPPER.readValue(envelopeBytes, Envelope.class);
            byte[] payload = Base64.getDecoder().decode(envelope.payload());
            boolean signed = envelope.signatures() != null && envelope.signatures().stream().anyMatch(s ->
                    Signer.verify(key, Signer.dssePae(envelope.payloadType(), payload), Base64.getDecoder().decode(s.sig())));
            if (!signed || !Statement.PAYLOAD_TYPE.equals(envelope.payloadType())) {
                checks.add(new Check("signature", Statement.ENVELOPE, Result.FAIL,
                        "the statement is not signed by the bundled key " + Statement.KEY + " (" + fingerprint
                                + "): statement edited, or key replaced"));
                return new VerificationReport(bundle.toString(), fingerprint, pinnedKey != null, checks, List.of());
            }
            checks.add(new Check("signature", Statement.ENVELOPE, Result.PASS, "Ed25519 signature by " + fingerprint));
            statement = BundleJson.MAPPER.readValue(payload, Statement.class);
        } catch (RuntimeException e) {
            checks.add(new Check("signature", Statement.ENVELOPE, Result.FAIL, "unreadable statement: " + e.getMessage()));
            return new VerificationReport(bundle.toString(), fingerprint, pinnedKey != null, checks, List.of());
        }
        if (!Statement.FORMAT.equals(statement.format()) || statement.version() != Statement.VERSION) {
            checks.add(new Check("format", Statement.ENVELOPE, Result.FAIL, "unsupported bundle format " + statement.format()
                    + " v" + statement.version() + " (this verifier reads " + Statement.FORMAT + " v" + Statement.VERSION + ")"));
            return new VerificationReport(bundle.toString(), fingerprint, pinnedKey != null, checks, List.of());
        }

        progress.accept("checking " + statement.files().size() + " file hashes");
        checkFiles(statement, files, checks);
        progress.accept("checking the evidence log against checkpoint " + statement.checkpoint().treeSize());
        List<Chunk> chunks;
        try {
            chunks = checkLog(statement, files, key, checks);
        } catch (RuntimeException e) {
            // a tampered leaf list or register can fail to parse at all: that is a failed check, not a crash
            checks.add(new Check("log", Statement.LEAVES + " / " + Statement.REGISTER, Result.FAIL, "unreadable: " + e.getMessage()));
            chunks = List.of();
        }

        List<IndicatorCheck> indicators = new ArrayList<>();
        if (checks.stream().anyMatch(c -> c.result() == Result.FAIL)) {
            progress.accept("integrity failed; indicators are not recomputed from data that cannot be trusted");
            return new VerificationReport(bundle.toString(), fingerprint, pinnedKey != null, checks, indicators);
        }
        progress.accept("recomputing indicators from " + chunks.size() + " chunks");
        Plant plant;
        RuleSet rules;
        try {
            plant = PlantFile.fromJson(files.get(Statement.REGISTER), Statement.REGISTER);
            rules = RuleSet.parse(files.get(Statement.RULES), Statement.RULES);
        } catch (RuntimeException e) {
            checks.add(new Check("register", Statement.REGISTER + " / " + Statement.RULES, Result.FAIL, e.getMessage()));
            return new VerificationReport(bundle.toString(), fingerprint, pinnedKey != null, checks, indicators);
        }
        MetricReport recomputed = new MetricEngine(plant).compute(new ChunkSource(chunks),
                Period.parse(statement.baseline()), Period.parse(statement.current()), statement.asOf(),
                new LinkedHashSet<>(statement.workshops()));
        compareIndicators(statement.indicators(), recomputed, indicators);
        compareRules(statement.rules(), RuleEngine.apply(rules, recomputed), checks);
        return new VerificationReport(bundle.toString(), fingerprint, pinnedKey != null, checks, indicators);
    }

    private static void checkFiles(Statement statement, Map<String, byte[]> files, List<Check> checks) {
        Set<String> listed = new HashSet<>();
        for (BundleFile f : statement.files()) {
            listed.add(f.path());
            byte[] bytes = files.get(f.path());
            if (bytes == null) {
                checks.add(new Check("hash", f.path(), Result.FAIL, "listed in the statement but missing from the bundle"));
            } else if (!Hashes.sha256Hex(bytes).equals(f.sha256()) || bytes.length != f.size()) {
                checks.add(new Check("hash", f.path(), Result.FAIL, "SHA-256 " + Hashes.sha256Hex(bytes)
                        + " does not match the signed " + f.sha256() + " (file changed)"));
            }
        }
        for (String name : files.keySet()) {
            if (!listed.contains(name) && !name.equals(Statement.ENVELOPE) && !name.equals(Statement.KEY)) {
                checks.add(new Check("hash", name, Result.FAIL, "not listed in the signed statement (file added)"));
            }
        }
        if (checks.stream().noneMatch(c -> c.name().equals("hash"))) {
            checks.add(new Check("hash", statement.files().size() + " files", Result.PASS, "every file matches its signed SHA-256"));
        }
    }

    /** Checks the leaf list against the checkpoint and each chunk against its leaf; returns the chunks. */
    private static List<Chunk> checkLog(Statement statement, Map<String, byte[]> files, PublicKey key, List<Check> checks) {
        List<Chunk> chunks = new ArrayList<>();
        Checkpoint cp = statement.checkpoint();
        if (!cp.verify(key)) {
            checks.add(new Check("checkpoint", "checkpoint " + cp.treeSize(), Result.FAIL, "checkpoint signature does not verify"));
            return chunks;
        }
        byte[] leavesFile = files.get(Statement.LEAVES);
        if (leavesFile == null) {
            checks.add(new Check("log", Statement.LEAVES, Result.FAIL, "missing"));
            return chunks;
        }
        List<Leaf> leaves = new ArrayList<>();
        for (String line : new String(leavesFile, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                leaves.add(BundleJson.MAPPER.readValue(line, Leaf.class));
            }
        }
        byte[] root = MerkleTree.root(leaves.stream().map(Leaf::hash).toList());
        if (leaves.size() != cp.treeSize() || !Hashes.hex(root).equals(cp.root())) {
            checks.add(new Check("log", Statement.LEAVES, Result.FAIL, "the " + leaves.size()
                    + " leaves do not hash to the checkpoint root of size " + cp.treeSize() + " (a leaf was removed, added or edited)"));
            return chunks;
        }
        Set<String> scope = new HashSet<>(statement.workshops());
        Plant plant = PlantFile.fromJson(files.get(Statement.REGISTER), Statement.REGISTER);
        plant.equipment().stream().filter(e -> scope.contains(e.workshop())).forEach(e -> scope.add(e.id()));
        List<Period> periods = List.of(Period.parse(statement.baseline()), Period.parse(statement.current()));
        int missing = 0;
        for (Leaf leaf : leaves) {
            boolean covered = scope.contains(leaf.device())
                    && periods.stream().anyMatch(p -> !leaf.day().isBefore(p.from()) && !leaf.day().isAfter(p.to()));
            String path = "chunks/" + leaf.chunkPath();
            byte[] bytes = files.get(path);
            if (bytes == null) {
                if (covered) {
                    checks.add(new Check("log", path, Result.FAIL, "leaf " + leaf.index() + " covers this device and day but its chunk is missing (data dropped)"));
                    missing++;
                }
                continue;
            }
            if (!Hashes.sha256Hex(bytes).equals(leaf.chunkSha256())) {
                checks.add(new Check("log", path, Result.FAIL, "chunk does not match leaf " + leaf.index() + " of the signed log"));
                continue;
            }
            try {
                Chunk chunk = Chunk.decode(bytes, path);
                if (!chunk.device().equals(leaf.device()) || !chunk.day().equals(leaf.day()) || chunk.part() != leaf.part()) {
                    checks.add(new Check("log", path, Result.FAIL, "chunk header does not match leaf " + leaf.index()
                            + " (chunk swapped from another device or day)"));
                    continue;
                }
                chunks.add(chunk);
            } catch (IllegalArgumentException e) {
                checks.add(new Check("log", path, Result.FAIL, e.getMessage()));
            }
        }
        if (missing == 0 && checks.stream().noneMatch(c -> c.name().equals("log"))) {
            long late = leaves.stream().filter(Leaf::late).count();
            checks.add(new Check("log", Statement.LEAVES, Result.PASS, leaves.size() + " leaves match checkpoint root "
                    + cp.root().substring(0, 16) + "…; " + chunks.size() + " chunks in scope, " + late + " late amendment(s)"));
        }
        return chunks;
    }

    private static void compareIndicators(MetricReport reported, MetricReport recomputed, List<IndicatorCheck> out) {
        for (Indicator r : reported.indicators()) {
            Indicator c = recomputed.indicators().stream().filter(i -> i.id().equals(r.id())).findFirst().orElse(null);
            if (c == null) {
                out.add(new IndicatorCheck(r.id(), "both", Result.FAIL, null, null, "unknown indicator id"));
                continue;
            }
            out.add(compare(r.id(), "baseline", r.baseline(), c.baseline()));
            out.add(compare(r.id(), "current", r.current(), c.current()));
        }
    }

    private static IndicatorCheck compare(String id, String period, PeriodValue reported, PeriodValue recomputed) {
        Double a = reported.value();
        Double b = recomputed.value();
        boolean same = Objects.equals(a, b) || (a != null && b != null && Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(b)));
        if (!same) {
            return new IndicatorCheck(id, period, Result.FAIL, a, b, "reported " + a + " but the raw data gives " + b);
        }
        if (a == null) {
            return new IndicatorCheck(id, period, Result.UNVERIFIABLE, null, null,
                    reported.note() == null ? "no value" : reported.note());
        }
        if (recomputed.provenance() == Provenance.DECLARED) {
            return new IndicatorCheck(id, period, Result.UNVERIFIABLE, a, b,
                    "recomputes, but from DECLARED register entries the bundle cannot prove");
        }
        return new IndicatorCheck(id, period, Result.PASS, a, b, "recomputed from " + recomputed.provenance() + " data");
    }

    private static void compareRules(List<RuleResult> reported, List<RuleResult> recomputed, List<Check> checks) {
        boolean all = reported.size() == recomputed.size();
        for (int i = 0; all && i < reported.size(); i++) {
            RuleResult r = reported.get(i);
            RuleResult c = recomputed.get(i);
            if (!r.id().equals(c.id()) || r.outcome() != c.outcome() || !Objects.equals(r.tier(), c.tier())) {
                checks.add(new Check("rules", r.id(), Result.FAIL, "reported " + r.outcome() + " " + Objects.toString(r.tier(), "")
                        + " but re-applying the rules gives " + c.outcome() + " " + Objects.toString(c.tier(), "")));
                all = false;
            }
        }
        if (reported.size() != recomputed.size()) {
            checks.add(new Check("rules", "rule results", Result.FAIL, "reported " + reported.size() + " results, rule set gives " + recomputed.size()));
        } else if (all) {
            checks.add(new Check("rules", recomputed.size() + " rule results", Result.PASS, "re-applied and identical"));
        }
    }
}
