package io.plantproof.evidence;

import io.plantproof.merkle.Hashes;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * An untrusted bundle ZIP, read without writing anything to disk. One streaming pass refuses
 * absolute and parent paths, duplicate entries, too many entries, entries past the size limits and
 * zip bombs, hashes every entry, and keeps only the small files (statement, log, proofs, register)
 * in memory. Chunks are read again on demand and must hash to what the first pass saw, so a ZIP
 * whose central directory tells a different story than its entries cannot feed other bytes in.
 */
final class SafeZip implements Closeable {

    static final int MAX_ENTRIES = 400_000;
    static final long MAX_TOTAL = 64L << 30;
    static final long MAX_ENTRY = 4L << 30;
    /** The largest statement, leaf list, proof or register read into memory (64 MiB). */
    static final long MAX_IN_MEMORY = 64L << 20;
    static final int MAX_RATIO = 200;
    static final int PROGRESS_EVERY = 5000;

    /** What the streaming pass saw of one entry. */
    record Entry(String sha256, long size) {
    }

    private final Path path;
    private final ZipFile zipFile;
    private final Map<String, Entry> entries;
    private final Map<String, byte[]> kept;
    private final Map<String, String> damaged;

    private SafeZip(Path path, ZipFile zipFile, Map<String, Entry> entries, Map<String, byte[]> kept, Map<String, String> damaged) {
        this.path = path;
        this.zipFile = zipFile;
        this.entries = entries;
        this.kept = kept;
        this.damaged = damaged;
    }

    /** Raw telemetry and export originals can be large: they are hashed while streaming, never held. */
    static boolean keptInMemory(String name) {
        return !name.startsWith("chunks/") && !name.startsWith("exports/");
    }

    static SafeZip open(Path zip, Consumer<String> progress) throws BundleUnreadableException {
        if (!Files.isRegularFile(zip)) {
            throw new BundleUnreadableException(zip + " does not exist or is not a file");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, byte[]> kept = new LinkedHashMap<>();
        Map<String, String> damaged = new LinkedHashMap<>();
        long total = 0;
        try (InputStream raw = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(raw)) {
            long allowed = Math.min(MAX_TOTAL, Math.max(Files.size(zip), 1L << 20) * MAX_RATIO);
            byte[] buf = new byte[1 << 16];
            while (true) {
                ZipEntry entry;
                try {
                    entry = in.getNextEntry();
                } catch (IOException e) {
                    throw new BundleUnreadableException(zip + " is not a readable ZIP: " + e.getMessage());
                }
                if (entry == null) {
                    break;
                }
                String name = entry.getName();
                checkName(zip, name);
                if (entry.isDirectory()) {
                    continue;
                }
                if (entries.containsKey(name) || damaged.containsKey(name)) {
                    throw new BundleUnreadableException(zip + ": entry '" + name + "' appears twice; refused");
                }
                if (entries.size() + damaged.size() >= MAX_ENTRIES) {
                    throw new BundleUnreadableException(zip + ": more than " + MAX_ENTRIES + " entries; refused");
                }
                boolean keep = keptInMemory(name);
                long limit = keep ? MAX_IN_MEMORY : MAX_ENTRY;
                ByteArrayOutputStream out = keep ? new ByteArrayOutputStream() : null;
                MessageDigest sha = Hashes.sha256();
                long size = 0;
                try {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        size += n;
                        total += n;
                        if (total > allowed) {
                            throw new BundleUnreadableException(zip + ": entry '" + name + "' expands the bundle past "
                                    + MAX_RATIO + " times its compressed size (zip bomb?); refused");
                        }
                        if (size > limit) {
                            throw new BundleUnreadableException(zip + ": entry '" + name + "' is larger than the "
                                    + (limit >> 20) + " MiB allowed for it; refused");
                        }
                        sha.update(buf, 0, n);
                        if (out != null) {
                            out.write(buf, 0, n);
                        }
                    }
                    entries.put(name, new Entry(Hashes.hex(sha.digest()), size));
                    if (out != null) {
                        kept.put(name, out.toByteArray());
                    }
                } catch (IOException e) {
                    damaged.put(name, e.getMessage());
                }
                if ((entries.size() + damaged.size()) % PROGRESS_EVERY == 0) {
                    progress.accept("read " + (entries.size() + damaged.size()) + " entries, " + (total >> 20) + " MiB");
                }
            }
        } catch (IOException e) {
            throw new BundleUnreadableException(zip + " is not a readable ZIP: " + e.getMessage());
        }
        if (entries.isEmpty() && damaged.isEmpty()) {
            throw new BundleUnreadableException(zip + " is empty or not a ZIP");
        }
        Set<String> streamed = new HashSet<>(entries.keySet());
        streamed.addAll(damaged.keySet());
        return new SafeZip(zip, centralDirectory(zip, streamed), entries, kept, damaged);
    }

    private static void checkName(Path zip, String name) throws BundleUnreadableException {
        if (name.startsWith("/") || name.contains("\\") || name.contains("..") || name.matches("^[A-Za-z]:.*")
                || name.indexOf('\u0000') >= 0) {
            throw new BundleUnreadableException(zip + ": entry '" + name + "' has an absolute or parent path (zip-slip); refused");
        }
    }

    /** Opens the ZIP for random access, refusing it when its central directory lists other entries than the stream held. */
    private static ZipFile centralDirectory(Path zip, Set<String> streamed) throws BundleUnreadableException {
        ZipFile file;
        try {
            file = new ZipFile(zip.toFile());
        } catch (IOException e) {
            throw new BundleUnreadableException(zip + ": unreadable ZIP central directory: " + e.getMessage());
        }
        Set<String> listed = new HashSet<>();
        int count = 0;
        for (Enumeration<? extends ZipEntry> e = file.entries(); e.hasMoreElements(); ) {
            ZipEntry entry = e.nextElement();
            if (!entry.isDirectory()) {
                listed.add(entry.getName());
                count++;
            }
        }
        if (count != listed.size() || !listed.equals(streamed)) {
            close(file);
            throw new BundleUnreadableException(zip + ": the ZIP central directory does not list the same entries as the "
                    + "ZIP itself (duplicate or hidden entries); refused");
        }
        return file;
    }

    Map<String, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    Map<String, String> damaged() {
        return Collections.unmodifiableMap(damaged);
    }

    /** A file held in memory by the streaming pass, or {@code null}. */
    byte[] file(String name) {
        return kept.get(name);
    }

    /**
     * Reads an entry again; throws {@link IllegalArgumentException} naming it when the bytes differ
     * from what the streaming pass hashed.
     */
    byte[] read(String name) {
        Entry seen = entries.get(name);
        ZipEntry entry = zipFile.getEntry(name);
        if (seen == null || entry == null) {
            throw new IllegalArgumentException(path + ": " + name + " is not in the bundle");
        }
        byte[] bytes;
        try (InputStream in = zipFile.getInputStream(entry)) {
            bytes = in.readNBytes((int) Math.min(seen.size() + 1, Integer.MAX_VALUE - 8));
        } catch (IOException e) {
            throw new IllegalArgumentException(path + ": " + name + " cannot be read again: " + e.getMessage(), e);
        }
        if (bytes.length != seen.size() || !Hashes.sha256Hex(bytes).equals(seen.sha256())) {
            throw new IllegalArgumentException(path + ": " + name + " reads back different bytes than the ZIP stream held "
                    + "(ambiguous ZIP)");
        }
        return bytes;
    }

    @Override
    public void close() {
        close(zipFile);
    }

    private static void close(ZipFile file) {
        try {
            file.close();
        } catch (IOException e) {
            // nothing was written; a failing close of a read-only file changes no result
        }
    }
}
