package io.plantproof.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads an untrusted bundle ZIP into memory without writing anything to disk: refuses absolute
 * and parent paths, duplicate entries, too many entries, and entries or totals past the size limits
 * (zip bombs). An entry that fails its CRC is kept as a named failure, not a crash.
 */
final class SafeZip {

    static final int MAX_ENTRIES = 200_000;
    static final long MAX_TOTAL = 4L << 30;
    static final long MAX_ENTRY = 1L << 30;
    static final int MAX_RATIO = 200;

    /** Entries read, and entries that could not be read with why. */
    record Contents(Map<String, byte[]> files, Map<String, String> damaged) {
    }

    private SafeZip() {
    }

    static Contents read(Path zip) throws BundleUnreadableException {
        if (!Files.isRegularFile(zip)) {
            throw new BundleUnreadableException(zip + " does not exist or is not a file");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, String> damaged = new LinkedHashMap<>();
        long total = 0;
        try (InputStream raw = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(raw)) {
            ZipEntry entry;
            long compressedSeen = Files.size(zip);
            while (true) {
                try {
                    entry = in.getNextEntry();
                } catch (IOException e) {
                    throw new BundleUnreadableException(zip + " is not a readable ZIP: " + e.getMessage());
                }
                if (entry == null) {
                    break;
                }
                String name = entry.getName();
                if (name.startsWith("/") || name.contains("\\") || name.contains("..") || name.matches("^[A-Za-z]:.*")) {
                    throw new BundleUnreadableException(zip + ": entry '" + name + "' has an absolute or parent path (zip-slip); refused");
                }
                if (entry.isDirectory()) {
                    continue;
                }
                if (files.containsKey(name) || damaged.containsKey(name)) {
                    throw new BundleUnreadableException(zip + ": entry '" + name + "' appears twice; refused");
                }
                if (files.size() + damaged.size() >= MAX_ENTRIES) {
                    throw new BundleUnreadableException(zip + ": more than " + MAX_ENTRIES + " entries; refused");
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[65536];
                try {
                    int n;
                    long size = 0;
                    while ((n = in.read(buf)) > 0) {
                        size += n;
                        total += n;
                        if (size > MAX_ENTRY || total > MAX_TOTAL || total > Math.max(compressedSeen, 1L << 20) * MAX_RATIO) {
                            throw new BundleUnreadableException(zip + ": entry '" + name
                                    + "' expands past the size limits (zip bomb?); refused");
                        }
                        out.write(buf, 0, n);
                    }
                    files.put(name, out.toByteArray());
                } catch (IOException e) {
                    damaged.put(name, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new BundleUnreadableException(zip + " is not a readable ZIP: " + e.getMessage());
        }
        if (files.isEmpty() && damaged.isEmpty()) {
            throw new BundleUnreadableException(zip + " is empty or not a ZIP");
        }
        return new Contents(files, damaged);
    }
}
