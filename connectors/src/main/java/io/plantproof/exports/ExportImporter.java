package io.plantproof.exports;

import io.plantproof.merkle.Hashes;
import io.plantproof.plant.Equipment;
import io.plantproof.plant.Plant;
import io.plantproof.plant.SignalMapping;
import io.plantproof.plant.SignalValues;
import io.plantproof.plant.Workshop;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.SampleSink;
import io.plantproof.sample.Signals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Imports ERP/MES/historian export files (UTF-8 CSV) into the ledger: recognises the table by its
 * header, validates every row, and accepts a file whole or not at all. The original bytes are kept
 * under their SHA-256, and the same content twice is a no-op.
 */
public final class ExportImporter {

    private static final Logger LOG = LoggerFactory.getLogger(ExportImporter.class);
    private static final int BATCH = 10_000;
    private static final Map<String, String> ENERGY_TYPES = Map.of("电力", "electricity", "电", "electricity",
            "天然气", "natural_gas", "原煤", "raw_coal", "柴油", "diesel", "汽油", "gasoline", "蒸汽", "steam");

    private final Plant plant;
    private final SampleSink sink;
    private final Path originals;
    private final Consumer<String> progress;

    /** {@code originals} is where accepted files are kept as {@code <sha256>/<name>}. */
    public ExportImporter(Plant plant, SampleSink sink, Path originals, Consumer<String> progress) {
        this.plant = plant;
        this.sink = sink;
        this.originals = originals;
        this.progress = progress;
    }

    public ImportResult importFile(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read export file " + file + ": " + e.getMessage(), e);
        }
        String name = file.getFileName().toString();
        String sha = Hashes.sha256Hex(bytes);
        Path kept = originals.resolve(sha).resolve(name);
        if (Files.exists(kept)) {
            LOG.info("{} (sha256 {}) was imported before; nothing changed", name, sha);
            return new ImportResult(name, sha, null, ImportResult.Status.ALREADY_IMPORTED, 0, 0, List.of());
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n");
        List<String> header = lines.length == 0 ? List.of() : Arrays.stream(lines[0].split(",", -1)).map(String::trim).toList();
        ExportTable table = ExportTable.recognise(header);
        if (table == null) {
            return new ImportResult(name, sha, null, ImportResult.Status.REJECTED, 0, 0, List.of(new RowError(name, 1,
                    "(header)", lines.length == 0 ? "" : lines[0], "not a known export table; expected the headers of one of "
                    + Arrays.stream(ExportTable.values()).map(t -> t.title + " " + t.required).collect(Collectors.joining(", ")))));
        }
        Rows rows = new Rows(name, header, table);
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                rows.parse(i + 1, lines[i].split(",", -1));
            }
            if (i % 100_000 == 0) {
                progress.accept(name + ": " + i + " of " + (lines.length - 1) + " rows checked");
            }
        }
        if (!rows.errors.isEmpty()) {
            LOG.warn("{} rejected: {} bad row(s), first: {}", name, rows.errors.size(), rows.errors.get(0));
            return new ImportResult(name, sha, table.title, ImportResult.Status.REJECTED, lines.length - 1, 0,
                    List.copyOf(rows.errors));
        }
        try {
            Files.createDirectories(kept.getParent());
            Files.write(kept, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the original of " + file + " in " + kept, e);
        }
        String source = "import:" + sha + ":" + name;
        for (int i = 0; i < rows.samples.size(); i += BATCH) {
            sink.accept(new SampleBatch(source, rows.samples.subList(i, Math.min(rows.samples.size(), i + BATCH))));
        }
        LOG.info("{} accepted as {}: {} rows, {} samples, sha256 {}", name, table.title, lines.length - 1,
                rows.samples.size(), sha);
        return new ImportResult(name, sha, table.title, ImportResult.Status.ACCEPTED, lines.length - 1,
                rows.samples.size(), List.of());
    }

    /** Row validation and conversion for one file. */
    private final class Rows {
        final String file;
        final Map<String, Integer> columns = new HashMap<>();
        final ExportTable table;
        final List<RowError> errors = new ArrayList<>();
        final List<Sample> samples = new ArrayList<>();
        final Set<String> workshops = plant.workshops().stream().map(Workshop::id).collect(Collectors.toSet());
        final Map<String, Workshop> workshopsByName = plant.workshops().stream()
                .collect(Collectors.toMap(Workshop::name, w -> w, (a, b) -> a));

        Rows(String file, List<String> header, ExportTable table) {
            this.file = file;
            this.table = table;
            for (int i = 0; i < header.size(); i++) {
                columns.put(header.get(i), i);
            }
        }

        String cell(String[] f, String column) {
            Integer i = columns.get(column);
            return i == null || i >= f.length ? "" : f[i].trim();
        }

        void parse(int row, String[] f) {
            int before = errors.size();
            switch (table) {
                case REGISTER -> register(row, f);
                case PRODUCTION -> {
                    String w = workshop(row, f);
                    long day = day(row, f);
                    double qty = number(row, f, "产量(件)");
                    double good = number(row, f, "合格数(件)");
                    double defect = number(row, f, "不良数(件)");
                    double value = number(row, f, "产值(万元)");
                    if (errors.size() == before && Math.abs(good + defect - qty) > 0.5) {
                        errors.add(new RowError(file, row, "合格数(件)", cell(f, "合格数(件)"),
                                "合格数 + 不良数 = " + (good + defect) + " does not equal 产量 " + qty));
                    }
                    if (errors.size() == before) {
                        add(w, Signals.REPORT_OUTPUT_QTY, day, qty);
                        add(w, Signals.REPORT_GOOD_QTY, day, good);
                        add(w, Signals.REPORT_DEFECT_QTY, day, defect);
                        add(w, Signals.REPORT_OUTPUT_VALUE, day, value);
                    }
                }
                case ENERGY -> {
                    String w = workshop(row, f);
                    long day = day(row, f);
                    String type = ENERGY_TYPES.get(cell(f, "能源种类"));
                    if (type == null) {
                        errors.add(new RowError(file, row, "能源种类", cell(f, "能源种类"), "unknown energy type; known: "
                                + ENERGY_TYPES.keySet()));
                    }
                    double qty = number(row, f, "数量");
                    if (errors.size() == before) {
                        add(w, Signals.REPORT_ENERGY_PREFIX + type, day, qty);
                    }
                }
                case HEADCOUNT -> {
                    String w = workshop(row, f);
                    long day = day(row, f);
                    double n = number(row, f, "人数");
                    if (errors.size() == before) {
                        add(w, Signals.REPORT_HEADCOUNT, day, n);
                    }
                }
                case HISTORIAN -> historian(row, f);
            }
        }

        private void register(int row, String[] f) {
            String id = cell(f, "设备编号");
            if (plant.equipment(id).isEmpty()) {
                errors.add(new RowError(file, row, "设备编号", id, "equipment is not in the plant file's register"));
            }
        }

        private void historian(int row, String[] f) {
            String device = cell(f, "device");
            String signal = cell(f, "signal");
            Equipment e = plant.equipment(device).orElse(null);
            if (e == null) {
                errors.add(new RowError(file, row, "device", device, "unknown device"));
                return;
            }
            SignalMapping mapping = e.signal(signal);
            if (mapping == null) {
                errors.add(new RowError(file, row, "signal", signal, "device " + device + " has no such signal in the plant file"));
                return;
            }
            long ts;
            try {
                ts = Long.parseLong(cell(f, "ts"));
            } catch (NumberFormatException ex) {
                errors.add(new RowError(file, row, "ts", cell(f, "ts"), "not epoch milliseconds"));
                return;
            }
            String quality = cell(f, "quality");
            long status;
            try {
                status = quality.isEmpty() ? 0 : Long.parseLong(quality);
            } catch (NumberFormatException ex) {
                errors.add(new RowError(file, row, "quality", quality, "not a status code (0 = good)"));
                return;
            }
            try {
                double value = SignalValues.normalize(device, mapping, cell(f, "value"));
                samples.add(new Sample(device, signal, ts, value, status, Provenance.IMPORTED));
            } catch (IllegalArgumentException ex) {
                errors.add(new RowError(file, row, "value", cell(f, "value"), ex.getMessage()));
            }
        }

        private String workshop(int row, String[] f) {
            String w = cell(f, "车间");
            if (workshops.contains(w)) {
                return w;
            }
            Workshop byName = workshopsByName.get(w);
            if (byName != null) {
                return byName.id();
            }
            errors.add(new RowError(file, row, "车间", w, "unknown workshop; known: " + workshops));
            return w;
        }

        private long day(int row, String[] f) {
            try {
                return LocalDate.parse(cell(f, "日期")).atStartOfDay(plant.zone()).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                errors.add(new RowError(file, row, "日期", cell(f, "日期"), "not a date (yyyy-MM-dd)"));
                return 0;
            }
        }

        private double number(int row, String[] f, String column) {
            String v = cell(f, column).replace(",", "");
            try {
                double d = Double.parseDouble(v);
                if (d < 0 || !Double.isFinite(d)) {
                    errors.add(new RowError(file, row, column, v, "negative or not finite"));
                }
                return d;
            } catch (NumberFormatException e) {
                errors.add(new RowError(file, row, column, v, "not a number"));
                return 0;
            }
        }

        private void add(String workshop, String signal, long day, double value) {
            samples.add(Sample.of(workshop, signal, day, value, Provenance.IMPORTED));
        }
    }
}
