package io.plantproof.exports;

import io.plantproof.plant.Plant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented samples in deploy/exports/ stay valid: the mapping loads and every sample file imports. */
class SampleExportFilesTest {

    private static final Path SAMPLES = Path.of("..", "deploy", "exports");

    @TempDir
    Path tmp;

    @Test
    void sampleMappingLoadsWithEveryTableAndField() throws Exception {
        String yaml = Files.readString(SAMPLES.resolve("plant-exports.yml"));
        Plant plant = ExportFixtures.plant(yaml.substring(yaml.indexOf("exports:\n") + "exports:\n".length()));
        assertThat(plant.exports().tables()).hasSize(ExportTable.values().length);
        assertThat(plant.exports().table("production").headerRow()).isEqualTo(3);
        // the constructor rejects unknown tables and fields
        new ExportImporter(plant, new ExportFixtures.RecordingSink(), tmp, s -> { });
    }

    @ParameterizedTest
    @ValueSource(strings = {"生产日报.csv", "能耗.csv", "人员.csv", "成本.csv", "订单.csv", "采购.csv", "表1-投资清单.csv",
            "设备台账.csv", "historian.csv"})
    void sampleFileImportsWithTheBuiltInHeaders(String name) {
        ExportFixtures.RecordingSink sink = new ExportFixtures.RecordingSink();
        ImportResult r = new ExportImporter(ExportFixtures.plant(), sink, tmp, s -> { }, ExportFixtures.AUG_1)
                .importFile(SAMPLES.resolve(name));
        assertThat(r.errors()).isEmpty();
        assertThat(r.status()).isEqualTo(ImportResult.Status.ACCEPTED);
        assertThat(r.rows()).isPositive();
    }
}
