package io.plantproof.evidence;

import io.plantproof.evidence.VerificationReport.Check;
import io.plantproof.evidence.VerificationReport.IndicatorCheck;
import io.plantproof.evidence.VerificationReport.Result;
import io.plantproof.merkle.Hashes;
import io.plantproof.merkle.MerkleTree;
import io.plantproof.merkle.Signer;
import io.plantproof.metrics.Indicator;
import io.plantproof.metrics.IndicatorId;
import io.plantproof.metrics.DataScope;
import io.plantproof.metrics.EnergyCoefficients;
import io.plantproof.metrics.MetricEngine;
import io.plantproof.metrics.MetricReport;
import io.plantproof.metrics.Period;
import io.plantproof.metrics.PeriodValue;
import io.plantproof.plant.PlantFile;
import io.plantproof.rules.RuleEngine;
import io.plantproof.rules.RuleResult;
import io.plantproof.rules.RuleSet;
import io.plantproof.sample.Provenance;
import tools.jackson.core.JacksonException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Verifies a bundle offline, trusting only the collector's public key (pinned by fingerprint when
 * given): signature, every file hash, the evidence log against the signed checkpoint, an inclusion
 * proof per chunk, consistency with earlier checkpoints, then every indicator recomputed from the raw
 * chunks with the same {@link MetricEngine} and the rules re-applied. The order is docs/bundle-format.md's.
 */
public final class BundleVerifier {

    private static final double TOLERANCE = 1e-9;
    /** Devices are recomputed in parallel on every core; the figures are those of one thread. */
    private static final int THREADS = Runtime.getRuntime().availableProcessors();

    private final Consumer<String> progress;

    public BundleVerifier(Consumer<String> progress) {
        this.progress = progress;
    }

    /**
     * Verifies a bundle against what the reviewer holds: without a pinned key the origin is not established
     * and the verdict is never {@link Verdict#VERIFIED}; the bundle's log must extend every filed checkpoint.
     */
    public VerificationReport verify(Path bundle, ReviewerTrust trust) throws BundleUnreadableException {
        progress.accept("reading " + bundle);
        try (SafeZip zip = SafeZip.open(bundle, progress)) {
            return new Run(bundle, zip, trust.pinnedKey()).verify(trust.filed());
        }
    }

    /** One verification: the bundle, what was found so far, and the checks in order. */
    private final class Run {
        private final Path bundle;
        private final SafeZip zip;
        private final String pinnedKey;
        private final List<Check> checks = new ArrayList<>();
        private String fingerprint;
        private RuleSet rules;
        private MetricEngine engine;

        Run(Path bundle, SafeZip zip, String pinnedKey) {
            this.bundle = bundle;
            this.zip = zip;
            this.pinnedKey = pinnedKey;
        }

        /** The engine as the builder configured it, from the bundled register and rule set, parsed once per run. */
        private MetricEngine engine() {
            if (engine == null) {
                rules = RuleSet.parse(zip.file(Statement.RULES), Statement.RULES);
                engine = MetricEngine.forRules(PlantFile.fromJson(zip.file(Statement.REGISTER), Statement.REGISTER),
                        EnergyCoefficients.gbt2589(), rules).withThreads(THREADS);
            }
            return engine;
        }

        VerificationReport verify(List<Checkpoint> earlier) throws BundleUnreadableException {
            zip.damaged().forEach((name, why) -> checks.add(new Check(CheckKind.ZIP_ENTRY, name, Result.FAIL, "unreadable entry: " + why)));
            PublicKey key = key();
            Statement statement = key == null ? null : statement(key);
            if (statement == null) {
                return report(List.of());
            }
            progress.accept("checking " + statement.files().size() + " file hashes");
            checkFiles(statement);
            progress.accept("checking the evidence log against checkpoint " + statement.checkpoint().treeSize());
            Log log;
            try {
                log = checkLog(statement, key);
            } catch (RuntimeException e) {
                // a leaf list or register signed but malformed is a failed check, not a crash
                checks.add(new Check(CheckKind.LOG, Statement.LEAVES + " / " + Statement.REGISTER, Result.FAIL, "unreadable: " + e.getMessage()));
                log = null;
            }
            if (log != null) {
                progress.accept("checking " + log.withChunk().size() + " inclusion proofs");
                checkInclusion(statement.checkpoint(), log);
                checkConsistency(statement.checkpoint(), log, key, earlier);
            }
            if (failed()) {
                progress.accept("integrity failed; indicators are not recomputed from data that cannot be trusted");
                return report(List.of());
            }
            return report(recompute(statement, log));
        }

        private boolean failed() {
            return checks.stream().anyMatch(c -> c.result() == Result.FAIL);
        }

        private VerificationReport report(List<IndicatorCheck> indicators) {
            return Verdicts.report(bundle.toString(), fingerprint, checks, indicators);
        }

        private PublicKey key() throws BundleUnreadableException {
            byte[] keyBytes = zip.file(Statement.KEY);
            if (keyBytes == null || zip.file(Statement.ENVELOPE) == null) {
                throw new BundleUnreadableException(bundle + " lacks " + (keyBytes == null ? Statement.KEY : Statement.ENVELOPE)
                        + "; it is not a plantproof bundle");
            }
            PublicKey key;
            try {
                key = Signer.fromPem(new String(keyBytes, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                checks.add(new Check(CheckKind.SIGNATURE, Statement.KEY, Result.FAIL, "not an Ed25519 public key: " + e.getMessage()));
                return null;
            }
            fingerprint = Signer.fingerprint(key);
            if (pinnedKey != null && !pinnedKey.equals(fingerprint) && !pinnedKey.equals(fingerprint.substring(7))) {
                checks.add(new Check(Verdicts.ORIGIN, Statement.KEY, Result.FAIL, "bundle key " + fingerprint + " is not the pinned key "
                        + pinnedKey + " (key replaced: whoever made this bundle is not the collector you were given)"));
            } else {
                checks.add(new Check(Verdicts.ORIGIN, Statement.KEY, pinnedKey == null ? Result.UNVERIFIABLE : Result.PASS,
                        pinnedKey == null ? "key " + fingerprint + " not pinned: pass --key with the fingerprint the plant registered"
                                : "the bundle key " + fingerprint + " is the pinned key (--key)"));
            }
            return key;
        }

        /** The signed statement, or {@code null} after a failed signature check. */
        private Statement statement(PublicKey key) throws BundleUnreadableException {
            Envelope envelope = parse(zip.file(Statement.ENVELOPE), Statement.ENVELOPE, Envelope.class);
            if (envelope.payload() == null || envelope.payloadType() == null || envelope.signatures() == null) {
                throw new BundleUnreadableException(bundle + ": " + Statement.ENVELOPE + " lacks payloadType, payload or signatures");
            }
            byte[] payload;
            boolean signed;
            try {
                payload = Base64.getDecoder().decode(envelope.payload());
                signed = envelope.signatures().stream().anyMatch(s -> s != null && s.sig() != null
                        && Signer.verify(key, Signer.dssePae(envelope.payloadType(), payload), Base64.getDecoder().decode(s.sig())));
            } catch (IllegalArgumentException e) {
                checks.add(new Check(CheckKind.SIGNATURE, Statement.ENVELOPE, Result.FAIL, "payload or signature is not base64 (edited): " + e.getMessage()));
                return null;
            }
            if (!signed || !Statement.PAYLOAD_TYPE.equals(envelope.payloadType())) {
                checks.add(new Check(CheckKind.SIGNATURE, Statement.ENVELOPE, Result.FAIL, "the statement is not signed by the bundled key "
                        + Statement.KEY + " (" + fingerprint + "): statement edited, or key replaced"));
                return null;
            }
            checks.add(new Check(CheckKind.SIGNATURE, Statement.ENVELOPE, Result.PASS, "Ed25519 signature by " + fingerprint));
            Statement statement = parse(payload, "the statement in " + Statement.ENVELOPE, Statement.class);
            if (!Statement.FORMAT.equals(statement.format()) || statement.version() != Statement.VERSION) {
                throw new BundleUnreadableException(bundle + ": unsupported bundle format " + statement.format() + " v"
                        + statement.version() + " (this verifier reads " + Statement.FORMAT + " v" + Statement.VERSION + ")");
            }
            if (statement.checkpoint() == null || statement.files() == null || statement.indicators() == null
                    || statement.rules() == null || statement.workshops() == null || statement.baseline() == null
                    || statement.current() == null) {
                throw new BundleUnreadableException(bundle + ": the statement in " + Statement.ENVELOPE
                        + " lacks checkpoint, files, indicators, rules, workshops or periods");
            }
            return statement;
        }

        private <T> T parse(byte[] json, String name, Class<T> type) throws BundleUnreadableException {
            try {
                return BundleJson.MAPPER.readValue(json, type);
            } catch (JacksonException e) {
                throw new BundleUnreadableException(bundle + ": " + name + " is not a valid " + type.getSimpleName()
                        + " (wrong JSON types or fields): " + e.getOriginalMessage());
            }
        }

        private void checkFiles(Statement statement) {
            Set<String> listed = new HashSet<>();
            int before = checks.size();
            for (BundleFile f : statement.files()) {
                listed.add(f.path());
                SafeZip.Entry seen = zip.entries().get(f.path());
                if (seen == null) {
                    if (!zip.damaged().containsKey(f.path())) {
                        checks.add(new Check(CheckKind.HASH, f.path(), Result.FAIL, "listed in the statement but missing from the bundle"));
                    }
                } else if (!seen.sha256().equals(f.sha256()) || seen.size() != f.size()) {
                    checks.add(new Check(CheckKind.HASH, f.path(), Result.FAIL, "SHA-256 " + seen.sha256()
                            + " does not match the signed " + f.sha256() + " (file changed)"));
                }
            }
            for (String name : zip.entries().keySet()) {
                if (!listed.contains(name) && !name.equals(Statement.ENVELOPE) && !name.equals(Statement.KEY)) {
                    checks.add(new Check(CheckKind.HASH, name, Result.FAIL, "not listed in the signed statement (file added)"));
                }
            }
            if (checks.size() == before) {
                checks.add(new Check(CheckKind.HASH, statement.files().size() + " files", Result.PASS, "every file matches its signed SHA-256"));
            }
        }

        /** The verified leaf list: its tree, and the leaves whose chunks the bundle carries. */
        private record Log(List<Leaf> leaves, MerkleTree tree, List<Leaf> withChunk) {
        }

        /** Checks the leaf list against the checkpoint and each chunk against its leaf; {@code null} when they fail. */
        private Log checkLog(Statement statement, PublicKey key) {
            Checkpoint cp = statement.checkpoint();
            if (!cp.verify(key)) {
                checks.add(new Check(CheckKind.CHECKPOINT, "checkpoint " + cp.treeSize(), Result.FAIL,
                        "checkpoint signature does not verify (checkpoint edited, or signed by another key)"));
                return null;
            }
            byte[] leavesFile = zip.file(Statement.LEAVES);
            if (leavesFile == null || checks.stream().anyMatch(c -> c.subject().equals(Statement.LEAVES))) {
                checks.add(new Check(CheckKind.LOG, Statement.LEAVES, Result.FAIL, leavesFile == null ? "missing" : "not the signed leaf list"));
                return null;
            }
            List<Leaf> leaves = new ArrayList<>();
            for (String line : new String(leavesFile, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    Leaf leaf = BundleJson.MAPPER.readValue(line, Leaf.class);
                    if (leaf.index() != leaves.size()) {
                        checks.add(new Check(CheckKind.LOG, Statement.LEAVES, Result.FAIL, "line " + (leaves.size() + 1)
                                + " holds leaf " + leaf.index() + " (leaves out of order)"));
                        return null;
                    }
                    leaves.add(leaf);
                }
            }
            MerkleTree tree = MerkleTree.of(leaves.stream().map(Leaf::hash).toList());
            if (leaves.size() != cp.treeSize() || !Hashes.hex(tree.root(leaves.size())).equals(cp.root())) {
                checks.add(new Check(CheckKind.LOG, Statement.LEAVES, Result.FAIL, "the " + leaves.size()
                        + " leaves do not hash to the checkpoint root of size " + cp.treeSize() + " (a leaf was removed, added or edited)"));
                return null;
            }
            DataScope scope = engine().dataScope(new LinkedHashSet<>(statement.workshops()),
                    Period.parse(statement.baseline()), Period.parse(statement.current()));
            List<Leaf> withChunk = new ArrayList<>();
            Set<String> chunkFiles = new HashSet<>();
            int before = checks.size();
            for (Leaf leaf : leaves) {
                String path = "chunks/" + leaf.chunkPath();
                chunkFiles.add(path);
                SafeZip.Entry seen = zip.entries().get(path);
                boolean covered = scope.covers(leaf.device(), leaf.day());
                if (seen == null) {
                    if (covered) {
                        checks.add(new Check(CheckKind.LOG, path, Result.FAIL, "leaf " + leaf.index()
                                + " covers this device and day but its chunk is missing (data dropped)"));
                    }
                } else if (!seen.sha256().equals(leaf.chunkSha256())) {
                    checks.add(new Check(CheckKind.LOG, path, Result.FAIL, "chunk does not match leaf " + leaf.index()
                            + " of the signed log (edited, or swapped from another device or day)"));
                } else {
                    withChunk.add(leaf);
                }
            }
            zip.entries().keySet().stream().filter(n -> n.startsWith("chunks/") && !chunkFiles.contains(n)).forEach(n ->
                    checks.add(new Check(CheckKind.LOG, n, Result.FAIL, "chunk has no leaf in the signed log")));
            if (checks.size() > before) {
                return null;
            }
            long late = leaves.stream().filter(Leaf::late).count();
            checks.add(new Check(CheckKind.LOG, Statement.LEAVES, Result.PASS, leaves.size() + " leaves match checkpoint root "
                    + cp.root().substring(0, 16) + "…; " + withChunk.size() + " chunks in scope, " + late + " late amendment(s)"));
            return new Log(leaves, tree, withChunk);
        }

        /** Each chunk's audit path must lead from its leaf to the checkpoint root. */
        private void checkInclusion(Checkpoint cp, Log log) {
            int before = checks.size();
            for (Leaf leaf : log.withChunk()) {
                String path = InclusionProof.path(leaf.chunkPath());
                byte[] bytes = zip.file(path);
                if (bytes == null) {
                    checks.add(new Check(CheckKind.INCLUSION, path, Result.FAIL, "missing: chunk " + leaf.chunkPath() + " has no inclusion proof"));
                    continue;
                }
                try {
                    InclusionProof proof = BundleJson.MAPPER.readValue(bytes, InclusionProof.class);
                    if (proof.leafIndex() != leaf.index() || proof.treeSize() != cp.treeSize()
                            || !MerkleTree.verifyInclusion(leaf.hash(), proof.leafIndex(), proof.treeSize(), unhex(proof.auditPath()),
                            cp.rootBytes())) {
                        checks.add(new Check(CheckKind.INCLUSION, path, Result.FAIL, "the audit path does not lead from leaf " + leaf.index()
                                + " to the checkpoint root of size " + cp.treeSize() + " (proof truncated or edited)"));
                    }
                } catch (RuntimeException e) {
                    checks.add(new Check(CheckKind.INCLUSION, path, Result.FAIL, "unreadable proof: " + e.getMessage()));
                }
            }
            if (checks.size() == before) {
                checks.add(new Check(CheckKind.INCLUSION, log.withChunk().size() + " proofs", Result.PASS,
                        "every chunk's audit path leads to checkpoint root " + cp.root().substring(0, 16) + "…"));
            }
        }

        /**
         * Every carried consistency proof, and every earlier checkpoint the reviewer holds: the bundle's
         * tree must extend it. A reviewer checkpoint without a carried proof is checked with a proof
         * computed from the full leaf list.
         */
        private void checkConsistency(Checkpoint cp, Log log, PublicKey key, List<Checkpoint> earlier) {
            Map<Long, List<byte[]>> carried = new HashMap<>();
            for (String name : zip.entries().keySet()) {
                if (!name.startsWith(ConsistencyProof.PREFIX)) {
                    continue;
                }
                try {
                    ConsistencyProof proof = BundleJson.MAPPER.readValue(zip.file(name), ConsistencyProof.class);
                    List<byte[]> path = unhex(proof.path());
                    Checkpoint from = proof.from();
                    if (!name.equals(ConsistencyProof.path(from.treeSize())) || !from.verify(key) || proof.treeSize() != cp.treeSize()) {
                        checks.add(new Check(CheckKind.CONSISTENCY, name, Result.FAIL, "not a proof from a checkpoint signed by "
                                + fingerprint + " to checkpoint " + cp.treeSize()));
                    } else if (!MerkleTree.verifyConsistency(from.treeSize(), cp.treeSize(), from.rootBytes(), cp.rootBytes(), path)) {
                        checks.add(new Check(CheckKind.CONSISTENCY, name, Result.FAIL, "checkpoint " + from.treeSize() + " of " + from.time()
                                + " is not a prefix of checkpoint " + cp.treeSize() + " (log rewritten, or proof truncated or edited)"));
                    } else {
                        carried.put(from.treeSize(), path);
                    }
                } catch (RuntimeException e) {
                    checks.add(new Check(CheckKind.CONSISTENCY, name, Result.FAIL, "unreadable proof: " + e.getMessage()));
                }
            }
            if (!carried.isEmpty()) {
                checks.add(new Check(CheckKind.CONSISTENCY, carried.size() + " collector checkpoint(s)", Result.PASS,
                        "the log at checkpoint " + cp.treeSize() + " extends every earlier checkpoint it carries"));
            }
            for (Checkpoint e : earlier) {
                String subject = "--checkpoints size " + e.treeSize() + " of " + e.time();
                if (!e.verify(key)) {
                    checks.add(new Check(CheckKind.CONSISTENCY, subject, Result.FAIL, "not signed by the bundle key " + fingerprint
                            + " (a checkpoint of another collector, or edited)"));
                } else if (e.treeSize() > cp.treeSize()) {
                    checks.add(new Check(CheckKind.CONSISTENCY, subject, Result.FAIL, "the bundle's checkpoint has only " + cp.treeSize()
                            + " leaves: the bundle is built from a log older than this checkpoint, or the log was truncated"));
                } else {
                    List<byte[]> path = carried.get(e.treeSize());
                    String source = path != null ? "carried proof " + ConsistencyProof.path(e.treeSize()) : "proof computed from " + Statement.LEAVES;
                    if (path == null) {
                        path = log.tree().consistencyProof((int) e.treeSize(), (int) cp.treeSize());
                    }
                    boolean ok = MerkleTree.verifyConsistency(e.treeSize(), cp.treeSize(), e.rootBytes(), cp.rootBytes(), path);
                    checks.add(new Check(CheckKind.CONSISTENCY, subject, ok ? Result.PASS : Result.FAIL, ok
                            ? "the bundle's log of " + cp.treeSize() + " leaves extends it (" + source + ")"
                            : "NOT consistent with the bundle's checkpoint " + cp.treeSize() + ": the log was rewritten after this "
                            + "checkpoint was handed over (" + source + ")"));
                }
            }
        }

        private List<IndicatorCheck> recompute(Statement statement, Log log) {
            progress.accept("recomputing indicators from " + log.withChunk().size() + " chunks");
            List<IndicatorCheck> indicators = new ArrayList<>();
            try {
                engine();
            } catch (RuntimeException e) {
                checks.add(new Check(CheckKind.REGISTER, Statement.REGISTER + " / " + Statement.RULES, Result.FAIL, e.getMessage()));
                return indicators;
            }
            MetricReport recomputed;
            try {
                long start = System.nanoTime();
                ChunkSource source = new ChunkSource(log.withChunk(), leaf -> zip.read("chunks/" + leaf.chunkPath()), progress);
                recomputed = engine.compute(source, Period.parse(statement.baseline()), Period.parse(statement.current()),
                        statement.asOf(), new LinkedHashSet<>(statement.workshops()));
                progress.accept(ChunkSource.throughput("recomputed", source, System.nanoTime() - start, THREADS));
            } catch (IllegalArgumentException e) {
                checks.add(new Check(CheckKind.LOG, "chunks", Result.FAIL, e.getMessage()));
                return indicators;
            }
            compareIndicators(statement.indicators(), recomputed, indicators);
            List<RuleResult> reapplied = RuleEngine.apply(rules, recomputed);
            compareRules(statement.rules(), reapplied, checks);
            checks.addAll(DocumentFiguresCheck.check(zip, statement, recomputed, reapplied));
            return indicators;
        }

    }

    private static List<byte[]> unhex(List<String> hashes) {
        return hashes.stream().map(Hashes::unhex).toList();
    }

    private static void compareIndicators(MetricReport reported, MetricReport recomputed, List<IndicatorCheck> out) {
        for (Indicator r : reported.indicators()) {
            Indicator c = recomputed.indicators().stream().filter(i -> i.id() == r.id()).findFirst().orElse(null);
            if (c == null) {
                out.add(new IndicatorCheck(r.id(), "both", Result.FAIL, null, null, "the recomputation gives no such indicator"));
                continue;
            }
            out.add(compare(r.id(), "baseline", r.baseline(), c.baseline()));
            out.add(compare(r.id(), "current", r.current(), c.current()));
        }
    }

    private static IndicatorCheck compare(IndicatorId id, String period, PeriodValue reported, PeriodValue recomputed) {
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
                checks.add(new Check(CheckKind.RULES, r.id(), Result.FAIL, "reported " + r.outcome() + " " + Objects.toString(r.tier(), "")
                        + " but re-applying the rules gives " + c.outcome() + " " + Objects.toString(c.tier(), "")));
                all = false;
            }
        }
        if (reported.size() != recomputed.size()) {
            checks.add(new Check(CheckKind.RULES, "rule results", Result.FAIL, "reported " + reported.size() + " results, rule set gives " + recomputed.size()));
        } else if (all) {
            checks.add(new Check(CheckKind.RULES, recomputed.size() + " rule results", Result.PASS, "re-applied and identical"));
        }
    }
}
