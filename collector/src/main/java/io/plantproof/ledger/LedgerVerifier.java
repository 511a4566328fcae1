package io.plantproof.ledger;

import io.plantproof.evidence.Checkpoint;
import io.plantproof.evidence.Chunk;
import io.plantproof.evidence.Leaf;
import io.plantproof.merkle.Hashes;
import io.plantproof.merkle.MerkleTree;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Checks the whole local log as it is on disk: the ledger's CRCs and hash chain, every evidence chunk
 * against its leaf, and every checkpoint's signature (current or retired key) and root against the leaves.
 * Each problem is named with the file or record it concerns; {@code plantproof ledger verify} prints them.
 */
public final class LedgerVerifier {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LedgerVerifier() {
    }

    /** One finding: what is affected (file, leaf, checkpoint) and what is wrong with it. */
    public record Problem(String subject, String detail) {
        @Override
        public String toString() {
            return subject + ": " + detail;
        }
    }

    /** What was checked and every problem found; {@link #ok()} when there is none. */
    public record Result(long ledgerRecords, int leaves, int checkpoints, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Verifies the ledger and the evidence log (files re-read from disk) with every key of the collector. */
    public static Result verify(Ledger ledger, EvidenceLog evidence) {
        return verify(ledger, evidence.dir(), evidence.key().publicKeys());
    }

    /** Verifies {@code ledger} and the evidence folder {@code evidenceDir} against the given public keys by fingerprint. */
    public static Result verify(Ledger ledger, Path evidenceDir, Map<String, PublicKey> keys) {
        List<Problem> problems = new ArrayList<>();
        long records = verifyLedger(ledger, problems);
        List<Leaf> leaves = readLeaves(evidenceDir, problems);
        for (Leaf leaf : leaves) {
            verifyChunk(evidenceDir, leaf, problems);
        }
        List<byte[]> hashes = leaves.stream().map(Leaf::hash).toList();
        int checkpoints = 0;
        for (Path file : checkpointFiles(evidenceDir)) {
            checkpoints++;
            verifyCheckpoint(file, hashes, keys, problems);
        }
        return new Result(records, leaves.size(), checkpoints, List.copyOf(problems));
    }

    private static long verifyLedger(Ledger ledger, List<Problem> problems) {
        long[] records = {0};
        try {
            ledger.read(0, e -> records[0]++);
        } catch (LedgerCorruptException e) {
            problems.add(new Problem("ledger", e.getMessage() + "; records after this point cannot be trusted"));
        }
        return records[0];
    }

    /** Leaves in file order; a leaf whose index is not its line number means a line was removed or moved. */
    private static List<Leaf> readLeaves(Path evidenceDir, List<Problem> problems) {
        Path file = evidenceDir.resolve("leaves.jsonl");
        List<Leaf> leaves = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            problems.add(new Problem("leaves.jsonl", "unreadable: " + e.getMessage()));
            return leaves;
        }
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            Leaf leaf;
            try {
                leaf = JSON.readValue(line, Leaf.class);
            } catch (RuntimeException e) {
                problems.add(new Problem("leaves.jsonl line " + lineNo, "not a leaf (edited?): " + e.getMessage()));
                continue;
            }
            if (leaf.index() != leaves.size()) {
                problems.add(new Problem("leaves.jsonl line " + lineNo, "holds leaf " + leaf.index() + " where leaf "
                        + leaves.size() + " belongs (a leaf was removed, inserted or reordered)"));
            }
            leaves.add(leaf);
        }
        return leaves;
    }

    private static void verifyChunk(Path evidenceDir, Leaf leaf, List<Problem> problems) {
        String subject = "chunk " + leaf.chunkPath() + " (leaf " + leaf.index() + ")";
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(evidenceDir.resolve("chunks").resolve(leaf.chunkPath()));
        } catch (NoSuchFileException e) {
            problems.add(new Problem(subject, "missing"));
            return;
        } catch (IOException e) {
            problems.add(new Problem(subject, "unreadable: " + e.getMessage()));
            return;
        }
        if (!Hashes.sha256Hex(bytes).equals(leaf.chunkSha256())) {
            problems.add(new Problem(subject, "SHA-256 does not match the leaf (edited on disk)"));
            return;
        }
        try {
            Chunk chunk = Chunk.decode(bytes, leaf.chunkPath());
            if (!chunk.device().equals(leaf.device()) || !chunk.day().equals(leaf.day()) || chunk.part() != leaf.part()
                    || chunk.samples().size() != leaf.samples()) {
                problems.add(new Problem(subject, "content (device, day, part, sample count) differs from what the leaf states"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(subject, "not a canonical chunk: " + e.getMessage()));
        }
    }

    private static void verifyCheckpoint(Path file, List<byte[]> hashes, Map<String, PublicKey> keys, List<Problem> problems) {
        String subject = "checkpoint " + file.getFileName();
        Checkpoint cp;
        try {
            cp = JSON.readValue(file.toFile(), Checkpoint.class);
        } catch (RuntimeException e) {
            problems.add(new Problem(subject, "unreadable: " + e.getMessage()));
            return;
        }
        PublicKey key = keys.get(cp.keyFingerprint());
        if (key == null) {
            problems.add(new Problem(subject, "signed by unknown key " + cp.keyFingerprint()
                    + " (not this collector's current or retired key: forged, or keys/retired is incomplete)"));
        } else if (!cp.verify(key)) {
            problems.add(new Problem(subject, "signature does not verify with key " + cp.keyFingerprint() + " (forged or edited)"));
        } else if (cp.treeSize() > hashes.size()) {
            problems.add(new Problem(subject, "covers " + cp.treeSize() + " leaves but the log has only " + hashes.size()
                    + " (leaves removed)"));
        } else if (!Hashes.hex(MerkleTree.root(hashes.subList(0, (int) cp.treeSize()))).equals(cp.root())) {
            problems.add(new Problem(subject, "root does not match leaves 0.." + (cp.treeSize() - 1)
                    + " (a leaf was removed or edited)"));
        }
    }

    private static List<Path> checkpointFiles(Path evidenceDir) {
        Path dir = evidenceDir.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
        }
    }
}
