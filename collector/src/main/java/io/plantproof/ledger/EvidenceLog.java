package io.plantproof.ledger;

import io.plantproof.evidence.FiledCheckpoint;
import io.plantproof.evidence.LogOrigin;
import io.plantproof.evidence.Chunk;
import io.plantproof.evidence.Leaf;
import io.plantproof.files.DurableFiles;
import io.plantproof.merkle.Hashes;
import io.plantproof.tlog.Note;
import io.plantproof.tlog.TreeHead;
import io.plantproof.merkle.MerkleTree;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The evidence Merkle log: seals ledger records into per-device, per-day chunks, appends one leaf
 * per chunk, and signs checkpoints of the tree as C2SP signed notes under the log's origin, keeping the witness
 * cosignatures and time-stamps they gather. Data for a day that was already closed becomes a late amendment part.
 */
public final class EvidenceLog {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceLog.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dir;
    private final ZoneId zone;
    private final Ledger ledger;
    private final CollectorKey key;
    private final LogOrigin origin;
    private static final String RUN_FILE = "sealing.run";
    /** Samples held in memory while grouping before they are appended to their spill files. */
    private static final int SPILL_SAMPLES = 500_000;

    private final List<Leaf> leaves = new ArrayList<>();
    private long sealedUpTo;
    private SealRun interrupted;
    private volatile int leafCount;

    public EvidenceLog(Path dir, ZoneId zone, Ledger ledger, CollectorKey key, LogOrigin origin) {
        this.dir = dir;
        this.origin = origin;
        this.zone = zone;
        this.ledger = ledger;
        this.key = key;
        try {
            Files.createDirectories(dir.resolve("chunks"));
            Files.createDirectories(dir.resolve("checkpoints"));
            readLeaves(dir.resolve("leaves.jsonl"));
            leafCount = leaves.size();
            Path offset = dir.resolve("sealed.offset");
            sealedUpTo = Files.exists(offset) ? Long.parseLong(Files.readString(offset).trim()) : 0;
            Path run = dir.resolve(RUN_FILE);
            interrupted = Files.exists(run) ? SealRun.parse(Files.readString(run), run) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open evidence log " + dir, e);
        }
    }

    /** A last line without its newline is a leaf a crash cut short: no checkpoint covers it, so it is dropped. */
    private void readLeaves(Path index) throws IOException {
        if (!Files.exists(index)) {
            return;
        }
        byte[] bytes = Files.readAllBytes(index);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end < bytes.length) {
            LOG.warn("evidence log {}: dropping a leaf line cut short by a crash ({} bytes); its chunk is sealed again",
                    index, bytes.length - end);
            try (FileChannel ch = FileChannel.open(index, StandardOpenOption.WRITE)) {
                ch.truncate(end);
                ch.force(true);
            }
        }
        int lineNo = 0;
        for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
            lineNo++;
            if (!line.isBlank()) {
                try {
                    leaves.add(JSON.readValue(line, Leaf.class));
                } catch (RuntimeException e) {
                    throw new IllegalStateException(index + " line " + lineNo + " is not a leaf (edited?): " + e.getMessage(), e);
                }
            }
        }
    }

    public Path dir() {
        return dir;
    }

    /** The plant's zone, in which samples are sealed into days. */
    public ZoneId zone() {
        return zone;
    }

    /** Leaves so far, without waiting for a seal in progress (for meters and status pages). */
    public int leafCount() {
        return leafCount;
    }

    public synchronized List<Leaf> leaves() {
        return List.copyOf(leaves);
    }

    /**
     * Seals every ledger record not sealed yet into chunks and leaves, one new part per device and day.
     * A day is closed once it has a part sealed after the day ended; data for a closed day becomes a
     * late amendment part. {@link EvidenceSchedule} seals shortly after midnight so that the grace
     * period before closing is short and fixed. A run a crash interrupted is completed first, so its
     * records are sealed exactly once.
     */
    public synchronized int seal(Instant now) {
        int sealed = 0;
        try {
            if (interrupted != null) {
                LOG.warn("evidence log {}: completing a seal a crash interrupted (ledger records {} to {}, {} of its parts "
                        + "already written)", dir, interrupted.from(), interrupted.upTo(), leaves.size() - interrupted.leavesBefore());
                sealed += sealRange(interrupted, now);
                interrupted = null;
            }
            long end = ledger.nextSeq();
            if (end > sealedUpTo) {
                SealRun run = new SealRun(sealedUpTo, end, leaves.size());
                DurableFiles.replace(dir.resolve(RUN_FILE), run.text().getBytes(StandardCharsets.UTF_8));
                sealed += sealRange(run, now);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("sealing evidence into " + dir + " failed: " + e.getMessage(), e);
        }
        return sealed;
    }

    /**
     * Seals ledger records {@code [from, upTo)}, skipping the parts of this run already written (a resumed run),
     * then records the new offset and ends the run. Samples are grouped per device and day through spill files,
     * so a day of a large plant needs the memory of one chunk, not of the day.
     */
    private int sealRange(SealRun run, Instant now) throws IOException {
        Path spill = dir.resolve("sealing");
        deleteTree(spill);
        Files.createDirectories(spill);
        Map<String, Path> spills = spillByChunk(run, spill);
        int alreadyWritten = leaves.size() - run.leavesBefore();
        int sealed = 0;
        int index = 0;
        for (var e : spills.entrySet()) {
            if (index++ < alreadyWritten) {
                continue;
            }
            int cut = e.getKey().indexOf('\u0000');
            sealChunk(e.getKey().substring(0, cut), LocalDate.parse(e.getKey().substring(cut + 1)), readSpill(e.getValue()), now);
            sealed++;
        }
        DurableFiles.replace(dir.resolve("sealed.offset"), Long.toString(run.upTo()).getBytes(StandardCharsets.UTF_8));
        sealedUpTo = run.upTo();
        Files.delete(dir.resolve(RUN_FILE));
        deleteTree(spill);
        return sealed;
    }

    /** Appends each record's samples to one spill file per device and day; the map's order is the order of parts. */
    private Map<String, Path> spillByChunk(SealRun run, Path spill) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        Map<String, List<Sample>> pending = new TreeMap<>();
        int buffered = 0;
        try (LedgerCursor cursor = ledger.cursor().seek(run.from())) {
            List<LedgerEntry> batch;
            while (cursor.position() < run.upTo()
                    && !(batch = cursor.next((int) Math.min(4096, run.upTo() - cursor.position()))).isEmpty()) {
                for (LedgerEntry entry : batch) {
                    for (Sample s : entry.batch().samples()) {
                        LocalDate day = Instant.ofEpochMilli(s.epochMillis()).atZone(zone).toLocalDate();
                        String chunk = s.device() + '\u0000' + day;
                        files.computeIfAbsent(chunk, k -> spill.resolve(files.size() + ".bin"));
                        pending.computeIfAbsent(chunk, k -> new ArrayList<>()).add(s);
                        if (++buffered >= SPILL_SAMPLES) {
                            flush(pending, files);
                            buffered = 0;
                        }
                    }
                }
            }
        }
        flush(pending, files);
        return files;
    }

    private static void flush(Map<String, List<Sample>> pending, Map<String, Path> files) throws IOException {
        for (var e : pending.entrySet()) {
            byte[] encoded = BatchCodec.encode(new SampleBatch("seal", e.getValue()));
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(files.get(e.getKey()),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)))) {
                out.writeInt(encoded.length);
                out.write(encoded);
            }
        }
        pending.clear();
    }

    private static List<Sample> readSpill(Path file) throws IOException {
        List<Sample> samples = new ArrayList<>();
        long remaining = Files.size(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            while (remaining > 0) {
                int length = in.readInt();
                samples.addAll(BatchCodec.decode(in.readNBytes(length)).samples());
                remaining -= 4L + length;
            }
        }
        return samples;
    }

    private void sealChunk(String device, LocalDate day, List<Sample> samples, Instant now) throws IOException {
        List<Leaf> previous = leaves.stream().filter(l -> l.device().equals(device) && l.day().equals(day)).toList();
        Instant dayEnd = day.plusDays(1).atStartOfDay(zone).toInstant();
        boolean late = previous.stream().anyMatch(l -> !l.sealedAt().isBefore(dayEnd));
        Chunk chunk = new Chunk(device, day, previous.size(), samples);
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
        leafCount = leaves.size();
        if (late) {
            LOG.warn("late data: {} samples of {} on {} arrived after the day was sealed; kept as amendment part {}",
                    chunk.samples().size(), device, day, chunk.part());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * A seal in progress, written before its first part: ledger records {@code [from, upTo)} and the leaf count
     * before it, so a run a crash interrupted is finished with the same parts instead of sealing records twice.
     */
    private record SealRun(long from, long upTo, int leavesBefore) {

        String text() {
            return from + " " + upTo + " " + leavesBefore + "\n";
        }

        static SealRun parse(String text, Path file) {
            String[] f = text.strip().split(" ");
            try {
                return new SealRun(Long.parseLong(f[0]), Long.parseLong(f[1]), Integer.parseInt(f[2]));
            } catch (RuntimeException e) {
                throw new IllegalStateException(file + " is not '<from> <upTo> <leavesBefore>': " + text.strip(), e);
            }
        }
    }

    public synchronized List<byte[]> leafHashes() {
        return leaves.stream().map(Leaf::hash).toList();
    }

    public LogOrigin origin() {
        return origin;
    }

    /**
     * Signs and stores a checkpoint of the current tree: a C2SP signed note (origin, size, root) with the signing time
     * as its one extension line, {@code checkpoints/checkpoint-<size>.note}. Witness cosignatures are appended to that
     * file and a time-stamp stored beside it as {@code .tsr}, as they arrive. A tree already checkpointed keeps its
     * checkpoint, which is returned.
     */
    public synchronized Note checkpoint(Instant now) {
        Optional<Note> signed = checkpoint(leaves.size());
        if (signed.isPresent()) {
            return signed.get(); // the same tree: its checkpoint, cosignatures and time-stamp stand
        }
        TreeHead head = new TreeHead(origin.text(), leaves.size(), MerkleTree.root(leafHashes()),
                List.of(FiledCheckpoint.TIME + " " + now.truncatedTo(ChronoUnit.SECONDS)));
        Note note = key.signNote(head.text(), origin.text());
        try {
            DurableFiles.replace(checkpointFile(leaves.size()), note.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint in " + dir, e);
        }
        return note;
    }

    private Path checkpointFile(long size) {
        return dir.resolve("checkpoints").resolve(String.format("checkpoint-%010d.note", size));
    }

    private Path timestampFile(long size) {
        return dir.resolve("checkpoints").resolve(String.format("checkpoint-%010d.tsr", size));
    }

    /** The stored checkpoint of {@code size} leaves, with the cosignatures it has gathered. */
    public synchronized Optional<Note> checkpoint(long size) {
        Path file = checkpointFile(size);
        try {
            return Files.exists(file) ? Optional.of(Note.parse(Files.readAllBytes(file))) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("checkpoint " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** Appends cosignatures to the stored checkpoint of {@code size} leaves; the file is replaced atomically. */
    public synchronized Note addCosignatures(long size, List<Note.Signature> cosignatures) {
        Note cosigned = checkpoint(size).orElseThrow(() -> new IllegalStateException("no checkpoint of " + size + " leaves in " + dir))
                .with(cosignatures);
        try {
            DurableFiles.replace(checkpointFile(size), cosigned.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store cosignatures of checkpoint " + size + " in " + dir, e);
        }
        return cosigned;
    }

    /** Stores an RFC 3161 time-stamp response over the checkpoint of {@code size} leaves. */
    public synchronized void addTimestamp(long size, byte[] response) {
        try {
            DurableFiles.replace(timestampFile(size), response);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the time-stamp of checkpoint " + size + " in " + dir, e);
        }
    }

    /** The stored time-stamp response over the checkpoint of {@code size} leaves, if any. */
    public synchronized Optional<byte[]> timestamp(long size) {
        Path file = timestampFile(size);
        try {
            return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public byte[] chunkBytes(Leaf leaf) {
        try {
            return Files.readAllBytes(dir.resolve("chunks").resolve(leaf.chunkPath()));
        } catch (IOException e) {
            throw new UncheckedIOException("evidence chunk " + leaf.chunkPath() + " is missing: " + e.getMessage(), e);
        }
    }

    /** The sizes of every stored checkpoint (signed notes; format-2 JSON checkpoints of older releases are not listed), ascending. */
    public synchronized List<Long> checkpointSizes() {
        try (Stream<Path> files = Files.list(dir.resolve("checkpoints"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("checkpoint-\\d{10}\\.note"))
                    .map(n -> Long.parseLong(n.substring("checkpoint-".length(), n.length() - ".note".length())))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
        }
    }

    public CollectorKey key() {
        return key;
    }
}
