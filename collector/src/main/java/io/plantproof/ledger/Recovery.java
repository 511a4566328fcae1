package io.plantproof.ledger;

import io.plantproof.files.Disk;
import io.plantproof.files.DurableFiles;
import io.plantproof.ledger.SegmentFiles.Segment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Opening the ledger for writing: re-reads (CRCs and chain, without decoding) the segments after the last consistent
 * seal, seals clean closed segments that have none, and finds where appending resumes. Nothing is deleted: damage is
 * reported and its segment kept as it is; only a torn tail after the last readable record of the last segment is
 * cut, after being copied to {@code quarantine/}.
 */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** Where appending resumes, what opening found, and the closed plain segments still to compress. */
    record Result(SegmentWriter.Start start, Ledger.RecoveryReport report, int sealedSegments, List<Path> toCompress) {
    }

    private Recovery() {
    }

    static Result run(SegmentFiles files, Consumer<Damage> damageSink) throws IOException {
        Disk disk = files.disk();
        Compressor.removeLeftovers(files.dir(), disk);
        files.loadSeals();
        List<Segment> segments = files.list();
        int sealed = files.sealedPrefix(segments);
        List<Damage> damage = new ArrayList<>();
        Set<Long> damaged = new HashSet<>();
        LedgerCursor.Listener listener = new LedgerCursor.Listener() {
            @Override
            public void damage(Damage d) {
                damage.add(d);
                damaged.add(d.segmentFirst());
                damageSink.accept(d);
            }

            @Override
            public void segmentEnd(Segment segment, long endSeq, long bytes, byte[] head, boolean segmentDamaged) {
                if (!segmentDamaged && files.seal(segment.firstSeq()) == null) {
                    try {
                        files.writeSeal(new Seal(segment.firstSeq(), endSeq, bytes, head));
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot seal ledger segment " + segment.path() + ": " + e.getMessage(), e);
                    }
                }
            }
        };
        long tornBytes = 0;
        Path quarantined = null;
        String tornProblem = null;
        long nextSeq;
        byte[] head;
        long logicalEnd;
        long lastSegmentBytes;
        try (LedgerCursor scan = new LedgerCursor(files, () -> Long.MAX_VALUE, listener, true)) {
            scan.startAt(segments, sealed);
            scan.skipTo(Long.MAX_VALUE);
            LedgerCursor.Tail tail = scan.tail();
            if (tail != null) {
                quarantined = quarantineTail(files, tail, scan.position());
                tornBytes = tail.size() - tail.offset();
                tornProblem = tail.problem();
            }
            nextSeq = scan.position();
            head = scan.chainHead();
            logicalEnd = scan.logicalBytes();
            lastSegmentBytes = scan.segmentPosition();
        }
        if (head == null) {
            // only after damage with no readable record behind it; later records chain from here and are checked among themselves
            head = new byte[RecordFormat.HASH];
        }
        Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        boolean lastOpen = last != null && !last.compressed() && files.seal(last.firstSeq()) == null;
        if (lastOpen && damaged.contains(last.firstSeq())) {
            // a damaged segment is kept as it is: sealed as read, so readers skip to its successor, and never appended to
            files.writeSeal(new Seal(last.firstSeq(), nextSeq, lastSegmentBytes, head));
            lastOpen = false;
        }
        List<Path> toCompress = new ArrayList<>();
        for (Segment seg : segments) {
            if (!seg.compressed() && !(lastOpen && seg == last) && !damaged.contains(seg.firstSeq())) {
                toCompress.add(seg.path());
            }
        }
        SegmentWriter.Start start = lastOpen
                ? new SegmentWriter.Start(last.firstSeq(), last.path(), false, nextSeq, head, logicalEnd)
                : new SegmentWriter.Start(nextSeq, files.plainPath(nextSeq), true, nextSeq, head, logicalEnd);
        var report = new Ledger.RecoveryReport(nextSeq, tornBytes, quarantined, tornProblem, List.copyOf(damage));
        return new Result(start, report, sealed, toCompress);
    }

    /**
     * Copies the torn tail to {@code quarantine/<segment>.torn-at-<offset>} (durably) and only then cuts it off: a crash
     * interrupted that write, so it was never acknowledged, but its bytes are kept in case it was something else.
     */
    private static Path quarantineTail(SegmentFiles files, LedgerCursor.Tail tail, long afterSeq) throws IOException {
        Disk disk = files.disk();
        Path dir = files.quarantine();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            disk.forceDirectory(files.dir());
        }
        Path copy = dir.resolve(tail.segment().name() + ".torn-at-" + tail.offset());
        for (int n = 1; Files.exists(copy); n++) {
            copy = dir.resolve(tail.segment().name() + ".torn-at-" + tail.offset() + "." + n);
        }
        try (FileChannel ch = disk.open(tail.segment().path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.allocate((int) (tail.size() - tail.offset()));
            while (bytes.hasRemaining() && ch.read(bytes, tail.offset() + bytes.position()) >= 0) {
                // until the end of the file
            }
            DurableFiles.replace(disk, copy, bytes.array());
            ch.truncate(tail.offset());
            ch.force(true);
        }
        LOG.warn("ledger {}: the last {} bytes after seq {} were a torn write ({}): a crash interrupted that write, so it "
                        + "was never acknowledged; copied to {} and cut off", tail.segment().path(), tail.size() - tail.offset(),
                afterSeq - 1, tail.problem(), copy);
        return copy;
    }
}
