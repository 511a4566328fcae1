package io.plantproof.cli;

import io.plantproof.plant.PlantFile;
import io.plantproof.sim.DemoProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.plantproof.cli.SmallBundle.plantproof;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plantproof documents check}: exit 0 for the complete example profile, 1 with the list of what a
 * profile lacks, 2 with the line and field of a profile that is wrong.
 */
class DocumentsCheckCommandTest {

    @TempDir
    Path dir;

    private String plantFile() throws IOException {
        Path plant = dir.resolve("plant.yml");
        Files.writeString(plant, PlantFile.toYaml(SmallBundle.PLANT));
        return plant.toString();
    }

    @Test
    void theExampleProfileIsCompleteForBothApplicationTypes() throws IOException {
        String plant = plantFile();
        String profile = DemoProfile.writeTo(dir).name();
        for (String type : new String[] {"digital-workshop", "smart-factory"}) {
            SmallBundle.Run run = plantproof("documents", "check", "--config", plant, "--profile", profile, "--type", type);
            assertThat(run.code()).as(run.all()).isZero();
            assertThat(run.out()).contains("every required field of the").contains("申报书 has a value");
        }
    }

    @Test
    void missingFieldsAreListedWithTheirLinesAndExitOne() throws IOException {
        String plant = plantFile();
        Path profile = dir.resolve("profile.yml");
        Files.writeString(profile, """
                version: 1
                enterprise:
                  founded: 2012-05-18
                digitalWorkshop:
                  project: {name: 示例精机精密零部件数字化车间}
                """);
        SmallBundle.Run run = plantproof("documents", "check", "--config", plant, "--profile", profile.toString(),
                "--type", "digital-workshop");
        assertThat(run.code()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("required field(s) of the 数字化车间申报书")
                .contains("line 2, enterprise.address (详细地址)")
                .contains("line 5, digitalWorkshop.project.plannedInvestment (计划总投资（万元）)")
                .contains("digitalWorkshop.checklist[\"3.4\"].ticked (评价细则 3.4 设备管理 的勾选)");
    }

    @Test
    void aWrongProfileIsBadInputNamingLineAndField() throws IOException {
        String plant = plantFile();
        Path profile = dir.resolve("profile.yml");
        Files.writeString(profile, "version: 1\nenterprise:\n  founded: 2012-05-18\n  adress: 绍兴\n");
        SmallBundle.Run run = plantproof("documents", "check", "--config", plant, "--profile", profile.toString(),
                "--type", "smart-factory");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("line 4, enterprise.adress: unknown field 'adress'");
    }
}
