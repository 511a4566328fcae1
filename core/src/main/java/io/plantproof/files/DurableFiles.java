package io.plantproof.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Small files replaced whole (offsets, seals, keys, certificates, bundles) so that a crash or a power loss leaves
 * the old or the new content, never a torn one; and appends that are durable when the call returns.
 */
public final class DurableFiles {

    private DurableFiles() {
    }

    /** {@link #replace(Disk, Path, byte[])} on the system's disk. */
    public static void replace(Path file, byte[] bytes) throws IOException {
        replace(Disk.SYSTEM, file, bytes);
    }

    /**
     * Writes {@code bytes} to a fsync'd temporary file beside {@code file}, renames it over {@code file} and fsyncs the
     * folder. On failure (a full disk) the temporary file is removed and {@code file} keeps its old content.
     */
    public static void replace(Disk disk, Path file, byte[] bytes) throws IOException {
        write(disk, file, bytes, false);
    }

    /** {@link #replace(Path, byte[])} for a private key: the temporary file is readable by its owner only from the start. */
    public static void replaceSecret(Path file, byte[] bytes) throws IOException {
        write(Disk.SYSTEM, file, bytes, true);
    }

    private static void write(Disk disk, Path file, byte[] bytes, boolean secret) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            disk.deleteIfExists(tmp);
            if (secret && tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (FileChannel ch = disk.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(ch, ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            disk.move(tmp, file);
        } catch (IOException | RuntimeException e) {
            try {
                disk.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        disk.forceDirectory(file.toAbsolutePath().getParent());
    }

    /**
     * Makes a file written in full elsewhere ({@code source}, e.g. a bundle's temporary file) durable under its final name:
     * fsyncs it, renames it over {@code target} and fsyncs the target's folder.
     */
    public static void publish(Path source, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(source, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Disk.SYSTEM.move(source, target);
        forceDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * Appends {@code bytes} to {@code file} (created if missing, then its folder fsync'd) and fsyncs it. A failed append
     * is cut off again, so the file never keeps half of one.
     */
    public static void append(Disk disk, Path file, byte[] bytes) throws IOException {
        boolean created = !Files.exists(file);
        try (FileChannel ch = disk.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long end = ch.size();
            try {
                ch.position(end);
                writeFully(ch, ByteBuffer.wrap(bytes));
                ch.force(true);
            } catch (IOException e) {
                try {
                    ch.truncate(end);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }
        if (created) {
            disk.forceDirectory(file.toAbsolutePath().getParent());
        }
    }

    /** Writes all of {@code buf}: a channel may write fewer bytes than asked. */
    public static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** Makes a rename or deletion in {@code dir} durable. */
    public static void forceDirectory(Path dir) throws IOException {
        Disk.SYSTEM.forceDirectory(dir);
    }
}
