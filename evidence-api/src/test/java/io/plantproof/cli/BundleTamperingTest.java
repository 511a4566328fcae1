package io.plantproof.cli;

import io.plantproof.evidence.InclusionProof;
import io.plantproof.evidence.Statement;
import io.plantproof.ledger.CollectorKey;
import io.plantproof.merkle.MerkleTree;
import io.plantproof.tlog.Note;
import io.plantproof.tlog.TreeHead;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.plantproof.cli.SmallBundle.editJson;
import static io.plantproof.cli.SmallBundle.first;
import static io.plantproof.cli.SmallBundle.plantproof;
import static io.plantproof.cli.SmallBundle.replaceAndResign;
import static io.plantproof.cli.SmallBundle.sign;
import static io.plantproof.cli.SmallBundle.statement;
import static io.plantproof.cli.SmallBundle.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One attack per test on a real bundle: each must end in a verdict other than VERIFIED, with a message that names
 * what is wrong. "Re-signed" cases are attacks by the key holder (the plant), who can sign but cannot move the
 * anchors outside it; "another key" cases are attacks by anyone else.
 */
class BundleTamperingTest {

    @TempDir
    static Path tmp;
    static SmallBundle small;
    static String pin;

    @BeforeAll
    static void build() {
        small = SmallBundle.get();
        pin = small.key.fingerprint();
    }

    private static SmallBundle.Run verify(Map<String, byte[]> entries, String name, String... extra) {
        Path zip = write(entries, tmp.resolve(name + ".zip"));
        List<String> args = new ArrayList<>(List.of("evidence", "verify", zip.toString()));
        args.addAll(List.of(extra));
        return plantproof(args.toArray(String[]::new));
    }

    private static String chunk(Map<String, byte[]> entries) {
        return first(entries, "chunks/" + small.current.to() + "/CNC-01");
    }

    @Test
    void untouchedBundleIsVerifiedAgainstThePolicyAndOnlyThen() {
        SmallBundle.Run run = plantproof("evidence", "verify", small.bundle.toString(), "--policy", small.policy.toString(),
                "--checkpoints", small.earlier.toString());
        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.out()).startsWith("VERIFIED").containsPattern("PASS\\s+inclusion")
                .containsPattern("PASS\\s+anchor\\s+--checkpoints .*earlier.note \\(size " + small.earlierSize + "\\)")
                .containsPattern("PASS\\s+anchor\\s+witness quorum office-witness").containsPattern("PASS\\s+anchor\\s+time-stamp authority")
                .containsPattern("established:\\s+time, baseline " + small.baseline + ": all 2 chunk\\(s\\) anchored within 2 days"
                        + " of their days, the last by .* before the current period began: recorded at the time")
                .containsPattern("established:\\s+rules: the bundled rules/ruleset.json is the official");
        assertThat(small.entries()).containsKey(InclusionProof.tlogPath(chunk(small.entries()).substring("chunks/".length())));

        // the pinned key alone establishes the origin, but without the policy no witness or TSA is trusted: only the
        // filed baseline checkpoint anchors anything
        SmallBundle.Run keyOnly = plantproof("evidence", "verify", small.bundle.toString(), "--key", pin,
                "--checkpoints", small.earlier.toString());
        assertThat(keyOnly.code()).as(keyOnly.all()).isEqualTo(4);
        assertThat(keyOnly.out()).startsWith("INTACT-NOT-ANCHORED")
                .containsPattern("UNVERIFIABLE\\s+anchor\\s+anchors/: \\d+ cosignature\\(s\\) and \\d+ time-stamp\\(s\\) are carried, but without --policy")
                .containsPattern("NOT established: time, current " + small.current + ": 4 of 4 chunk\\(s\\) are in no checkpoint");
    }

    @Test
    void forgeryA_reSignedEndToEndWithAStrangersKeyIsNeverVerified() {
        CollectorKey stranger = CollectorKey.loadOrCreate(tmp.resolve("stranger-keys"));
        Map<String, byte[]> e = small.entries();
        // a self-consistent bundle made by anyone with a key of their own: nothing inside it can tell
        SmallBundle.resignEndToEnd(e, statement(e), stranger);
        SmallBundle.Run unpinned = verify(e, "stranger");
        assertThat(unpinned.code()).as(unpinned.all()).isEqualTo(3);
        assertThat(unpinned.out()).startsWith("INTACT-ORIGIN-NOT-ESTABLISHED")
                .contains("NOT established: origin").doesNotContainPattern("(?m)^VERIFIED");

        SmallBundle.Run pinned = verify(e, "stranger-pinned", "--key", pin);
        assertThat(pinned.code()).isEqualTo(1);
        assertThat(pinned.out()).containsPattern("FAIL\\s+key\\s+" + Statement.KEY + ": bundle key " + stranger.fingerprint()
                + " is not the pinned key " + pin);

        SmallBundle.Run policy = verify(e, "stranger-policy", "--policy", small.policy.toString());
        assertThat(policy.code()).isEqualTo(1);
        assertThat(policy.out()).containsPattern("FAIL\\s+key\\s+" + Statement.KEY + ": bundle key " + stranger.fingerprint()
                + " for log " + small.origin + " is not a collector key the policy trusts");
    }

    @Test
    void forgeryB_ruleFileEditedToLowerATierAndReSignedFailsAgainstTheOfficialRules() {
        Map<String, byte[]> e = small.entries();
        byte[] lowered = editJson(e.get(Statement.RULES), rules -> {
            ObjectNode level = (ObjectNode) rules.get("tiers").get(0).get("levels").get(0);
            level.put("min", level.get("min").asDouble() / 10);
        });
        replaceAndResign(e, Statement.RULES, lowered, small.key);
        SmallBundle.Run run = verify(e, "rules-lowered", "--policy", small.policy.toString());
        assertThat(run.code()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).doesNotContainPattern("FAIL\\s+hash").containsPattern("FAIL\\s+ruleset\\s+" + Statement.RULES
                + ": differs from the official shaoxing-2025/digital-workshop v\\d+ at /tiers/0/levels/0/min: the bundle's rules were edited");
    }

    @Test
    void ruleSetTheVerifierDoesNotKnowIsUnverifiableWithTheReason() {
        Map<String, byte[]> e = small.entries();
        ObjectNode statement = statement(e);
        statement.put("ruleSetVersion", 99);
        sign(e, statement, small.key);
        SmallBundle.Run run = verify(e, "rules-unknown", "--policy", small.policy.toString());
        assertThat(run.code()).as(run.all()).isEqualTo(5);
        assertThat(run.out()).startsWith("UNVERIFIABLE").containsPattern("UNVERIFIABLE\\s+ruleset\\s+shaoxing-2025/digital-workshop v99: "
                + "this verifier has no official copy");
    }

    @Test
    void byteFlippedInARawChunkIsNamed() {
        Map<String, byte[]> e = small.entries();
        String chunk = chunk(e);
        byte[] bytes = e.get(chunk).clone();
        bytes[bytes.length - 10] ^= 0x01;
        e.put(chunk, bytes);
        SmallBundle.Run run = verify(e, "flipped");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL\\s+hash\\s+" + chunk + ": SHA-256 .* \\(file changed\\)")
                .containsPattern("FAIL\\s+log\\s+" + chunk + ": chunk does not match leaf \\d+ of the signed log");
    }

    @Test
    void sampleRemovedAndReListedByTheKeyHolderStillFailsTheSignedLog() {
        Map<String, byte[]> e = small.entries();
        String chunk = chunk(e);
        String text = new String(e.get(chunk), StandardCharsets.UTF_8);
        int line = text.indexOf('\n', text.length() / 2) + 1;
        replaceAndResign(e, chunk, (text.substring(0, line) + text.substring(text.indexOf('\n', line) + 1))
                .getBytes(StandardCharsets.UTF_8), small.key);
        SmallBundle.Run run = verify(e, "sample-removed-resigned", "--key", pin);
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).doesNotContainPattern("FAIL\\s+hash")
                .containsPattern("FAIL\\s+log\\s+" + chunk + ": chunk does not match leaf");
    }

    @Test
    void indicatorEditedInTheStatementBreaksTheSignature() {
        Map<String, byte[]> e = small.entries();
        ObjectNode statement = statement(e);
        ObjectNode indicator = SmallBundle.indicatorWithValue(statement);
        ((ObjectNode) indicator.get("current")).put("value", indicator.get("current").get("value").asDouble() + 7);
        ObjectNode envelope = (ObjectNode) io.plantproof.evidence.BundleJson.MAPPER.readTree(e.get(Statement.ENVELOPE));
        envelope.put("payload", Base64.getEncoder().encodeToString(io.plantproof.evidence.BundleJson.MAPPER.writeValueAsBytes(statement)));
        e.put(Statement.ENVELOPE, io.plantproof.evidence.BundleJson.MAPPER.writeValueAsBytes(envelope));
        SmallBundle.Run run = verify(e, "indicator-edited");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL\\s+signature\\s+statement.dsse.json: the statement is not signed by the bundled key");
    }

    @Test
    void chunkSwappedFromAnotherDayIsNamed() {
        Map<String, byte[]> e = small.entries();
        String today = first(e, "chunks/" + small.current.to() + "/CNC-01");
        String dayBefore = first(e, "chunks/" + small.current.from() + "/CNC-01");
        e.put(today, e.get(dayBefore));
        SmallBundle.Run run = verify(e, "swapped", "--key", pin);
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL\\s+log\\s+" + today + ": chunk does not match leaf \\d+ of the signed log "
                + "\\(edited, or swapped from another device or day\\)");
    }

    @Test
    void truncatedInclusionProofIsNamedEvenWhenReSigned() {
        Map<String, byte[]> e = small.entries();
        String proof = InclusionProof.tlogPath(chunk(e).substring("chunks/".length()));
        String text = new String(e.get(proof), StandardCharsets.UTF_8);
        int blank = text.indexOf("\n\n");
        byte[] truncated = (text.substring(0, text.lastIndexOf('\n', blank - 1)) + text.substring(blank)).getBytes(StandardCharsets.UTF_8);
        e.put(proof, truncated);
        SmallBundle.Run plain = verify(e, "proof-truncated", "--key", pin);
        assertThat(plain.code()).isEqualTo(1);
        assertThat(plain.out()).containsPattern("FAIL\\s+hash\\s+" + proof + ": ");

        replaceAndResign(e, proof, truncated, small.key);
        SmallBundle.Run resigned = verify(e, "proof-truncated-resigned", "--key", pin);
        assertThat(resigned.code()).isEqualTo(1);
        assertThat(resigned.out()).doesNotContainPattern("FAIL\\s+hash")
                .containsPattern("FAIL\\s+inclusion\\s+" + proof + ": the audit path does not lead from leaf \\d+ to the checkpoint root"
                        + ".*\\(proof truncated or edited\\)");
    }

    @Test
    void leafRemovedFromTheLogFailsTheCheckpointRoot() {
        Map<String, byte[]> e = small.entries();
        String leaves = new String(e.get(Statement.LEAVES), StandardCharsets.UTF_8);
        replaceAndResign(e, Statement.LEAVES, leaves.substring(0, leaves.lastIndexOf('\n', leaves.length() - 2) + 1)
                .getBytes(StandardCharsets.UTF_8), small.key);
        SmallBundle.Run run = verify(e, "leaf-removed", "--key", pin);
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL\\s+log\\s+" + Statement.LEAVES
                + ": the \\d+ leaves do not hash to the checkpoint root of size \\d+ \\(a leaf was removed");
    }

    @Test
    void checkpointRootEditedAndReListedFailsTheCheckpointSignature() {
        Map<String, byte[]> e = small.entries();
        String path = statement(e).get("logCheckpoint").asString();
        Note note = Note.parse(e.get(path));
        TreeHead head = TreeHead.parse(note.text());
        byte[] edited = new Note(new TreeHead(head.origin(), head.size(), new byte[32], head.extensions()).text(), note.signatures()).bytes();
        replaceAndResign(e, path, edited, small.key);
        SmallBundle.Run run = verify(e, "root-edited", "--key", pin);
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL\\s+checkpoint\\s+" + path + ": not signed by the bundle key for log " + small.origin);
    }

    @Test
    void timestampOverAnotherCheckpointIsRefused() {
        Map<String, byte[]> e = small.entries();
        List<String> tokens = e.keySet().stream().filter(n -> n.endsWith(".tsr")).sorted().toList();
        assertThat(tokens).as("a time-stamp per anchored checkpoint").hasSizeGreaterThan(1);
        // the key holder moves last year's token onto the newest checkpoint, hoping to date it a year back
        replaceAndResign(e, tokens.get(tokens.size() - 1), e.get(tokens.get(0)), small.key);
        SmallBundle.Run run = verify(e, "tsr-moved", "--policy", small.policy.toString());
        assertThat(run.code()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL\\s+anchor\\s+" + tokens.get(tokens.size() - 1)
                + ": time-stamp over checkpoint \\d+: the token's SHA-256 imprint is not that of this checkpoint");
    }

    @Test
    void cosignatureEditedInACarriedCheckpointFails() {
        Map<String, byte[]> e = small.entries();
        String path = first(e, "anchors/checkpoint-");
        Note note = Note.parse(e.get(path));
        byte[] cosignature = note.signatures().get(1).bytes();
        cosignature[cosignature.length - 1] ^= 0x01;
        Note edited = new Note(note.text(), List.of(note.signatures().get(0), new Note.Signature(note.signatures().get(1).name(), cosignature)));
        replaceAndResign(e, path, edited.bytes(), small.key);
        SmallBundle.Run run = verify(e, "cosignature-edited", "--policy", small.policy.toString());
        assertThat(run.code()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL\\s+anchor\\s+" + path + ": the cosignature of witness office-witness does not verify");
    }

    @Test
    void filedCheckpointOfARewrittenLogIsNotConsistent() throws IOException {
        // the plant filed a checkpoint, then rewrote the first leaves: same key, same size, other root
        List<byte[]> other = new ArrayList<>();
        for (int i = 0; i < small.earlierSize; i++) {
            other.add(MerkleTree.leafHash(("rewritten " + i).getBytes(StandardCharsets.UTF_8)));
        }
        Path forged = filed("rewritten", small.earlierSize, MerkleTree.root(other), small.key);
        SmallBundle.Run run = plantproof("evidence", "verify", small.bundle.toString(), "--key", pin,
                "--checkpoints", small.earlier + "," + forged);
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).containsPattern("PASS\\s+anchor\\s+--checkpoints " + small.earlier)
                .containsPattern("FAIL\\s+anchor\\s+--checkpoints " + forged + " \\(size " + small.earlierSize
                        + "\\): NOT consistent with the bundle's log: .*the log was rewritten or forked after this checkpoint was filed");
    }

    @Test
    void filedCheckpointLargerThanTheBundleMeansATruncatedLog() throws IOException {
        Path ahead = filed("ahead", 1_000_000, new byte[32], small.key);
        SmallBundle.Run run = plantproof("evidence", "verify", small.bundle.toString(), "--key", pin, "--checkpoints", ahead.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL\\s+anchor\\s+--checkpoints .* \\(size 1000000\\): the bundle's log has only \\d+ "
                + "leaves, fewer than this filed checkpoint");
    }

    @Test
    void filedCheckpointSignedByAnotherKeyIsRefused() throws IOException {
        CollectorKey other = CollectorKey.loadOrCreate(tmp.resolve("other-collector"));
        TreeHead head = TreeHead.parse(Note.parse(Files.readAllBytes(small.earlier)).text());
        Path file = filed("other-key", head.size(), head.root(), other);
        SmallBundle.Run run = plantproof("evidence", "verify", small.bundle.toString(), "--key", pin, "--checkpoints", file.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL\\s+anchor\\s+--checkpoints .*: not signed by the bundle key");
    }

    @Test
    void unreadableCheckpointsFileIsAUsageError() throws IOException {
        Path bad = tmp.resolve("bad-checkpoints.json");
        Files.writeString(bad, "{\"treeSize\": \"many\"}");
        SmallBundle.Run run = plantproof("evidence", "verify", small.bundle.toString(), "--checkpoints", bad.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--checkpoints " + bad);
    }

    /** A checkpoint of {@code size} leaves with this root, signed by {@code key} for the bundle's log, as a filed file. */
    private static Path filed(String name, long size, byte[] root, CollectorKey key) throws IOException {
        TreeHead head = new TreeHead(small.origin.text(), size, root, List.of("time 2025-01-01T00:00:00Z"));
        Path file = tmp.resolve(name + ".note");
        Files.write(file, key.signNote(head.text(), small.origin.text()).bytes());
        return file;
    }
}
