package io.plantproof.exports;

import io.plantproof.files.DurableFiles;
import io.plantproof.plant.ExportTableMapping;
import io.plantproof.plant.ExportsConfig;
import io.plantproof.plant.Plant;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.SampleSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Imports ERP/MES/historian export files (CSV in UTF-8 or GBK/GB18030, XLSX) into the ledger. It finds the table
 * by its headers (or the plant file's column mapping) and reads the file once, checking every row and keeping the
 * samples of clean rows in a temporary {@link SampleSpill}; only when the whole file is checked are they handed to the
 * sink in batches of at most {@value #BATCH}, so memory stays bounded however big the file. A file is accepted whole or rejected whole unless {@code acceptGoodRows} is set; the
 * original bytes are kept under their SHA-256 and the same content twice is a no-op.
 */
public final class ExportImporter {

    /** Most samples in one batch handed to the sink. */
    public static final int BATCH = 10_000;
    /** Errors kept for one file; past this the file is refused as a whole, since it is not the export it claims to be. */
    static final int MAX_ERRORS = 100_000;
    private static final int PROGRESS_ROWS = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(ExportImporter.class);

    private final Plant plant;
    private final ExportsConfig config;
    private final SampleSink sink;
    private final Path originals;
    private final Consumer<String> progress;
    private final Clock clock;

    /** {@code originals} is where accepted files are kept as {@code <sha256>/<name>}; progress lines go to {@code progress}. */
    public ExportImporter(Plant plant, SampleSink sink, Path originals, Consumer<String> progress) {
        this(plant, sink, originals, progress, Clock.systemUTC());
    }

    /**
     * As above with the clock that decides which undelivered order lines are already late.
     *
     * @throws IllegalArgumentException when the plant file's {@code exports.tables} names an unknown table or field
     */
    public ExportImporter(Plant plant, SampleSink sink, Path originals, Consumer<String> progress, Clock clock) {
        this.plant = plant;
        this.config = plant.exports();
        this.sink = sink;
        this.originals = originals;
        this.progress = progress;
        this.clock = clock;
        config.tables().forEach((key, mapping) -> {
            ExportTable t = ExportTable.byKey(key);
            if (t == null) {
                throw new IllegalArgumentException("exports.tables." + key + ": unknown table; known: "
                        + java.util.Arrays.stream(ExportTable.values()).map(x -> x.key).toList());
            }
            for (String field : mapping.columns().keySet()) {
                if (t.fields.stream().noneMatch(f -> f.key().equals(field))) {
                    throw new IllegalArgumentException("exports.tables." + key + ".columns." + field + ": unknown field; "
                            + key + " has " + t.fields.stream().map(Field::key).toList());
                }
            }
        });
    }

    /** Imports one file; see the class comment. Throws only when the file cannot be read or the sink fails. */
    public ImportResult importFile(Path file) {
        String name = file.getFileName().toString();
        Path staged = stage(file);
        try {
            String sha = sha256(staged);
            if (kept(originals.resolve(sha))) {
                LOG.info("{} (sha256 {}) was imported before; nothing changed", name, sha);
                return new ImportResult(name, sha, null, ImportResult.Status.ALREADY_IMPORTED, 0, 0, List.of(), 0, List.of());
            }
            return importStaged(staged, name, sha);
        } finally {
            deleteQuietly(staged);
        }
    }

    /**
     * The 表1 lines of an investment list (智能装备 / 工业软件 / 信息化硬件) for the document generator, with every
     * bad cell; nothing is imported. The file must be an investment list in the plant file's mapping.
     */
    public InvestmentLines investmentLines(Path file) {
        String name = file.getFileName().toString();
        try (TabularFile t = open(file, name)) {
            Layout layout = Layout.locate(t, config, ExportTable.INVESTMENT);
            if (layout == null) {
                return new InvestmentLines(List.of(), List.of(noTable(name, ExportTable.INVESTMENT)));
            }
            List<RowError> errors = new ArrayList<>();
            List<InvestmentLine> lines = new ArrayList<>();
            Row row = row(name, layout, errors);
            scan(t, layout, row, name, "read", () -> {
                InvestmentLine l = InvestmentLine.read(row);
                if (l != null) {
                    lines.add(l);
                }
            });
            return new InvestmentLines(lines, errors);
        } catch (IOException e) {
            return new InvestmentLines(List.of(), List.of(RowError.ofFile(name, e.getMessage())));
        }
    }

    /** The lines of a 表1 file and every cell that kept a line out. */
    public record InvestmentLines(List<InvestmentLine> lines, List<RowError> errors) {
    }

    private ImportResult importStaged(Path staged, String name, String sha) {
        try (TabularFile t = open(staged, name)) {
            Layout layout = Layout.locate(t, config, null);
            if (layout == null) {
                return rejected(name, sha, null, 0, List.of(noTable(name, null)));
            }
            ExportTable table = layout.table();
            noteOtherSheets(t, layout, name);
            List<RowError> errors = new ArrayList<>();
            Row row = row(name, layout, errors);
            long samples;
            long rows;
            long open;
            try (SampleSpill spill = new SampleSpill(originals)) {
                RowSamples out = new RowSamples(plant, spill, row);
                long[] badRows = {0};
                rows = scan(t, layout, row, name, "checked", () -> {
                    table.convert(row, out);
                    out.endRow(row.ok());
                    badRows[0] += row.ok() ? 0 : 1;
                });
                open = out.open;
                boolean acceptGood = config.acceptsGoodRows(table.key);
                if (rows == 0 && errors.isEmpty()) {
                    errors.add(RowError.ofFile(name, "no data rows below the header in row " + layout.headerRow()));
                }
                if (!errors.isEmpty() && (!acceptGood || badRows[0] >= rows || errors.size() >= MAX_ERRORS)) {
                    LOG.warn("{} rejected: {} bad row(s), first: {}", name, badRows[0], errors.get(0));
                    return rejected(name, sha, table, rows, errors);
                }
                if (!errors.isEmpty()) {
                    progress.accept(name + ": " + badRows[0] + " bad row(s) left out (acceptGoodRows), first: " + errors.get(0));
                }
                samples = emit(spill, name, sha);
            }
            Path kept = keep(staged, name, sha);
            List<String> earlier = earlierVersions(name, sha);
            LOG.info("{} accepted as {}: {} rows, {} samples, sha256 {}, kept at {}{}", name, table.title, rows, samples,
                    sha, kept, earlier.isEmpty() ? "" : ", earlier versions " + earlier);
            if (open > 0) {
                progress.accept(name + ": " + open + " line(s) neither delivered nor due yet carry no on-time value");
            }
            return new ImportResult(name, sha, table.title, ImportResult.Status.ACCEPTED, rows, samples, errors,
                    open, earlier);
        } catch (IOException e) {
            // unreadable workbook, zip bomb, size limit: the file is refused with the reason, never half-read
            return rejected(name, sha, null, 0, List.of(RowError.ofFile(name, e.getMessage())));
        }
    }

    /** Hands the kept samples of an accepted file to the sink, {@value #BATCH} at a time. */
    private long emit(SampleSpill spill, String name, String sha) throws IOException {
        Batcher out = new Batcher("import:" + sha + ":" + name);
        long[] count = {0};
        spill.replay(samples -> {
            out.addAll(samples);
            if (++count[0] % PROGRESS_ROWS == 0) {
                progress.accept(name + ": " + count[0] + " rows imported");
            }
        });
        out.flush();
        return out.emitted;
    }

    private Row row(String name, Layout layout, List<RowError> errors) {
        return row(name, layout, e -> {
            if (errors.size() < MAX_ERRORS) {
                errors.add(e);
            }
        });
    }

    private Row row(String name, Layout layout, Consumer<RowError> errors) {
        ExportTableMapping mapping = config.table(layout.table().key);
        return new Row(name, layout, plant, mapping.values(), LocalDate.now(clock.withZone(plant.zone())), errors);
    }

    /** Streams the data rows below the header through {@code perRow}, enforcing the row limit; returns the row count. */
    private long scan(TabularFile t, Layout layout, Row row, String name, String verb, Runnable perRow)
            throws IOException {
        long[] count = {0};
        int[] tooLong = {0};
        int max = config.maxRows();
        t.rows(layout.sheet(), (n, cells) -> {
            if (n <= layout.headerRow()) {
                return true;
            }
            if (++count[0] > max) {
                tooLong[0] = n;
                return false;
            }
            row.begin(n, cells);
            perRow.run();
            if (count[0] % PROGRESS_ROWS == 0) {
                progress.accept(name + ": " + count[0] + " rows " + verb);
            }
            return true;
        });
        if (tooLong[0] > 0) {
            // a limit, not a bad row: even acceptGoodRows must not import a truncated file
            throw new IOException((layout.sheet() == null ? "" : "sheet '" + layout.sheet() + "' ") + "row " + tooLong[0]
                    + ": more than exports.maxRows = " + max + " data rows; split the export or raise the limit");
        }
        return count[0];
    }

    private TabularFile open(Path file, String name) throws IOException {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".xls")) {
            throw new IOException("legacy binary .xls is not read; save the export as .xlsx or CSV");
        }
        byte[] magic = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(magic, 0, 4);
            boolean zip = n == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
            return zip || lower.endsWith(".xlsx") ? new XlsxFile(file) : new CsvFile(file);
        }
    }

    private void noteOtherSheets(TabularFile t, Layout layout, String name) throws IOException {
        List<String> others = new ArrayList<>(t.sheets());
        others.remove(layout.sheet());
        others.remove(null);
        if (!others.isEmpty()) {
            progress.accept(name + ": sheet '" + layout.sheet() + "' read as " + layout.table().title + "; sheets "
                    + others + " not imported");
        }
    }

    private static RowError noTable(String name, ExportTable only) {
        StringBuilder known = new StringBuilder();
        for (ExportTable t : ExportTable.values()) {
            if (only == null || t == only) {
                known.append(known.isEmpty() ? "" : "; ").append(t.title).append(' ').append(t.fields.stream()
                        .filter(Field::required).map(f -> f.headers().get(0)).toList());
            }
        }
        return RowError.ofFile(name, "no header row (within the first " + Layout.HEADER_SEARCH_ROWS
                + " rows, or at the mapped headerRow) of a known table; expected the headers of " + known);
    }

    private ImportResult rejected(String name, String sha, ExportTable table, long rows, List<RowError> errors) {
        return new ImportResult(name, sha, table == null ? null : table.title, ImportResult.Status.REJECTED, rows, 0,
                errors, 0, List.of());
    }

    /** Copies the file first so that both passes and the kept original see exactly the bytes that were hashed. */
    private Path stage(Path file) {
        try {
            Files.createDirectories(originals);
            Path staged = Files.createTempFile(originals, ".staging-", ".part");
            Files.copy(file, staged, StandardCopyOption.REPLACE_EXISTING);
            return staged;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read export file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file);
             DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(),
                     MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(out);
            return HexFormat.of().formatHex(out.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keeps the original only after the sink took every batch, so a failed import is retried, not skipped. */
    private Path keep(Path staged, String name, String sha) throws IOException {
        Path kept = originals.resolve(sha).resolve(name);
        Files.createDirectories(kept.getParent());
        try {
            DurableFiles.publish(staged, kept);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staged, kept);
            DurableFiles.forceDirectory(kept.getParent());
        }
        return kept;
    }

    private List<String> earlierVersions(String name, String sha) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(originals, Files::isDirectory)) {
            for (Path d : dirs) {
                if (!d.getFileName().toString().equals(sha) && Files.exists(d.resolve(name))) {
                    found.add(d);
                }
            }
        }
        found.sort(java.util.Comparator.comparing(d -> d.resolve(name).toFile().lastModified()));
        return found.stream().map(d -> d.getFileName().toString()).toList();
    }

    /** Whether these bytes were accepted before, under any name: their directory holds a kept original. */
    private static boolean kept(Path shaDir) {
        if (!Files.isDirectory(shaDir)) {
            return false;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(shaDir, Files::isRegularFile)) {
            return files.iterator().hasNext();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + shaDir, e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("cannot delete staging file {}: {}", p, e.getMessage());
        }
    }

    /**
     * Where a row's conversion puts its samples: kept in the spill only if the row is clean; counts the lines that
     * carry no value yet. Once the row has an error its samples are not even built (its cells may be missing).
     */
    private static final class RowSamples implements ExportTable.Out {
        private final Plant plant;
        private final SampleSpill spill;
        private final Row row;
        private final List<Sample> rowSamples = new ArrayList<>();
        private final LongKeys usedInstants = new LongKeys();
        long open;

        RowSamples(Plant plant, SampleSpill spill, Row row) {
            this.plant = plant;
            this.spill = spill;
            this.row = row;
        }

        @Override
        public void daily(String device, String signal, LocalDate day, double value) {
            if (!row.ok()) {
                return;
            }
            rowSamples.add(Sample.of(device, signal, startOf(day), value, Provenance.IMPORTED));
        }

        @Override
        public void line(String device, String signal, LocalDate day, String key, double value) {
            if (!row.ok()) {
                return;
            }
            long start = startOf(day);
            long length = startOf(day.plusDays(1)) - start;
            long offset = Math.floorMod(LongKeys.hash(key), length);
            // two keys of one day hashing to the same millisecond would overwrite each other in the store
            while (usedInstants.contains(LongKeys.hash(device, signal, start + offset))) {
                offset = (offset + 1) % length;
            }
            usedInstants.putIfAbsent(LongKeys.hash(device, signal, start + offset), 1);
            rowSamples.add(Sample.of(device, signal, start + offset, value, Provenance.IMPORTED));
        }

        @Override
        public void sample(Sample sample) {
            rowSamples.add(sample);
        }

        @Override
        public void open() {
            open++;
        }

        void endRow(boolean clean) {
            if (clean) {
                try {
                    spill.row(rowSamples);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot keep the samples of a row in the import spill file: "
                            + e.getMessage(), e);
                }
            }
            rowSamples.clear();
        }

        private long startOf(LocalDate day) {
            return day.atStartOfDay(plant.zone()).toInstant().toEpochMilli();
        }
    }

    /** Goes to the sink {@value #BATCH} samples at a time. */
    private final class Batcher {
        private final String source;
        private List<Sample> batch = new ArrayList<>(BATCH);
        private long emitted;

        Batcher(String source) {
            this.source = source;
        }

        void addAll(List<Sample> samples) {
            for (Sample s : samples) {
                batch.add(s);
                if (batch.size() == BATCH) {
                    flush();
                }
            }
        }

        void flush() {
            if (!batch.isEmpty()) {
                sink.accept(new SampleBatch(source, batch));
                emitted += batch.size();
                batch = new ArrayList<>(BATCH);
            }
        }
    }
}
