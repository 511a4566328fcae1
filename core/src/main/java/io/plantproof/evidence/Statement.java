package io.plantproof.evidence;

import io.plantproof.metrics.MetricReport;
import io.plantproof.rules.RuleResult;

import java.time.Instant;
import java.util.List;

/**
 * The signed statement of a bundle (format version {@value #VERSION}): what was applied for, the periods, the log's
 * origin and the checkpoint it is proven against, the anchors carried, every file with its hash, every indicator and
 * every rule result. Documented in docs/bundle-format.md. Version 2 statements parse into the same record: they carry
 * {@code checkpoint} (a JSON checkpoint) where version 3 carries {@code origin}, {@code logCheckpoint} and {@code anchors}.
 * To add a field, add it here, set it in {@code BundleBuilder}, and document it; older bundles read it as {@code null}.
 */
public record Statement(String format, int version, Instant createdAt, String collectorKey, String applicationType,
                        String ruleSet, int ruleSetVersion, List<String> workshops, String baseline, String current,
                        Instant asOf, Checkpoint checkpoint, List<BundleFile> files, MetricReport indicators,
                        List<RuleResult> rules, String origin, String logCheckpoint, List<Anchors> anchors) {

    public static final String FORMAT = "plantproof-bundle";
    public static final int VERSION = 3;
    /** The previous version, still verified: a JSON checkpoint and no anchors (reported as unanchored). */
    public static final int VERSION_2 = 2;
    public static final String PAYLOAD_TYPE = "application/vnd.plantproof.statement+json";
    public static final String ENVELOPE = "statement.dsse.json";
    public static final String KEY = "keys/collector-ed25519.pub";
    public static final String LEAVES = "log/leaves.jsonl";
    public static final String REGISTER = "register/plant.json";
    public static final String RULES = "rules/ruleset.json";

    /**
     * One checkpoint of the log carried in the bundle ({@code anchors/checkpoint-<size>.note}, a C2SP signed note with
     * any witness cosignatures) and the RFC 3161 time-stamp responses over its text.
     */
    public record Anchors(long treeSize, String checkpoint, List<String> timestamps) {

        public Anchors {
            timestamps = timestamps == null ? List.of() : List.copyOf(timestamps);
        }

        public static String checkpointPath(long treeSize) {
            return String.format("anchors/checkpoint-%010d.note", treeSize);
        }

        public static String timestampPath(long treeSize) {
            return String.format("anchors/checkpoint-%010d.tsr", treeSize);
        }
    }
}
