package io.plantproof.ledger;

import io.plantproof.evidence.Checkpoint;
import io.plantproof.tlog.Note;
import io.plantproof.tlog.NoteKey;
import io.plantproof.tlog.TreeHead;
import io.plantproof.evidence.Chunk;
import io.plantproof.evidence.Leaf;
import io.plantproof.merkle.Hashes;
import io.plantproof.merkle.MerkleTree;
import io.plantproof.sample.Sample;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks the whole local log as it is on disk, reading only: the ledger's CRCs, hash chain and seals (damage named
 * with segment, byte and record range), the evidence log against the ledger (leaves sealed from records that are gone),
 * every evidence chunk against its leaf, and every checkpoint's signature (current or retired key) and root against
 * the leaves. {@code plantproof ledger verify} prints the problems and notes.
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

    /**
     * What was checked, every problem found ({@link #ok()} when there is none) and notes that are no problem (a torn
     * write a crash left at the end of the ledger, which the collector sets aside at its next start).
     */
    public record Result(long ledgerRecords, int leaves, int checkpoints, List<Problem> problems, List<String> notes) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Verifies the collector's ledger and evidence log (files re-read from disk) with every key of the collector. */
    public static Result verify(Ledger ledger, EvidenceLog evidence) {
        return verify(ledger.reader(), evidence.dir(), evidence.key().publicKeys(), evidence.zone());
    }

    /**
     * Verifies {@code ledger} and the evidence folder {@code evidenceDir} against the given public keys by fingerprint;
     * {@code zone} is the plant's, in which samples were sealed into days.
     */
    public static Result verify(LedgerReader ledger, Path evidenceDir, Map<String, PublicKey> keys, ZoneId zone) {
        List<Problem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        long sealedUpTo = sealedOffset(evidenceDir, problems);
        Map<String, Long> sealedSamples = new HashMap<>();
        LedgerReader.Scan scan = ledger.scan(entry -> {
            if (entry.seq() < sealedUpTo) {
                for (Sample s : entry.batch().samples()) {
                    sealedSamples.merge(deviceDay(s.device(), Instant.ofEpochMilli(s.epochMillis()).atZone(zone).toLocalDate()), 1L, Long::sum);
                }
            }
        });
        checkLedger(scan, sealedUpTo, problems, notes);
        List<Leaf> leaves = readLeaves(evidenceDir, problems);
        for (Leaf leaf : leaves) {
            verifyChunk(evidenceDir, leaf, problems);
        }
        checkLeavesAgainstLedger(leaves, sealedSamples, problems);
        List<byte[]> hashes = leaves.stream().map(Leaf::hash).toList();
        int checkpoints = 0;
        for (Path file : checkpointFiles(evidenceDir)) {
            checkpoints++;
            verifyCheckpoint(file, hashes, keys, problems);
        }
        return new Result(scan.records(), leaves.size(), checkpoints, List.copyOf(problems), List.copyOf(notes));
    }

    private static void checkLedger(LedgerReader.Scan scan, long sealedUpTo, List<Problem> problems, List<String> notes) {
        for (Damage d : scan.damage()) {
            problems.add(new Problem("ledger " + d.segment(), d.toString().substring(d.segment().length() + 1)
                    + " (the segment is kept as it is; restore it from a backup if there is one)"));
            if (d.lostRecords() > 0 && d.firstLostSeq() < sealedUpTo) {
                problems.add(new Problem("evidence log", "records " + d.firstLostSeq() + ".." + (Math.min(d.resumeSeq(), sealedUpTo) - 1)
                        + " were sealed into leaves but are unreadable in the ledger now (" + d.segment() + ")"));
            }
        }
        scan.sealProblems().forEach(p -> problems.add(new Problem("ledger seal", p)));
        if (scan.tornTail() != null) {
            notes.add("ledger ends in a torn write (" + scan.tornTail() + "): a crash interrupted it, so it was never acknowledged; "
                    + "the collector copies it to ledger/quarantine/ and cuts it at its next start");
        }
        long reached = scan.damage().stream().mapToLong(Damage::resumeSeq).reduce(scan.nextSeq(), Math::max);
        if (reached < sealedUpTo) {
            problems.add(new Problem("evidence log", "sealed.offset says records up to seq " + (sealedUpTo - 1)
                    + " were sealed into leaves, but the ledger ends at seq " + (reached - 1) + ": records " + reached
                    + ".." + (sealedUpTo - 1) + " are gone"));
        }
    }

    /** A device's leaves for a day cannot hold more samples than the ledger's sealed records hold for it (chunks drop repeats). */
    private static void checkLeavesAgainstLedger(List<Leaf> leaves, Map<String, Long> sealedSamples, List<Problem> problems) {
        Map<String, List<Leaf>> byDeviceDay = new TreeMap<>();
        for (Leaf leaf : leaves) {
            byDeviceDay.computeIfAbsent(deviceDay(leaf.device(), leaf.day()), k -> new ArrayList<>()).add(leaf);
        }
        byDeviceDay.forEach((key, group) -> {
            long inLeaves = group.stream().mapToLong(Leaf::samples).sum();
            long inLedger = sealedSamples.getOrDefault(key, 0L);
            if (inLeaves > inLedger) {
                Leaf first = group.get(0);
                problems.add(new Problem("leaves " + group.stream().map(l -> Long.toString(l.index())).collect(Collectors.joining(", "))
                        + " (" + first.device() + " on " + first.day() + ")", "hold " + inLeaves + " samples but the ledger's sealed "
                        + "records now hold only " + inLedger + " for that device and day: records they were sealed from are gone"));
            }
        });
    }

    private static String deviceDay(String device, LocalDate day) {
        return device + '\u0000' + day;
    }

    /** Ledger records below this were sealed into leaves (the evidence log's {@code sealed.offset}); 0 when none. */
    private static long sealedOffset(Path evidenceDir, List<Problem> problems) {
        Path file = evidenceDir.resolve("sealed.offset");
        try {
            return Files.exists(file) ? Long.parseLong(Files.readString(file).strip()) : 0;
        } catch (IOException | NumberFormatException e) {
            problems.add(new Problem("sealed.offset", "unreadable: " + e.getMessage()));
            return 0;
        }
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

    /** A format-2 JSON checkpoint (written before checkpoints became signed notes) or a signed-note checkpoint. */
    private static void verifyCheckpoint(Path file, List<byte[]> hashes, Map<String, PublicKey> keys, List<Problem> problems) {
        String subject = "checkpoint " + file.getFileName();
        long size;
        String root;
        try {
            if (file.getFileName().toString().endsWith(".json")) {
                Checkpoint cp = JSON.readValue(file.toFile(), Checkpoint.class);
                PublicKey key = keys.get(cp.keyFingerprint());
                if (key == null) {
                    problems.add(new Problem(subject, "signed by unknown key " + cp.keyFingerprint()
                            + " (not this collector's current or retired key: forged, or keys/retired is incomplete)"));
                    return;
                } else if (!cp.verify(key)) {
                    problems.add(new Problem(subject, "signature does not verify with key " + cp.keyFingerprint() + " (forged or edited)"));
                    return;
                }
                size = cp.treeSize();
                root = cp.root();
            } else {
                Note note = Note.parse(Files.readAllBytes(file));
                TreeHead head = TreeHead.parse(note.text());
                if (keys.values().stream().noneMatch(k -> note.verify(NoteKey.ed25519(head.origin(), k)) == Note.Check.VALID)) {
                    problems.add(new Problem(subject, "not signed for log " + head.origin() + " by this collector's current or "
                            + "retired key (forged or edited, or keys/retired is incomplete)"));
                    return;
                }
                size = head.size();
                root = Hashes.hex(head.root());
            }
        } catch (IOException | RuntimeException e) {
            problems.add(new Problem(subject, "unreadable: " + e.getMessage()));
            return;
        }
        if (size > hashes.size()) {
            problems.add(new Problem(subject, "covers " + size + " leaves but the log has only " + hashes.size()
                    + " (leaves removed)"));
        } else if (!Hashes.hex(MerkleTree.root(hashes.subList(0, (int) size))).equals(root)) {
            problems.add(new Problem(subject, "root does not match leaves 0.." + (size - 1)
                    + " (a leaf was removed or edited)"));
        }
    }

    private static List<Path> checkpointFiles(Path evidenceDir) {
        Path dir = evidenceDir.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json") || p.getFileName().toString().endsWith(".note"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
        }
    }
}
