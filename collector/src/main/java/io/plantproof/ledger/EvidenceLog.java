package io.plantproof.ledger;

import io.plantproof.evidence.Checkpoint;
import io.plantproof.evidence.Chunk;
import io.plantproof.evidence.Leaf;
import io.plantproof.merkle.Hashes;
import io.plantproof.merkle.MerkleTree;
import io.plantproof.sample.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The evidence Merkle log: seals ledger records into per-device, per-day chunks, appends one leaf
 * per chunk, and signs checkpoints of the tree. Data for a day that was already closed becomes a
 * late amendment part.
 */
public final class EvidenceLog {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceLog.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dir;
    private final ZoneId zone;
    private final Ledger ledger;
    private final CollectorKey key;
    private final List<Leaf> leaves = new ArrayList<>();
    private long sealedUpTo;

    public EvidenceLog(Path dir, ZoneId zone, Ledger ledger, CollectorKey key) {
        this.dir = dir;
        this.zone = zone;
        this.ledger = ledger;
        this.key = key;
        try {
            Files.createDirectories(dir.resolve("chunks"));
            Files.createDirectories(dir.resolve("checkpoints"));
            Path index = dir.resolve("leaves.jsonl");
            if (Files.exists(index)) {
                for (String line : Files.readAllLines(index)) {
                    if (!line.isBlank()) {
                        leaves.add(JSON.readValue(line, Leaf.class));
                    }
                }
            }
            Path offset = dir.resolve("sealed.offset");
            sealedUpTo = Files.exists(offset) ? Long.parseLong(Files.readString(offset).trim()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open evidence log " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    public synchronized List<Leaf> leaves() {
        return List.copyOf(leaves);
    }

    /**
     * Seals every ledger record not sealed yet into chunks and leaves, one new part per device and day.
     * A day is closed once it has a part sealed after the day ended; data for a closed day becomes a
     * late amendment part. {@link EvidenceSchedule} seals shortly after midnight so that the grace
     * period before closing is short and fixed.
     */
    public synchronized int seal(Instant now) {
        Map<String, List<Sample>> byChunk = new TreeMap<>();
        long upTo = sealedUpTo;
        try (Ledger.Cursor cursor = ledger.cursor().seek(sealedUpTo)) {
            List<LedgerEntry> batch;
            while (!(batch = cursor.next(4096)).isEmpty()) {
                for (LedgerEntry entry : batch) {
                    for (Sample s : entry.batch().samples()) {
                        LocalDate day = Instant.ofEpochMilli(s.epochMillis()).atZone(zone).toLocalDate();
                        byChunk.computeIfAbsent(s.device() + '\u0000' + day, k -> new ArrayList<>()).add(s);
                    }
                    upTo = entry.seq() + 1;
                }
            }
        }
        int sealed = 0;
        try {
            for (var e : byChunk.entrySet()) {
                String[] key2 = e.getKey().split("\u0000");
                String device = key2[0];
                LocalDate day = LocalDate.parse(key2[1]);
                List<Leaf> previous = leaves.stream().filter(l -> l.device().equals(device) && l.day().equals(day)).toList();
                Instant dayEnd = day.plusDays(1).atStartOfDay(zone).toInstant();
                boolean late = previous.stream().anyMatch(l -> !l.sealedAt().isBefore(dayEnd));
                Chunk chunk = new Chunk(device, day, previous.size(), e.getValue());
                byte[] bytes = chunk.encode();
                Path file = dir.resolve("chunks").resolve(chunk.path());
                Files.createDirectories(file.getParent());
                // No leaf names this part yet, so an existing file is an orphan of a seal a crash interrupted.
                Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE, StandardOpenOption.SYNC);
                Leaf leaf = new Leaf(leaves.size(), device, day, chunk.part(), late, Hashes.sha256Hex(bytes),
                        chunk.samples().size(), now);
                Files.writeString(dir.resolve("leaves.jsonl"), JSON.writeValueAsString(leaf) + "\n",
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
                leaves.add(leaf);
                sealed++;
                if (late) {
                    LOG.warn("late data: {} samples of {} on {} arrived after the day was sealed; kept as amendment part {}",
                            chunk.samples().size(), device, day, chunk.part());
                }
            }
            Files.writeString(dir.resolve("sealed.offset"), Long.toString(upTo));
        } catch (IOException e) {
            throw new UncheckedIOException("sealing evidence into " + dir + " failed: " + e.getMessage(), e);
        }
        sealedUpTo = upTo;
        return sealed;
    }

    public synchronized List<byte[]> leafHashes() {
        return leaves.stream().map(Leaf::hash).toList();
    }

    /** Signs and stores a checkpoint of the current tree. */
    public synchronized Checkpoint checkpoint(Instant now) {
        Checkpoint cp = key.signCheckpoint(leaves.size(), Hashes.hex(MerkleTree.root(leafHashes())), now);
        try {
            Files.write(dir.resolve("checkpoints").resolve(String.format("checkpoint-%010d.json", leaves.size())),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(cp));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint in " + dir, e);
        }
        return cp;
    }

    public byte[] chunkBytes(Leaf leaf) {
        try {
            return Files.readAllBytes(dir.resolve("chunks").resolve(leaf.chunkPath()));
        } catch (IOException e) {
            throw new UncheckedIOException("evidence chunk " + leaf.chunkPath() + " is missing: " + e.getMessage(), e);
        }
    }

    /** Every stored checkpoint, oldest first. */
    public List<Checkpoint> checkpoints() {
        try (Stream<Path> files = Files.list(dir.resolve("checkpoints"))) {
            return files.sorted().map(p -> {
                try {
                    return JSON.readValue(p.toFile(), Checkpoint.class);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("checkpoint " + p + " is unreadable: " + e.getMessage(), e);
                }
            }).sorted(Comparator.comparingLong(Checkpoint::treeSize)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CollectorKey key() {
        return key;
    }
}
