package io.plantproof.ledger;

import io.plantproof.files.Disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Appends records to the active segment and makes them durable, sharing one fsync among concurrent appenders
 * (group commit), and rolls to a new segment, sealing the old one, at the size bound. A write or fsync the disk
 * refuses is undone before anything else is appended: the file is cut back to the last durable record, so no
 * record ever follows a torn one, and the appenders whose records were cut are refused.
 */
final class SegmentWriter implements AutoCloseable {

    /** Where appending starts: the segment to append to and the last durable record's position and chain hash. */
    record Start(long segmentFirstSeq, Path segment, boolean newSegment, long nextSeq, byte[] head, long logicalEnd) {
    }

    private final SegmentFiles files;
    private final Disk disk;
    private final long segmentBytes;
    private final Consumer<Path> closedSegment;
    private final Object appendLock = new Object();
    private final Object syncLock = new Object();
    private final AtomicLong fsyncs = new AtomicLong();
    /** For each generation a failed fsync ended: records from this seq on were cut. */
    private final Map<Long, Long> cutFrom = new ConcurrentHashMap<>();

    // What the active segment holds, guarded by appendLock.
    private FileChannel channel;
    private long segmentFirstSeq;
    private long nextSeq;
    private byte[] head;
    private long written;
    private long logicalEnd;
    private long generation;
    /** The active segment is sealed but its successor could not be created yet. */
    private boolean sealedActive;
    /** The file may hold bytes from here on that must be cut before the next append, or -1. */
    private long dirtyFrom = -1;
    private boolean closed;

    // The durable point of the active segment, guarded by appendLock; synced is also read without it.
    private volatile long synced;
    private long syncedBytes;
    private byte[] syncedHead;
    private long syncedLogicalEnd;

    SegmentWriter(SegmentFiles files, long segmentBytes, Start start, Consumer<Path> closedSegment) throws IOException {
        this.files = files;
        this.disk = files.disk();
        this.segmentBytes = segmentBytes;
        this.closedSegment = closedSegment;
        this.segmentFirstSeq = start.segmentFirstSeq();
        this.channel = disk.open(start.segment(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        if (start.newSegment()) {
            disk.forceDirectory(files.dir());
        }
        this.written = channel.size();
        this.nextSeq = start.nextSeq();
        this.head = start.head();
        this.logicalEnd = start.logicalEnd();
        markDurable();
    }

    /** Sequence number the next record will get; also the number of durable records. */
    long synced() {
        return synced;
    }

    /** Uncompressed record bytes in the ledger, including records not yet durable. */
    long logicalEnd() {
        synchronized (appendLock) {
            return logicalEnd;
        }
    }

    long fsyncs() {
        return fsyncs.get();
    }

    /**
     * Appends the payloads as consecutive records, all or none, and returns the first one's sequence number once
     * all are durable; throws when the disk refused them (nothing of them stays in the ledger then).
     */
    long append(List<byte[]> payloads) throws IOException {
        long first;
        long end;
        long gen;
        synchronized (appendLock) {
            prepare();
            first = nextSeq;
            int size = 0;
            for (byte[] p : payloads) {
                size += RecordFormat.HEADER + p.length;
            }
            ByteBuffer buf = ByteBuffer.allocate(size);
            byte[] hash = head;
            long seq = first;
            for (byte[] p : payloads) {
                hash = RecordFormat.chain(hash, seq, p);
                RecordFormat.put(buf, seq++, hash, p);
            }
            buf.flip();
            long at = written;
            try {
                while (buf.hasRemaining()) {
                    channel.write(buf, at + buf.position());
                }
            } catch (IOException e) {
                dirtyFrom = at;
                cutDirtyTail(e);
                throw e;
            }
            written += size;
            logicalEnd += size;
            head = hash;
            nextSeq = seq;
            end = seq;
            gen = generation;
        }
        sync(end, gen);
        return first;
    }

    /** Before appending: cuts what a failed write left, finishes a roll a failure interrupted, or rolls at the size bound. */
    private void prepare() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        if (dirtyFrom >= 0) {
            channel.truncate(dirtyFrom);
            dirtyFrom = -1;
        }
        if (sealedActive || written >= segmentBytes) {
            roll();
        }
    }

    /** Cuts the bytes a failed write left; if that fails too, the next append tries again first. */
    private void cutDirtyTail(IOException cause) {
        try {
            channel.truncate(dirtyFrom);
            dirtyFrom = -1;
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Forces the log to disk unless another appender's fsync already covered {@code upTo}; throws if the records
     * of generation {@code gen} below {@code upTo} were cut after a failed fsync.
     */
    private void sync(long upTo, long gen) throws IOException {
        while (true) {
            if (synced >= upTo) {
                checkKept(upTo, gen);
                return;
            }
            synchronized (syncLock) {
                if (synced >= upTo) {
                    continue;
                }
                FileChannel ch;
                long target;
                long bytes;
                byte[] h;
                long logical;
                synchronized (appendLock) {
                    checkKept(upTo, gen);
                    if (closed) {
                        throw new ClosedChannelException();
                    }
                    ch = channel;
                    target = nextSeq;
                    bytes = written;
                    h = head;
                    logical = logicalEnd;
                }
                try {
                    ch.force(false);
                } catch (IOException e) {
                    synchronized (appendLock) {
                        if (ch != channel) {
                            continue; // rolled meanwhile: the roll forced these records
                        }
                        cutUndurable(e);
                    }
                    throw e;
                }
                fsyncs.incrementAndGet();
                synchronized (appendLock) {
                    if (ch == channel && target > synced) {
                        syncedBytes = bytes;
                        syncedHead = h;
                        syncedLogicalEnd = logical;
                        synced = target;
                    }
                }
            }
        }
    }

    /** Throws if a failed fsync cut the records of generation {@code gen} below {@code upTo}. */
    private void checkKept(long upTo, long gen) throws IOException {
        Long cut = cutFrom.get(gen);
        // later cuts start at or above this one, since the durable point only moves forward
        if (cut != null && upTo > cut) {
            throw new IOException("the disk failed to make the record durable (fsync failed); it was cut from the ledger");
        }
    }

    /**
     * After a failed fsync nothing past the last durable record can be trusted to be on disk: cut it, go back to the
     * durable state, and refuse the appenders whose records were cut (a new generation).
     */
    private void cutUndurable(IOException cause) {
        cutFrom.put(generation, synced);
        generation++;
        nextSeq = synced;
        head = syncedHead;
        written = syncedBytes;
        logicalEnd = syncedLogicalEnd;
        dirtyFrom = syncedBytes;
        cutDirtyTail(cause);
    }

    /** Seals the full segment and continues in a new one; a failure leaves the active one open and is retried. */
    private void roll() throws IOException {
        if (!sealedActive) {
            try {
                channel.force(false);
            } catch (IOException e) {
                cutUndurable(e);
                throw e;
            }
            fsyncs.incrementAndGet();
            markDurable();
            files.writeSeal(new Seal(segmentFirstSeq, nextSeq, written, head));
            sealedActive = true;
        }
        Path next = files.plainPath(nextSeq);
        FileChannel opened = disk.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        try {
            disk.forceDirectory(files.dir());
        } catch (IOException e) {
            opened.close();
            throw e;
        }
        FileChannel old = channel;
        Path oldPath = files.plainPath(segmentFirstSeq);
        channel = opened;
        segmentFirstSeq = nextSeq;
        written = 0;
        sealedActive = false;
        markDurable();
        old.close();
        closedSegment.accept(oldPath);
    }

    /** Everything written so far is durable (just forced, or just opened). */
    private void markDurable() {
        syncedBytes = written;
        syncedHead = head;
        syncedLogicalEnd = logicalEnd;
        synced = nextSeq;
    }

    @Override
    public void close() throws IOException {
        synchronized (appendLock) {
            if (closed) {
                return;
            }
            closed = true;
            try (FileChannel ch = channel) {
                if (dirtyFrom >= 0) {
                    ch.truncate(dirtyFrom);
                }
                ch.force(false);
            }
        }
    }
}
