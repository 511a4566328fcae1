package io.plantproof.sim;

import io.plantproof.plant.MqttConnection.PayloadFormat;
import io.plantproof.plant.Plant;
import io.plantproof.plant.PlantFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The plant file the demo writes loads back through the strict reader as the same plant. */
class DemoPlantTest {

    @ParameterizedTest
    @EnumSource(value = PayloadFormat.class, names = {"JSON", "SPARKPLUG"})
    void theGeneratedPlantFileLoadsStrictly(PayloadFormat mqtt) {
        Plant plant = DemoPlant.plant("opc.tcp://127.0.0.1:4840/plantproof", "tcp://127.0.0.1:1883", "data", mqtt);
        String yaml = PlantFile.toYaml(plant);

        assertThat(PlantFile.parse(yaml, "demo plant.yml")).isEqualTo(plant);
        assertThat(yaml).contains("keyProcess: false").contains("automated: true");
    }
}
