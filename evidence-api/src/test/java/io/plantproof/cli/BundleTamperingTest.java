package io.plantproof.cli;

import io.plantproof.evidence.BundleJson;
import io.plantproof.evidence.Checkpoint;
import io.plantproof.evidence.ConsistencyProof;
import io.plantproof.evidence.InclusionProof;
import io.plantproof.evidence.Statement;
import io.plantproof.ledger.CollectorKey;
import io.plantproof.merkle.Hashes;
import io.plantproof.merkle.MerkleTree;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
 * One attack per test on a real bundle: each must end in exit 1 with a message that names what is
 * wrong. "Re-signed" cases are attacks by the key holder (the plant), who can sign but cannot rewrite
 * the log behind a checkpoint it handed over; "another key" cases are attacks by anyone else.
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
        String[] args = new String[3 + extra.length];
        args[0] = "evidence";
        args[1] = "verify";
        args[2] = zip.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        return plantproof(args);
    }

    private static String chunk(Map<String, byte[]> entries) {
        return first(entries, "chunks/" + small.current.to() + "/CNC-01");
    }

    @Test
    void untouchedBundleVerifiesWithItsProofsAndTheEarlierCheckpoint() throws IOException {
        Path cps = tmp.resolve("earlier.json");
        Files.writeString(cps, BundleJson.MAPPER.writeValueAsString(List.of(small.earlier)));
        SmallBundle.Run run = plantproof("evidence", "verify", small.bundle.toString(), "--key", pin, "--checkpoints", cps.toString());
        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.out()).containsPattern("PASS\\s+inclusion").containsPattern("PASS\\s+consistency\\s+--checkpoints size "
                + small.earlier.treeSize()).contains("carried proof " + ConsistencyProof.path(small.earlier.treeSize())).contains("VERIFIED");
        assertThat(small.entries()).containsKey(InclusionProof.path(chunk(small.entries()).substring("chunks/".length())));
    }

    @Test
    void forgeryA_reSignedEndToEndWithAStrangersKeyIsNeverVerifiedWithoutAPinnedKey() {
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
        assertThat(pinned.out()).containsPattern("FAIL\\s+key\\s+" + Statement.KEY + ": bundle key " + stranger.fingerprint());
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
    void sampleRemovedFromAChunkFailsItsHashAndItsLeaf() {
        Map<String, byte[]> e = small.entries();
        String chunk = chunk(e);
        String text = new String(e.get(chunk), StandardCharsets.UTF_8);
        int line = text.indexOf('\n', text.length() / 2) + 1;
        e.put(chunk, (text.substring(0, line) + text.substring(text.indexOf('\n', line) + 1)).getBytes(StandardCharsets.UTF_8));
        SmallBundle.Run run = verify(e, "sample-removed", "--key", pin);
        assertThat(run.code()).isEqualTo(1);
        // the attacker cannot re-list the new hash without the key: both the statement and the signed log catch it
        assertThat(run.out()).containsPattern("FAIL\\s+hash\\s+" + chunk + ": .*file changed")
                .containsPattern("FAIL\\s+log\\s+" + chunk + ": chunk does not match leaf");
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
        ObjectNode envelope = (ObjectNode) BundleJson.MAPPER.readTree(e.get(Statement.ENVELOPE));
        envelope.put("payload", Base64.getEncoder().encodeToString(BundleJson.MAPPER.writeValueAsBytes(statement)));
        e.put(Statement.ENVELOPE, BundleJson.MAPPER.writeValueAsBytes(envelope));
        SmallBundle.Run run = verify(e, "indicator-edited");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL\\s+signature\\s+statement.dsse.json: the statement is not signed by the bundled key");
    }

    @Test
    void indicatorEditedAndResignedWithAnotherKeyIsCaughtByThePinnedKey() {
        CollectorKey forger = CollectorKey.loadOrCreate(tmp.resolve("forger-keys"));
        Map<String, byte[]> e = small.entries();
        ObjectNode statement = statement(e);
        ObjectNode indicator = SmallBundle.indicatorWithValue(statement);
        ((ObjectNode) indicator.get("current")).put("value", indicator.get("current").get("value").asDouble() + 7);
        sign(e, statement, forger);
        e.put(Statement.KEY, io.plantproof.merkle.Signer.pem(forger.publicKey()).getBytes(StandardCharsets.US_ASCII));
        SmallBundle.Run run = verify(e, "another-key", "--key", pin);
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL\\s+key\\s+" + Statement.KEY + ": bundle key " + forger.fingerprint()
                + " is not the pinned key " + pin);
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
        String proof = InclusionProof.path(chunk(e).substring("chunks/".length()));
        byte[] truncated = editJson(e.get(proof), p -> ((ArrayNode) p.get("auditPath")).remove(p.get("auditPath").size() - 1));
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
    void checkpointRootEditedInAReSignedStatementFailsTheCheckpointSignature() {
        Map<String, byte[]> e = small.entries();
        ObjectNode statement = statement(e);
        String root = statement.get("checkpoint").get("root").asString();
        ((ObjectNode) statement.get("checkpoint")).put("root", (root.charAt(0) == '0' ? "1" : "0") + root.substring(1));
        sign(e, statement, small.key);
        SmallBundle.Run run = verify(e, "root-edited", "--key", pin);
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL\\s+checkpoint\\s+checkpoint \\d+: checkpoint signature does not verify");
    }

    @Test
    void carriedConsistencyProofEditedAndReSignedIsNamed() {
        Map<String, byte[]> e = small.entries();
        String name = ConsistencyProof.path(small.earlier.treeSize());
        byte[] edited = editJson(e.get(name), p -> {
            ArrayNode path = (ArrayNode) p.get("path");
            String h = path.get(0).asString();
            path.set(0, (h.charAt(0) == '0' ? "1" : "0") + h.substring(1));
        });
        replaceAndResign(e, name, edited, small.key);
        SmallBundle.Run run = verify(e, "consistency-edited", "--key", pin);
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL\\s+consistency\\s+" + name + ": checkpoint " + small.earlier.treeSize()
                + " .* is not a prefix of checkpoint \\d+");
    }

    @Test
    void earlierCheckpointOfARewrittenLogIsNotConsistent() throws IOException {
        // the plant handed over a checkpoint, then rewrote the first leaves: same key, same size, other root
        List<byte[]> other = Arrays.asList(new byte[(int) small.earlier.treeSize()][]);
        for (int i = 0; i < other.size(); i++) {
            other.set(i, MerkleTree.leafHash(("rewritten " + i).getBytes(StandardCharsets.UTF_8)));
        }
        Checkpoint forged = signed(small.key, small.earlier.treeSize(), Hashes.hex(MerkleTree.root(other)));
        SmallBundle.Run run = verifyWith(List.of(small.earlier, forged), "rewritten");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).containsPattern("PASS\\s+consistency\\s+--checkpoints size " + small.earlier.treeSize())
                .containsPattern("FAIL\\s+consistency\\s+--checkpoints size " + forged.treeSize() + " of " + forged.time()
                        + ": NOT consistent with the bundle's checkpoint \\d+: the log was rewritten");
    }

    @Test
    void earlierCheckpointLargerThanTheBundleMeansATruncatedLog() throws IOException {
        Checkpoint ahead = signed(small.key, 1_000_000, small.earlier.root());
        SmallBundle.Run run = verifyWith(List.of(ahead), "ahead");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL\\s+consistency\\s+--checkpoints size 1000000 .*the bundle's checkpoint has only \\d+ leaves");
    }

    @Test
    void earlierCheckpointSignedByAnotherKeyIsRefused() throws IOException {
        CollectorKey other = CollectorKey.loadOrCreate(tmp.resolve("other-collector"));
        SmallBundle.Run run = verifyWith(List.of(signed(other, small.earlier.treeSize(), small.earlier.root())), "other-key");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL\\s+consistency\\s+--checkpoints size \\d+ .*: not signed by the bundle key");
    }

    @Test
    void unreadableCheckpointsFileIsAUsageError() throws IOException {
        Path bad = tmp.resolve("bad-checkpoints.json");
        Files.writeString(bad, "{\"treeSize\": \"many\"}");
        SmallBundle.Run run = plantproof("evidence", "verify", small.bundle.toString(), "--checkpoints", bad.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--checkpoints " + bad);
    }

    private static Checkpoint signed(CollectorKey key, long size, String root) {
        java.time.Instant time = small.earlier.time().plusSeconds(1);
        byte[] text = Checkpoint.signedText(size, root, time, key.fingerprint());
        return new Checkpoint(size, root, time, key.fingerprint(), Base64.getEncoder().encodeToString(key.sign(text)));
    }

    private static SmallBundle.Run verifyWith(List<Checkpoint> checkpoints, String name) throws IOException {
        Path file = tmp.resolve(name + "-checkpoints.json");
        Files.writeString(file, BundleJson.MAPPER.writeValueAsString(checkpoints));
        return plantproof("evidence", "verify", small.bundle.toString(), "--key", pin, "--checkpoints", file.toString());
    }
}
