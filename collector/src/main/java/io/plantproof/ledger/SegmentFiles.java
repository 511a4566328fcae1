package io.plantproof.ledger;

import io.plantproof.files.Disk;
import io.plantproof.files.DurableFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The ledger folder's files: segments {@code segment-<firstSeq>.log} (closed ones may be {@code .log.gz}), their seals
 * {@code segment-<firstSeq>.seal}, and {@code quarantine/} for bytes set aside. A read-only instance never writes.
 */
final class SegmentFiles {

    private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{16})\\.log(\\.gz)?");
    private static final Pattern SEAL = Pattern.compile("segment-(\\d{16})\\.seal");

    /** One segment file; a closed segment may be compressed, the open one never is. */
    record Segment(long firstSeq, Path path, boolean compressed) {
        Segment asCompressed() {
            return new Segment(firstSeq, path.resolveSibling(path.getFileName() + ".gz"), true);
        }

        String name() {
            return path.getFileName().toString();
        }
    }

    private final Path dir;
    private final Disk disk;
    private final ConcurrentSkipListMap<Long, Seal> seals = new ConcurrentSkipListMap<>();
    private final List<String> sealProblems = new ArrayList<>();

    /** {@code disk} is null for a read-only view. */
    SegmentFiles(Path dir, Disk disk) {
        this.dir = dir;
        this.disk = disk;
    }

    Path dir() {
        return dir;
    }

    Disk disk() {
        if (disk == null) {
            throw new IllegalStateException("ledger " + dir + " is open read-only");
        }
        return disk;
    }

    Path quarantine() {
        return dir.resolve("quarantine");
    }

    Path plainPath(long firstSeq) {
        return dir.resolve(String.format("segment-%016d.log", firstSeq));
    }

    /** The segments in order; where a crash left both forms of one segment, the (complete) compressed one. */
    List<Segment> list() {
        TreeMap<Long, Segment> bySeq = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(p -> {
                Matcher m = SEGMENT.matcher(p.getFileName().toString());
                if (m.matches()) {
                    Segment seg = new Segment(Long.parseLong(m.group(1)), p, m.group(2) != null);
                    bySeq.merge(seg.firstSeq(), seg, (a, b) -> a.compressed() ? a : b);
                }
            });
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list ledger " + dir + ": " + e.getMessage(), e);
        }
        return List.copyOf(bySeq.values());
    }

    /** Reads every seal; an unreadable one is ignored (its segment is read in full) and named in {@link #sealProblems()}. */
    void loadSeals() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Matcher m = SEAL.matcher(p.getFileName().toString());
                if (m.matches()) {
                    long first = Long.parseLong(m.group(1));
                    try {
                        Seal seal = Seal.parse(Files.readString(p, StandardCharsets.US_ASCII));
                        if (seal.firstSeq() != first) {
                            throw new IllegalArgumentException("seal for first seq " + seal.firstSeq() + " in the file of " + first + " (renamed?)");
                        }
                        seals.put(first, seal);
                    } catch (IllegalArgumentException e) {
                        sealProblems.add(p.getFileName() + ": " + e.getMessage() + "; ignored, its segment is read in full");
                    }
                }
            }
        }
    }

    List<String> sealProblems() {
        return List.copyOf(sealProblems);
    }

    Seal seal(long firstSeq) {
        return seals.get(firstSeq);
    }

    /** Written durably before the next segment exists, so a segment with a successor normally has its seal. */
    void writeSeal(Seal seal) throws IOException {
        DurableFiles.replace(disk(), dir.resolve(String.format("segment-%016d.seal", seal.firstSeq())),
                seal.line().getBytes(StandardCharsets.US_ASCII));
        seals.put(seal.firstSeq(), seal);
    }

    /**
     * How many leading segments have a seal that the next segment continues (the last may be sealed with no
     * successor after a crash in the middle of a roll); readers may start right after any of them.
     */
    int sealedPrefix(List<Segment> segments) {
        int k = 0;
        long expectedFirst = 0;
        while (k < segments.size()) {
            Seal seal = seals.get(segments.get(k).firstSeq());
            boolean continued = seal != null && seal.firstSeq() == expectedFirst
                    && (k + 1 == segments.size() || segments.get(k + 1).firstSeq() == seal.endSeq());
            if (!continued) {
                break;
            }
            expectedFirst = seal.endSeq();
            k++;
        }
        return k;
    }

    /** Bytes of all records before segment {@code index}, as its seals count them. */
    long sealedBytesBefore(List<Segment> segments, int index) {
        long bytes = 0;
        for (int i = 0; i < index; i++) {
            bytes += seals.get(segments.get(i).firstSeq()).bytes();
        }
        return bytes;
    }
}
