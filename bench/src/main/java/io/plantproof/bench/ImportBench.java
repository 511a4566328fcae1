package io.plantproof.bench;

import io.plantproof.exports.ExportImporter;
import io.plantproof.exports.ImportResult;
import io.plantproof.ledger.Ledger;
import io.plantproof.plant.Plant;
import io.plantproof.plant.PlantFile;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

/**
 * Import of a historian CSV (ts, device, signal, value, quality; two devices alternating, one reading a second each)
 * against DuckDB's {@code read_csv} on the same file: (A) {@code ExportImporter} into a fresh fsync'd ledger, as
 * {@code plantproof import} does, (B) DuckDB reading the file into an in-memory table with every column typed.
 * Figure: rows/s.
 */
final class ImportBench {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final Path work;
    private final int rows;
    private final Plant plant = PlantFile.parse("""
            enterprise: {name: bench}
            workshops: [{id: W1, name: bench}]
            equipment:
              - {id: M1, name: m1, workshop: W1, signals: [{kind: power, intervalSeconds: 10, required: false}]}
              - {id: M2, name: m2, workshop: W1, signals: [{kind: power, intervalSeconds: 10, required: false}]}
            """, "bench-import.yml");
    private Path csv;
    private int round;

    ImportBench(Path work, int rows) {
        this.work = work;
        this.rows = rows;
    }

    Trials.Comparison run(int warmup, int rounds) throws Exception {
        csv = work.resolve("historian-" + rows + ".csv");
        if (!Files.exists(csv)) {
            long t0 = LocalDate.parse("2025-07-01").atStartOfDay(ZONE).toInstant().toEpochMilli();
            try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                w.write("ts,device,signal,value,quality\n");
                for (int i = 0; i < rows; i++) {
                    w.write((t0 + (i / 2) * 1000L) + (i % 2 == 0 ? ",M1,power," : ",M2,power,") + (i % 997) / 10.0 + ",0\n");
                }
            }
        }
        System.out.printf(Locale.ROOT, "import: %s, %,d rows, %.1f MB%n", csv, rows, Files.size(csv) / 1e6);
        return Trials.compare("import (rows/s)", "rows/s", Trials.Better.HIGHER, 1 / 3.0, warmup, rounds,
                "PlantProof -> fsync'd ledger", this::plantProof, "DuckDB read_csv", this::duckDb);
    }

    private double plantProof() throws Exception {
        Path dir = Files2.fresh(work.resolve("import-" + (++round)));
        try (Ledger ledger = Ledger.open(dir.resolve("ledger"))) {
            long start = System.nanoTime();
            ImportResult r = new ExportImporter(plant, ledger, dir.resolve("originals"), line -> {
            }).importFile(csv);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (r.status() != ImportResult.Status.ACCEPTED || r.rows() != rows || r.samples() != rows) {
                throw new IllegalStateException("import " + r.status() + " " + r.rows() + " rows, " + r.samples()
                        + " samples: " + r.errors().stream().limit(3).toList());
            }
            System.out.printf(Locale.ROOT, "  PlantProof: %,d rows in %.2f s, %,d ledger records%n", r.rows(), seconds,
                    ledger.status().records());
            return rows / seconds;
        } finally {
            Files2.delete(dir);
        }
    }

    private double duckDb() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            long start = System.nanoTime();
            s.execute("CREATE TABLE h AS SELECT * FROM read_csv('" + csv + "', header = true)");
            double seconds = (System.nanoTime() - start) / 1e9;
            try (ResultSet r = s.executeQuery("SELECT count(*), count(DISTINCT device), typeof(any_value(ts)), typeof(any_value(value)) FROM h")) {
                r.next();
                if (r.getLong(1) != rows) {
                    throw new IllegalStateException("DuckDB read " + r.getLong(1) + " rows of " + rows);
                }
                System.out.printf(Locale.ROOT, "  DuckDB: %,d rows in %.2f s (%d devices, ts %s, value %s)%n", r.getLong(1),
                        seconds, r.getLong(2), r.getString(3), r.getString(4));
            }
            return rows / seconds;
        }
    }
}
