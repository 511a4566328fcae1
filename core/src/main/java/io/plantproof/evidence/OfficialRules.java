package io.plantproof.evidence;

import io.plantproof.evidence.VerificationReport.Check;
import io.plantproof.evidence.VerificationReport.Result;
import io.plantproof.rules.RuleSet;
import tools.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Optional;

/**
 * The rule set a verification applies: the verifier's own official copy of the id and version the statement names,
 * never the bundled file, which must be identical to it. A bundle naming a rule set this release does not know is
 * UNVERIFIABLE, with the reason, and is recomputed with its bundled rules for information only.
 */
final class OfficialRules {

    private OfficialRules() {
    }

    /** The rules to recompute with and the check saying which they are. */
    record Applied(RuleSet rules, Check check) {
    }

    static Applied apply(Statement statement, byte[] bundled) {
        String name = statement.ruleSet() + " v" + statement.ruleSetVersion();
        Optional<RuleSet> official = RuleSet.official(statement.ruleSet(), statement.ruleSetVersion());
        if (official.isEmpty()) {
            return new Applied(RuleSet.parse(bundled, Statement.RULES), new Check(CheckKind.RULESET, name, Result.UNVERIFIABLE,
                    "this verifier has no official copy of rule set " + name + " (unknown id or version; a newer release may "
                            + "know it): indicators and rules are recomputed with the bundled " + Statement.RULES + " for information only"));
        }
        JsonNode expected = BundleJson.MAPPER.valueToTree(official.get());
        JsonNode actual;
        try {
            // both sides through this release's model, so fields a newer model adds compare equal on old files
            actual = BundleJson.MAPPER.valueToTree(RuleSet.parse(bundled, Statement.RULES));
        } catch (RuntimeException e) {
            actual = null;
        }
        String difference = actual == null ? "" : firstDifference(expected, actual, "");
        if (actual == null || difference != null) {
            return new Applied(official.get(), new Check(CheckKind.RULESET, Statement.RULES, Result.FAIL, "differs from the official "
                    + name + (actual == null ? " (not a rule set)" : " at " + (difference.isEmpty() ? "/" : difference))
                    + ": the bundle's rules were edited; the official ones are applied"));
        }
        return new Applied(official.get(), new Check(CheckKind.RULESET, name, Result.PASS, "the bundled " + Statement.RULES
                + " is the official " + name + ", and the verifier applies its own copy"));
    }

    /** The JSON Pointer of the first place two trees differ, or {@code null} when they are equal. */
    static String firstDifference(JsonNode a, JsonNode b, String at) {
        if (a.isObject() && b.isObject()) {
            for (Iterator<String> names = a.propertyNames().iterator(); names.hasNext(); ) {
                String n = names.next();
                if (!b.has(n)) {
                    return at + "/" + n;
                }
                String d = firstDifference(a.get(n), b.get(n), at + "/" + n);
                if (d != null) {
                    return d;
                }
            }
            return a.size() == b.size() ? null : at + " (extra fields)";
        }
        if (a.isArray() && b.isArray()) {
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                String d = firstDifference(a.get(i), b.get(i), at + "/" + i);
                if (d != null) {
                    return d;
                }
            }
            return a.size() == b.size() ? null : at + " (" + b.size() + " items, officially " + a.size() + ")";
        }
        if (a.isNumber() && b.isNumber()) {
            return a.doubleValue() == b.doubleValue() ? null : at;
        }
        return a.equals(b) ? null : at;
    }
}
