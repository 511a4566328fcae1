package io.plantproof.plant;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and validates the plant file (YAML). Every problem is reported at once, naming the file and field.
 */
public final class PlantFile {

    /** Omitted numbers (qos, intervals …) take the defaults the records document, so they are not errors. */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** Writes only what is set, so a generated plant file reads like a hand-written one. */
    private static final YAMLMapper YAML_OUT = YAMLMapper.builder()
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_EMPTY))
            .build();

    private PlantFile() {
    }

    public static Plant load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PlantConfigException("plant file " + file + " does not exist or is not a file");
        }
        Plant plant;
        try {
            plant = YAML.readValue(file.toFile(), Plant.class);
        } catch (RuntimeException e) {
            throw new PlantConfigException("plant file " + file + ": " + e.getMessage(), e);
        }
        return validated(plant, file.toString());
    }

    public static Plant parse(String yaml, String name) {
        try {
            return validated(YAML.readValue(yaml, Plant.class), name);
        } catch (PlantConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PlantConfigException("plant file " + name + ": " + e.getMessage(), e);
        }
    }

    /** The plant as canonical JSON: the register snapshot a bundle carries. */
    public static byte[] toJson(Plant plant) {
        return JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsBytes(plant);
    }

    public static Plant fromJson(byte[] json, String name) {
        try {
            return validated(JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build().readValue(json, Plant.class), name);
        } catch (PlantConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PlantConfigException(name + ": " + e.getMessage(), e);
        }
    }

    public static String toYaml(Plant plant) {
        return YAML_OUT.writeValueAsString(plant);
    }

    private static Plant validated(Plant plant, String name) {
        if (plant == null) {
            throw new PlantConfigException("plant file " + name + " is empty");
        }
        var problems = plant.problems();
        if (!problems.isEmpty()) {
            throw new PlantConfigException("plant file " + name + " has " + problems.size() + " problem(s):\n  - "
                    + String.join("\n  - ", problems));
        }
        return plant;
    }
}
