package io.plantproof.files;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A {@link Disk} for tests that models the page cache: the real files are what the running process sees, and
 * {@link #powerLoss()} turns every folder it touched back into what was durable, that is file contents as of their
 * last {@code force} and folder entries (creations, renames, deletions) as of the folder's last {@link #forceDirectory}.
 * It also fails chosen writes with ENOSPC after writing part of them (a torn write), fills up and frees the disk,
 * fails chosen fsyncs with EIO and makes writes short, so each protection of a durable writer has a test that fails
 * without it.
 */
public final class PowerLossDisk implements Disk {

    /** One file's identity across renames and what of it is durable. */
    private static final class Inode {
        byte[] durable;

        Inode(byte[] durable) {
            this.durable = durable;
        }
    }

    private final Map<Path, Inode> files = new HashMap<>();
    private final Map<Path, Map<String, Inode>> durableEntries = new HashMap<>();
    private final List<Channel> channels = new ArrayList<>();
    private final Map<Integer, Integer> failingWrites = new HashMap<>();
    private final Set<Integer> failingForces = new HashSet<>();
    private int writes;
    private int forces;
    private boolean full;
    private boolean shortWrites;
    private boolean off;
    private volatile long forceMillis;

    /** The {@code n}-th write from now (1 = the next) writes {@code tornBytes} of its bytes, then fails with ENOSPC. */
    public synchronized PowerLossDisk failWrite(int n, int tornBytes) {
        failingWrites.put(writes + n, tornBytes);
        return this;
    }

    /** The {@code n}-th fsync of a file from now fails with EIO and makes nothing durable. */
    public synchronized PowerLossDisk failForce(int n) {
        failingForces.add(forces + n);
        return this;
    }

    /** From now every write fails with ENOSPC after writing a few of its bytes, until {@link #free()}. */
    public synchronized void fill() {
        full = true;
    }

    public synchronized void free() {
        full = false;
    }

    /**
     * Every fsync takes this long after it has made the file durable, outside the disk's lock, as a real disk's
     * does: concurrent appenders then pile up behind one fsync, which is what group commit is for.
     */
    public PowerLossDisk forceLatency(long millis) {
        forceMillis = millis;
        return this;
    }

    /** Every write writes at most half of what it is given, as a channel may. */
    public synchronized void shortWrites(boolean on) {
        shortWrites = on;
    }

    public synchronized int writes() {
        return writes;
    }

    public synchronized int forces() {
        return forces;
    }

    /**
     * Power fails: every folder this disk touched becomes what was durable in it, open channels die and every
     * operation fails until {@link #powerOn()}.
     */
    public synchronized void powerLoss() {
        off = true;
        for (Channel c : channels) {
            try {
                c.real.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        channels.clear();
        try {
            for (var dir : durableEntries.entrySet()) {
                for (Path p : regularFiles(dir.getKey())) {
                    if (!dir.getValue().containsKey(p.getFileName().toString())) {
                        Files.delete(p);
                    }
                }
                for (var entry : dir.getValue().entrySet()) {
                    Files.write(dir.getKey().resolve(entry.getKey()), entry.getValue().durable);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.clear();
        durableEntries.clear();
    }

    /** Power is back: the folders are read afresh at their next use. */
    public synchronized void powerOn() {
        off = false;
    }

    @Override
    public synchronized FileChannel open(Path file, OpenOption... options) throws IOException {
        Path path = checkOn(file);
        Inode inode = files.get(path);
        if (inode == null) {
            boolean create = List.of(options).contains(StandardOpenOption.CREATE) || List.of(options).contains(StandardOpenOption.CREATE_NEW);
            // a file made behind this disk's back has no durable content: only forces through it count
            inode = new Inode(Files.exists(path) || create ? new byte[0] : null);
        }
        FileChannel real = FileChannel.open(path, options);
        files.putIfAbsent(path, inode);
        Channel channel = new Channel(real, inode);
        channels.add(channel);
        return channel;
    }

    @Override
    public synchronized void move(Path source, Path target) throws IOException {
        Path from = checkOn(source);
        Path to = checkOn(target);
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Inode inode = files.remove(from);
        files.put(to, inode != null ? inode : new Inode(new byte[0]));
    }

    @Override
    public synchronized void deleteIfExists(Path file) throws IOException {
        Path path = checkOn(file);
        Files.deleteIfExists(path);
        files.remove(path);
    }

    @Override
    public synchronized void forceDirectory(Path dir) throws IOException {
        Path d = dir.toAbsolutePath().normalize();
        touch(d);
        checkOn();
        Map<String, Inode> entries = new HashMap<>();
        for (Path p : regularFiles(d)) {
            entries.put(p.getFileName().toString(), files.computeIfAbsent(p, k -> new Inode(new byte[0])));
        }
        durableEntries.put(d, entries);
    }

    /** The path, absolute, after checking power and noting its folder's durable state if first seen. */
    private Path checkOn(Path file) throws IOException {
        Path path = file.toAbsolutePath().normalize();
        touch(path.getParent());
        checkOn();
        return path;
    }

    private void checkOn() throws IOException {
        if (off) {
            throw new IOException("the disk lost power");
        }
    }

    /** The first time a folder is used, what is in it counts as durable (it was there before the test's writes). */
    private void touch(Path dir) throws IOException {
        if (off || durableEntries.containsKey(dir) || !Files.isDirectory(dir)) {
            return;
        }
        Map<String, Inode> entries = new HashMap<>();
        for (Path p : regularFiles(dir)) {
            Inode inode = files.computeIfAbsent(p, k -> new Inode(readAll(k)));
            entries.put(p.getFileName().toString(), inode);
        }
        durableEntries.put(dir, entries);
    }

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> regularFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /** A channel whose writes can fail or be short and whose force records what became durable. */
    private final class Channel extends FileChannel {
        private final FileChannel real;
        private final Inode inode;

        Channel(FileChannel real, Inode inode) {
            this.real = real;
            this.inode = inode;
        }

        private int write(ByteBuffer src, long position, boolean positional) throws IOException {
            synchronized (PowerLossDisk.this) {
                checkOn();
                writes++;
                Integer torn = failingWrites.remove(writes);
                if (torn == null && full) {
                    torn = Math.min(7, src.remaining());
                }
                if (torn != null) {
                    ByteBuffer part = src.duplicate();
                    part.limit(part.position() + Math.min(torn, src.remaining()));
                    if (positional) {
                        real.write(part, position);
                    } else {
                        real.write(part);
                    }
                    throw new IOException("No space left on device");
                }
                ByteBuffer slice = src;
                if (shortWrites && src.remaining() > 1) {
                    slice = src.duplicate();
                    slice.limit(slice.position() + src.remaining() / 2);
                }
                int n = positional ? real.write(slice, position) : real.write(slice);
                src.position(src.position() + n - (slice == src ? n : 0));
                return n;
            }
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return write(src, -1, false);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return write(src, position, true);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += write(srcs[i]);
            }
            return n;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            synchronized (PowerLossDisk.this) {
                checkOn();
                forces++;
                if (failingForces.remove(forces)) {
                    throw new IOException("Input/output error");
                }
                for (var file : files.entrySet()) {
                    if (file.getValue() == inode) {
                        inode.durable = readAll(file.getKey());
                    }
                }
            }
            if (forceMillis > 0) {
                try {
                    Thread.sleep(forceMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("fsync interrupted");
                }
            }
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            synchronized (PowerLossDisk.this) {
                checkOn();
                real.truncate(size);
                return this;
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException("writes go through write() so faults apply");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException("mapped writes bypass the page cache model");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            synchronized (PowerLossDisk.this) {
                channels.remove(this);
                real.close();
            }
        }
    }
}
