package io.plantproof.cli;

import io.plantproof.collector.DataDir;
import io.plantproof.exports.ExportImporter;
import io.plantproof.exports.ImportResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code plantproof import}: imports ERP/MES/historian export files into the ledger; exit 1 when a file is rejected.
 */
@Command(name = "import", description = "import export files; bad rows are listed by file, row and column")
final class ImportCommand extends PlantCommand {

    @Mixin
    PlantFileOption config;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "export files (CSV) to import")
    List<Path> files;

    @Override
    public Integer call() {
        PlantConfig config = this.config.load();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                throw new UsageException("export file " + file + " does not exist");
            }
        }
        int rejected = 0;
        try (DataDir data = DataDir.open(config.dataDir(), config.plant())) {
            ExportImporter importer = new ExportImporter(config.plant(), data.ledger(), data.originals(), err()::println);
            for (Path file : files) {
                ImportResult r = importer.importFile(file);
                out().println(describe(r));
                rejected += r.status() == ImportResult.Status.REJECTED ? 1 : 0;
            }
            data.writer().drain();
        }
        return rejected == 0 ? 0 : 1;
    }

    static String describe(ImportResult r) {
        return switch (r.status()) {
            case ACCEPTED -> r.file() + ": accepted as " + r.table() + ", " + r.rows() + " rows, " + r.samples()
                    + " values (sha256 " + r.sha256().substring(0, 12) + "…)"
                    + (r.earlierVersions().isEmpty() ? "" : "; new version, " + r.earlierVersions().size() + " earlier version(s) kept")
                    + (r.openLines() > 0 ? "; " + r.openLines() + " open line(s) not yet due" : "")
                    + (r.errors().isEmpty() ? "" : "; " + r.errors().size() + " bad row(s) left out:" + rowErrors(r));
            case ALREADY_IMPORTED -> r.file() + ": already imported (same sha256 " + r.sha256().substring(0, 12) + "…); nothing changed";
            case REJECTED -> r.file() + ": REJECTED, " + r.errors().size() + " bad row(s):" + rowErrors(r);
        };
    }

    private static String rowErrors(ImportResult r) {
        return "\n  " + String.join("\n  ", r.errors().stream().limit(50).map(Object::toString).toList())
                + (r.errors().size() > 50 ? "\n  … and " + (r.errors().size() - 50) + " more" : "");
    }
}
