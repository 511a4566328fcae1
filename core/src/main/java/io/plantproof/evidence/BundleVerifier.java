package io.plantproof.evidence;

import io.plantproof.evidence.VerificationReport.Check;
import io.plantproof.evidence.VerificationReport.IndicatorCheck;
import io.plantproof.evidence.VerificationReport.Result;
import io.plantproof.merkle.Hashes;
import io.plantproof.merkle.MerkleTree;
import io.plantproof.merkle.Signer;
import io.plantproof.metrics.DataScope;
import io.plantproof.metrics.EnergyCoefficients;
import io.plantproof.metrics.Indicator;
import io.plantproof.metrics.IndicatorId;
import io.plantproof.metrics.MetricEngine;
import io.plantproof.metrics.MetricReport;
import io.plantproof.metrics.Period;
import io.plantproof.metrics.PeriodValue;
import io.plantproof.plant.Plant;
import io.plantproof.plant.PlantFile;
import io.plantproof.rules.RuleEngine;
import io.plantproof.rules.RuleResult;
import io.plantproof.sample.Provenance;
import io.plantproof.tlog.Note;
import io.plantproof.tlog.NoteKey;
import io.plantproof.tlog.TlogProof;
import io.plantproof.tlog.TreeHead;
import io.plantproof.tlog.TrustPolicy;
import tools.jackson.core.JacksonException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Verifies a bundle offline against what the reviewer holds (pinned key, trust policy, filed checkpoints): the origin
 * (who made it), the statement's signature, every file hash, the evidence log against its checkpoint, a proof of
 * inclusion per chunk, the anchors (filed checkpoints, witness cosignatures, RFC 3161 time-stamps) and what they say
 * about when each period's data was recorded, the official rule set, then every indicator recomputed from the raw
 * chunks with the same {@link MetricEngine} and the rules re-applied. The order is docs/bundle-format.md's.
 * Format 2 bundles verify too; they carry no anchors.
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
     * Verifies a bundle against what the reviewer holds: without a pinned key or a policy listing the collector the
     * origin is not established, without anchors the time is not, and either way the verdict is not VERIFIED.
     */
    public VerificationReport verify(Path bundle, ReviewerTrust trust) throws BundleUnreadableException {
        progress.accept("reading " + bundle);
        try (SafeZip zip = SafeZip.open(bundle, progress)) {
            return new Run(bundle, zip, trust).verify();
        }
    }

    /** One verification: the bundle, what was found so far, and the checks in order. */
    private final class Run {
        private final Path bundle;
        private final SafeZip zip;
        private final ReviewerTrust trust;
        private final List<Check> checks = new ArrayList<>();
        private String fingerprint;
        private Plant register;
        private OfficialRules.Applied rules;
        private MetricEngine engine;

        Run(Path bundle, SafeZip zip, ReviewerTrust trust) {
            this.bundle = bundle;
            this.zip = zip;
            this.trust = trust;
        }

        /** The engine with the bundled register and the official rule set, built once per run. */
        private MetricEngine engine(Statement statement) {
            if (engine == null) {
                register = PlantFile.fromJson(zip.file(Statement.REGISTER), Statement.REGISTER);
                rules = OfficialRules.apply(statement, zip.file(Statement.RULES));
                // the coefficient table is the built-in GB/T 2589 one until statements name theirs (issue #15)
                engine = MetricEngine.forRules(register, EnergyCoefficients.gbt2589(), rules.rules()).withThreads(THREADS);
            }
            return engine;
        }

        VerificationReport verify() throws BundleUnreadableException {
            zip.damaged().forEach((name, why) -> checks.add(new Check(CheckKind.ZIP_ENTRY, name, Result.FAIL, "unreadable entry: " + why)));
            PublicKey key = key();
            Statement statement = key == null ? null : statement(key);
            if (statement == null) {
                return report(List.of());
            }
            origin(statement, key);
            progress.accept("checking " + statement.files().size() + " file hashes");
            checkFiles(statement);
            try {
                engine(statement);
            } catch (RuntimeException e) {
                checks.add(new Check(CheckKind.REGISTER, Statement.REGISTER + " / " + Statement.RULES, Result.FAIL, e.getMessage()));
                return report(List.of());
            }
            Log log;
            try {
                Head head = head(statement, key);
                progress.accept("checking the evidence log against its checkpoint of " + (head == null ? "?" : head.size()) + " leaves");
                log = head == null ? null : checkLog(statement, head);
            } catch (RuntimeException e) {
                // a leaf list, checkpoint or register signed but malformed is a failed check, not a crash
                checks.add(new Check(CheckKind.LOG, Statement.LEAVES + " / " + Statement.REGISTER, Result.FAIL, "unreadable: " + e.getMessage()));
                log = null;
            }
            if (log != null) {
                progress.accept("checking " + log.withChunk().size() + " inclusion proofs");
                checkInclusion(statement, log);
                if (statement.version() == Statement.VERSION_2) {
                    checkCarriedConsistency(log, key);
                }
                List<Anchor> anchors = new AnchorChecks(zip, key, statement.origin(), log.tree(), trust.policy(), checks)
                        .find(statement.anchors(), trust.filed());
                checkTime(statement, log, anchors);
                checks.add(rules.check());
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

        /** The bundled key; with {@code --key} it must be the pinned one. */
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
            String pinned = trust.pinnedKey();
            if (pinned != null && !pinned.equals(fingerprint) && !pinned.equals(fingerprint.substring(7))) {
                checks.add(new Check(Verdicts.ORIGIN, Statement.KEY, Result.FAIL, "bundle key " + fingerprint + " is not the pinned key "
                        + pinned + " (key replaced: whoever made this bundle is not the collector you were given)"));
            }
            return key;
        }

        /** Who made the bundle: the pinned key and/or the policy's log key for the bundle's origin, else not established. */
        private void origin(Statement statement, PublicKey key) {
            if (checks.stream().anyMatch(c -> c.name().equals(Verdicts.ORIGIN))) {
                return; // the pinned key already failed
            }
            TrustPolicy policy = trust.policy();
            List<String> by = new ArrayList<>();
            if (trust.pinnedKey() != null) {
                by.add("is the pinned key (--key)");
            }
            if (policy != null) {
                byte[] raw = Signer.rawEd25519(key);
                var listed = policy.logs().stream().filter(l -> Arrays.equals(l.key().publicKey(), raw)
                        && (statement.origin() == null || l.key().name().equals(statement.origin()))).findFirst();
                if (listed.isEmpty()) {
                    checks.add(new Check(Verdicts.ORIGIN, Statement.KEY, Result.FAIL, "bundle key " + fingerprint
                            + (statement.origin() == null ? "" : " for log " + statement.origin())
                            + " is not a collector key the policy trusts (a key of its own, or registered for another enterprise)"));
                    return;
                }
                by.add("is the policy's log key for " + listed.get().key().name());
            }
            if (by.isEmpty()) {
                checks.add(new Check(Verdicts.ORIGIN, Statement.KEY, Result.UNVERIFIABLE, "key " + fingerprint
                        + " not pinned: pass --key with the fingerprint the plant registered, or --policy"));
            } else {
                checks.add(new Check(Verdicts.ORIGIN, Statement.KEY, Result.PASS, "the bundle key " + fingerprint + " "
                        + String.join(" and ", by)));
            }
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
            if (!Statement.FORMAT.equals(statement.format())
                    || (statement.version() != Statement.VERSION && statement.version() != Statement.VERSION_2)) {
                throw new BundleUnreadableException(bundle + ": unsupported bundle format " + statement.format() + " v"
                        + statement.version() + " (this verifier reads " + Statement.FORMAT + " v" + Statement.VERSION_2
                        + " and v" + Statement.VERSION + ")");
            }
            boolean v3 = statement.version() == Statement.VERSION;
            if ((v3 ? statement.origin() == null || statement.logCheckpoint() == null || statement.anchors() == null
                    : statement.checkpoint() == null) || statement.files() == null || statement.indicators() == null
                    || statement.rules() == null || statement.workshops() == null || statement.baseline() == null
                    || statement.current() == null || statement.ruleSet() == null) {
                throw new BundleUnreadableException(bundle + ": the statement in " + Statement.ENVELOPE + " lacks "
                        + (v3 ? "origin, logCheckpoint, anchors" : "checkpoint") + ", files, indicators, rules, workshops or periods");
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

        /** The tree head the log is proven against, and the text its signature covers (v3) or {@code null} (v2). */
        private record Head(long size, byte[] root, String noteText) {
        }

        /** The bundle's checkpoint, signed by the bundle key; {@code null} after a failed check. */
        private Head head(Statement statement, PublicKey key) {
            if (statement.version() == Statement.VERSION_2) {
                Checkpoint cp = statement.checkpoint();
                if (!cp.verify(key)) {
                    checks.add(new Check(CheckKind.CHECKPOINT, "checkpoint " + cp.treeSize(), Result.FAIL,
                            "checkpoint signature does not verify (checkpoint edited, or signed by another key)"));
                    return null;
                }
                return new Head(cp.treeSize(), cp.rootBytes(), null);
            }
            byte[] bytes = zip.file(statement.logCheckpoint());
            if (bytes == null) {
                checks.add(new Check(CheckKind.CHECKPOINT, statement.logCheckpoint(), Result.FAIL, "missing"));
                return null;
            }
            Note note = Note.parse(bytes);
            TreeHead head = TreeHead.parse(note.text());
            if (!head.origin().equals(statement.origin()) || note.verify(NoteKey.ed25519(statement.origin(), key)) != Note.Check.VALID) {
                checks.add(new Check(CheckKind.CHECKPOINT, statement.logCheckpoint(), Result.FAIL, "not signed by the bundle key for log "
                        + statement.origin() + " (checkpoint edited, or signed by another key or for another log)"));
                return null;
            }
            LogOrigin origin = LogOrigin.parse(statement.origin());
            engine(statement);
            String declared = register.enterprise() == null ? null : register.enterprise().creditCode();
            if (!origin.creditCode().equals(declared == null ? LogOrigin.UNREGISTERED : declared)) {
                checks.add(new Check(CheckKind.CHECKPOINT, statement.logCheckpoint(), Result.FAIL, "the log " + origin
                        + " belongs to 统一社会信用代码 " + origin.creditCode() + ", but the bundle is for " + declared
                        + ": the evidence of one enterprise presented for another"));
                return null;
            }
            checks.add(new Check(CheckKind.CHECKPOINT, statement.logCheckpoint(), Result.PASS, "checkpoint of " + head.size()
                    + " leaves of log " + origin + ", signed by " + fingerprint));
            return new Head(head.size(), head.root(), note.text());
        }

        /** The verified leaf list: its tree, and the leaves whose chunks the bundle carries. */
        private record Log(List<Leaf> leaves, MerkleTree tree, List<Leaf> withChunk, Head head) {
        }

        /** Checks the leaf list against the checkpoint and each chunk against its leaf; {@code null} when they fail. */
        private Log checkLog(Statement statement, Head head) {
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
            if (leaves.size() != head.size() || !Arrays.equals(tree.root(leaves.size()), head.root())) {
                checks.add(new Check(CheckKind.LOG, Statement.LEAVES, Result.FAIL, "the " + leaves.size()
                        + " leaves do not hash to the checkpoint root of size " + head.size() + " (a leaf was removed, added or edited)"));
                return null;
            }
            DataScope scope = engine(statement).dataScope(new LinkedHashSet<>(statement.workshops()),
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
            checks.add(new Check(CheckKind.LOG, Statement.LEAVES, Result.PASS, leaves.size() + " leaves match the checkpoint root "
                    + Hashes.hex(head.root()).substring(0, 16) + "…; " + withChunk.size() + " chunks in scope, " + late
                    + " late amendment(s)"));
            return new Log(leaves, tree, withChunk, head);
        }

        /** Each chunk's proof must lead from its leaf to the checkpoint root: a tlog-proof (v3) or a JSON audit path (v2). */
        private void checkInclusion(Statement statement, Log log) {
            int before = checks.size();
            boolean v3 = statement.version() == Statement.VERSION;
            for (Leaf leaf : log.withChunk()) {
                String path = v3 ? InclusionProof.tlogPath(leaf.chunkPath()) : InclusionProof.path(leaf.chunkPath());
                byte[] bytes = zip.file(path);
                if (bytes == null) {
                    checks.add(new Check(CheckKind.INCLUSION, path, Result.FAIL, "missing: chunk " + leaf.chunkPath() + " has no inclusion proof"));
                    continue;
                }
                try {
                    long index;
                    long size;
                    List<byte[]> auditPath;
                    if (v3) {
                        TlogProof proof = TlogProof.parse(bytes);
                        if (!proof.checkpoint().text().equals(log.head().noteText())
                                || (proof.extra() != null && !Arrays.equals(proof.extra(), leaf.data()))) {
                            throw new IllegalArgumentException("it names another checkpoint or leaf than the bundle's");
                        }
                        index = proof.index();
                        size = log.head().size();
                        auditPath = proof.path();
                    } else {
                        InclusionProof proof = BundleJson.MAPPER.readValue(bytes, InclusionProof.class);
                        index = proof.leafIndex();
                        size = proof.treeSize();
                        auditPath = unhex(proof.auditPath());
                    }
                    if (index != leaf.index() || size != log.head().size()
                            || !MerkleTree.verifyInclusion(leaf.hash(), index, size, auditPath, log.head().root())) {
                        checks.add(new Check(CheckKind.INCLUSION, path, Result.FAIL, "the audit path does not lead from leaf " + leaf.index()
                                + " to the checkpoint root of size " + log.head().size() + " (proof truncated or edited)"));
                    }
                } catch (RuntimeException e) {
                    checks.add(new Check(CheckKind.INCLUSION, path, Result.FAIL, "unreadable proof: " + e.getMessage()));
                }
            }
            if (checks.size() == before) {
                checks.add(new Check(CheckKind.INCLUSION, log.withChunk().size() + " proofs", Result.PASS,
                        "every chunk's audit path leads to checkpoint root " + Hashes.hex(log.head().root()).substring(0, 16) + "…"));
            }
        }

        /** Format 2: each carried JSON consistency proof from an earlier checkpoint of the same key must verify. */
        private void checkCarriedConsistency(Log log, PublicKey key) {
            int carried = 0;
            for (String name : zip.entries().keySet()) {
                if (!name.startsWith(ConsistencyProof.PREFIX)) {
                    continue;
                }
                try {
                    ConsistencyProof proof = BundleJson.MAPPER.readValue(zip.file(name), ConsistencyProof.class);
                    Checkpoint from = proof.from();
                    if (!name.equals(ConsistencyProof.path(from.treeSize())) || !from.verify(key) || proof.treeSize() != log.head().size()) {
                        checks.add(new Check(CheckKind.CONSISTENCY, name, Result.FAIL, "not a proof from a checkpoint signed by "
                                + fingerprint + " to checkpoint " + log.head().size()));
                    } else if (!MerkleTree.verifyConsistency(from.treeSize(), log.head().size(), from.rootBytes(), log.head().root(),
                            unhex(proof.path()))) {
                        checks.add(new Check(CheckKind.CONSISTENCY, name, Result.FAIL, "checkpoint " + from.treeSize() + " of " + from.time()
                                + " is not a prefix of checkpoint " + log.head().size() + " (log rewritten, or proof truncated or edited)"));
                    } else {
                        carried++;
                    }
                } catch (RuntimeException e) {
                    checks.add(new Check(CheckKind.CONSISTENCY, name, Result.FAIL, "unreadable proof: " + e.getMessage()));
                }
            }
            if (carried > 0) {
                checks.add(new Check(CheckKind.CONSISTENCY, carried + " collector checkpoint(s)", Result.PASS,
                        "the log at checkpoint " + log.head().size() + " extends every earlier checkpoint it carries"));
            }
        }

        /** When each period's chunks were recorded, by the earliest anchor containing them. */
        private void checkTime(Statement statement, Log log, List<Anchor> anchors) {
            Map<String, Period> periods = new LinkedHashMap<>();
            Period baseline = Period.parse(statement.baseline());
            Period current = Period.parse(statement.current());
            periods.put("baseline", baseline);
            periods.put("current", current);
            checks.addAll(new TimeChecks(register.zone(), anchors, leaf -> zip.read("chunks/" + leaf.chunkPath()))
                    .check(periods, log.withChunk(), current));
        }

        private List<IndicatorCheck> recompute(Statement statement, Log log) {
            progress.accept("recomputing indicators from " + log.withChunk().size() + " chunks");
            List<IndicatorCheck> indicators = new ArrayList<>();
            MetricReport recomputed;
            try {
                long start = System.nanoTime();
                ChunkSource source = new ChunkSource(log.withChunk(), leaf -> zip.read("chunks/" + leaf.chunkPath()), progress);
                recomputed = engine(statement).compute(source, Period.parse(statement.baseline()), Period.parse(statement.current()),
                        statement.asOf(), new LinkedHashSet<>(statement.workshops()));
                progress.accept(ChunkSource.throughput("recomputed", source, System.nanoTime() - start, THREADS));
            } catch (IllegalArgumentException e) {
                checks.add(new Check(CheckKind.LOG, "chunks", Result.FAIL, e.getMessage()));
                return indicators;
            }
            compareIndicators(statement.indicators(), recomputed, indicators);
            List<RuleResult> reapplied = RuleEngine.apply(rules.rules(), recomputed);
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
