package io.plantproof.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names a full disk plainly: the JDK reports ENOSPC as an IOException whose message is the C library's text, and
 * libraries (QuestDB) wrap it or fail later with an unrelated error, so callers ask here instead of parsing.
 */
public final class DiskErrors {

    /** How every message about a full disk starts, so logs, health and status pages can be searched for it. */
    public static final String DISK_FULL = "disk full";

    private DiskErrors() {
    }

    /** Whether {@code e} or one of its causes is the operating system saying the disk (or quota) is full. */
    public static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("ENOSPC") || m.contains("Disk quota exceeded")
                    || m.contains("errno=28") || m.contains("[28]"))) {
                return true;
            }
        }
        return false;
    }

    /** "disk full: no space left on the disk of &lt;path&gt; (N MB free)" when it is, else the error's own message. */
    public static String describe(Throwable e, Path path) {
        return isDiskFull(e) ? diskFull(path) : String.valueOf(e.getMessage());
    }

    /** The plain statement for a full disk under {@code path}, with what is still free. */
    public static String diskFull(Path path) {
        return DISK_FULL + ": no space left on the disk of " + path + " (" + freeMegabytes(path) + " MB free)";
    }

    /** Megabytes a non-root process may still write under {@code path} (the nearest existing folder), -1 if unknown. */
    public static long freeMegabytes(Path path) {
        Path p = path.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        try {
            return p == null ? -1 : Files.getFileStore(p).getUsableSpace() >> 20;
        } catch (IOException e) {
            return -1;
        }
    }
}
