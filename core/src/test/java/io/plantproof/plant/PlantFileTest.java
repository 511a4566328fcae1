package io.plantproof.plant;

import io.plantproof.sample.MachineState;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlantFileTest {

    @Test
    void theDocumentedExampleLoads() {
        Plant plant = PlantFile.load(Path.of("../deploy/plant.example.yml"));
        assertThat(plant.equipment()).extracting(Equipment::id).containsExactly("CNC-01", "ASM-01");
        assertThat(plant.calendar().shifts()).hasSize(2);
        assertThat(plant.calendar().shifts().get(1).start()).isEqualTo(LocalTime.of(13, 0));
        assertThat(plant.equipment("ASM-01").orElseThrow().signal("state").stateCodes())
                .containsEntry("ALARM", MachineState.DOWN);
        // 2025-10-08 is a Wednesday: 4 h + 7 h planned; the lunch break is not planned time
        long planned = plant.calendar().planned(Instant.parse("2025-10-07T16:00:00Z"), Instant.parse("2025-10-08T16:00:00Z"),
                plant.zone()).stream().mapToLong(ProductionCalendar.Interval::length).sum();
        assertThat(planned).isEqualTo(11 * 3_600_000L);
    }

    @Test
    void everyProblemIsNamedByItsField() {
        String yaml = """
                enterprise: {name: X}
                workshops: [{id: W1, name: a}, {id: W1, name: b}]
                mqtt: [{id: m, url: "tcp://x:1883", topic: "no/device/segment"}]
                equipment:
                  - id: E1
                    workshop: W9
                    signals: [{kind: state, opcua: {connection: nope, node: "ns=2;s=x"}}]
                """;
        assertThatThrownBy(() -> PlantFile.parse(yaml, "bad.yml"))
                .isInstanceOf(PlantConfigException.class)
                .hasMessageContaining("bad.yml has 4 problem(s)")
                .hasMessageContaining("workshops[1].id 'W1' is used twice")
                .hasMessageContaining("mqtt[0] needs a topic with a {device} segment or a devicePointer")
                .hasMessageContaining("equipment[0] (E1).workshop 'W9' is not a workshop id")
                .hasMessageContaining("signals[0].opcua.connection 'nope'");
    }

    @Test
    void anUnknownFieldIsRefusedWithItsName() {
        assertThatThrownBy(() -> PlantFile.parse("enterprise: {name: X}\nworkshop: []\n", "typo.yml"))
                .isInstanceOf(PlantConfigException.class).hasMessageContaining("typo.yml").hasMessageContaining("workshop");
    }

    @Test
    void aWrittenPlantFileReadsBackTheSame() {
        Plant plant = PlantFile.load(Path.of("../deploy/plant.example.yml"));
        assertThat(PlantFile.parse(PlantFile.toYaml(plant), "round-trip")).isEqualTo(plant);
    }
}
