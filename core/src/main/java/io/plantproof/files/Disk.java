package io.plantproof.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * The file operations a durable writer makes: open a channel, rename, delete, and make a folder's entries durable.
 * Production uses {@link #SYSTEM} (the JDK's, at no cost); tests pass a disk that loses unforced writes at a
 * simulated power loss or fails chosen writes, so a missing fsync or a bad recovery shows as a failing test.
 */
public interface Disk {

    /** The operating system's file system. */
    Disk SYSTEM = new SystemDisk();

    /** Opens {@code file} as {@link FileChannel#open(Path, OpenOption...)} does. */
    FileChannel open(Path file, OpenOption... options) throws IOException;

    /** Renames {@code source} to {@code target} atomically, replacing it; durable only after {@link #forceDirectory}. */
    void move(Path source, Path target) throws IOException;

    /** Deletes {@code file} if it exists; durable only after {@link #forceDirectory}. */
    void deleteIfExists(Path file) throws IOException;

    /** Makes creations, renames and deletions in {@code dir} durable (fsync of the folder). */
    void forceDirectory(Path dir) throws IOException;
}
