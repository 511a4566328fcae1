package io.plantproof.exports;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls the plant file's {@code exports.watchDir}: a file whose size and modification time have not changed for
 * the stable period is imported, then moved to {@code done/} or {@code rejected/} with a {@code <name>.report.txt}
 * beside it naming every bad row. Polling (not WatchService) because exports land on network shares that send no events.
 */
public final class ExportFolderWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExportFolderWatcher.class);

    private final ExportImporter importer;
    private final Path dir;
    private final Duration stable;
    private final Clock clock;
    private final Map<Path, Seen> seen = new HashMap<>();
    private ScheduledExecutorService poller;

    /** Size and modification time of a file when first seen that way. */
    private record Seen(long size, long modified, long sinceMillis) {
    }

    /** A watcher of {@code dir} importing files once unchanged for {@code stable}, measured on {@code clock}. */
    public ExportFolderWatcher(ExportImporter importer, Path dir, Duration stable, Clock clock) {
        this.importer = importer;
        this.dir = dir;
        this.stable = stable;
        this.clock = clock;
    }

    /** Polls every {@code interval} on a daemon thread until {@link #close()}. */
    public synchronized ExportFolderWatcher start(Duration interval) {
        if (poller == null) {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "export-watcher " + dir);
                t.setDaemon(true);
                return t;
            });
            poller.scheduleWithFixedDelay(this::pollLogged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdown();
            try {
                poller.awaitTermination(1, TimeUnit.MINUTES); // an import in progress finishes, then it stops
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            poller = null;
        }
    }

    /** One look at the folder: imports and moves every file that has been stable long enough; returns their results. */
    public synchronized List<ImportResult> poll() {
        List<ImportResult> results = new ArrayList<>();
        long now = clock.millis();
        Map<Path, Seen> current = new HashMap<>();
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> Files.isRegularFile(p)
                    && !p.getFileName().toString().startsWith("."))) {
                for (Path f : files) {
                    Seen now0 = new Seen(Files.size(f), Files.getLastModifiedTime(f).toMillis(), now);
                    Seen before = seen.get(f);
                    Seen s = before != null && before.size == now0.size && before.modified == now0.modified ? before : now0;
                    if (now - s.sinceMillis >= stable.toMillis()) {
                        results.add(importAndMove(f));
                    } else {
                        current.put(f, s);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + dir + ": " + e.getMessage(), e);
        }
        seen.clear();
        seen.putAll(current);
        return results;
    }

    private void pollLogged() {
        try {
            poll();
        } catch (RuntimeException e) {
            // the sink or the folder failed: keep polling, the file stays where it is and is retried
            LOG.error("export folder {}: {}", dir, e.getMessage(), e);
        }
    }

    private ImportResult importAndMove(Path f) throws IOException {
        ImportResult r = importer.importFile(f);
        Path target = dir.resolve(r.status() == ImportResult.Status.REJECTED ? "rejected" : "done");
        Files.createDirectories(target);
        String name = f.getFileName().toString();
        Path moved = target.resolve(name);
        if (Files.exists(moved)) {
            // an earlier version with the same name is already there: keep both
            moved = target.resolve(name + "." + r.sha256().substring(0, 12));
        }
        Files.move(f, moved);
        Files.writeString(moved.resolveSibling(moved.getFileName() + ".report.txt"), report(r), StandardCharsets.UTF_8);
        LOG.info("export {} {} → {}", name, r.status(), moved);
        return r;
    }

    static String report(ImportResult r) {
        StringBuilder b = new StringBuilder()
                .append("file: ").append(r.file()).append('\n')
                .append("sha256: ").append(r.sha256()).append('\n')
                .append("status: ").append(r.status()).append('\n')
                .append("table: ").append(r.table() == null ? "-" : r.table()).append('\n')
                .append("rows: ").append(r.rows()).append(", samples: ").append(r.samples()).append('\n');
        if (r.openLines() > 0) {
            b.append("open lines without an on-time value yet: ").append(r.openLines()).append('\n');
        }
        if (!r.earlierVersions().isEmpty()) {
            b.append("earlier versions (sha256), kept: ").append(r.earlierVersions()).append('\n');
        }
        b.append(r.errors().isEmpty() ? "bad rows: none\n"
                : "bad cells (" + r.errors().size() + ")" + (r.status() == ImportResult.Status.ACCEPTED
                ? ", these rows were left out:\n" : ":\n"));
        r.errors().forEach(e -> b.append("  ").append(e).append('\n'));
        return b.toString();
    }
}
