package io.plantproof.evidence;

import io.plantproof.metrics.MetricReport;
import io.plantproof.rules.RuleResult;

import java.time.Instant;
import java.util.List;

/**
 * The signed statement of a bundle (format version {@value #VERSION}): what was applied for, the
 * periods, the checkpoint the evidence log is proven against, every file with its hash, every
 * indicator and every rule result. Documented in docs/bundle-format.md.
 */
public record Statement(String format, int version, Instant createdAt, String collectorKey, String applicationType,
                        String ruleSet, int ruleSetVersion, List<String> workshops, String baseline, String current,
                        Instant asOf, Checkpoint checkpoint, List<BundleFile> files, MetricReport indicators,
                        List<RuleResult> rules) {

    public static final String FORMAT = "plantproof-bundle";
    public static final int VERSION = 2;
    public static final String PAYLOAD_TYPE = "application/vnd.plantproof.statement+json";
    public static final String ENVELOPE = "statement.dsse.json";
    public static final String KEY = "keys/collector-ed25519.pub";
    public static final String LEAVES = "log/leaves.jsonl";
    public static final String REGISTER = "register/plant.json";
    public static final String RULES = "rules/ruleset.json";
}
