package io.plantproof.ledger;

import io.plantproof.files.Disk;
import io.plantproof.merkle.Hashes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Replaces closed segments by their gzip form in the background. The plain file is deleted only once the
 * compressed file is durable and decompresses to the same bytes, so a crash at any point leaves one good copy.
 */
final class Compressor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Compressor.class);

    private final Path dir;
    private final Disk disk;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ledger-compressor");
        t.setDaemon(true);
        return t;
    });

    Compressor(Path dir, Disk disk) {
        this.dir = dir;
        this.disk = disk;
    }

    /** A crash during compression leaves a partial .gz.tmp, or a plain file whose .gz is already complete. */
    static void removeLeftovers(Path dir, Disk disk) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".gz.tmp") || name.endsWith(".log") && Files.exists(p.resolveSibling(name + ".gz"))) {
                    disk.deleteIfExists(p);
                }
            }
        }
    }

    void submit(Path plain) {
        executor.execute(() -> compress(plain));
    }

    private void compress(Path plain) {
        Path gz = plain.resolveSibling(plain.getFileName() + ".gz");
        Path tmp = plain.resolveSibling(plain.getFileName() + ".gz.tmp");
        try {
            MessageDigest original = Hashes.sha256();
            try (InputStream in = new DigestInputStream(Files.newInputStream(plain), original);
                 FileChannel ch = disk.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 GZIPOutputStream out = fastGzip(Channels.newOutputStream(ch))) {
                in.transferTo(out);
                out.finish();
                ch.force(true);
            }
            MessageDigest roundTrip = Hashes.sha256();
            try (InputStream in = new DigestInputStream(new GZIPInputStream(Files.newInputStream(tmp), 1 << 16), roundTrip)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            if (!MessageDigest.isEqual(original.digest(), roundTrip.digest())) {
                disk.deleteIfExists(tmp);
                LOG.error("ledger segment {}: its compressed copy does not read back identically; keeping it uncompressed", plain);
                return;
            }
            long before = Files.size(plain);
            disk.move(tmp, gz);
            disk.forceDirectory(dir);
            disk.deleteIfExists(plain);
            LOG.info("ledger segment {} closed and compressed: {} -> {} bytes", plain.getFileName(), before, Files.size(gz));
        } catch (IOException | RuntimeException e) {
            try {
                disk.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            LOG.error("ledger segment {} could not be compressed ({}); it stays uncompressed and readable, check disk space",
                    plain, e.toString());
        }
    }

    private static GZIPOutputStream fastGzip(OutputStream out) throws IOException {
        return new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.MINUTES)) {
                LOG.warn("ledger {}: segment compression still running at close; it resumes on next open", dir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
