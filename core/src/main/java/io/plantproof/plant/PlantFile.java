package io.plantproof.plant;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Reads and validates the plant file (YAML). The file is strict: unknown fields, missing required fields, values of the
 * wrong type or outside their range are problems, never defaults. Every problem is reported at once, each with its
 * line, column and field path, in words a plant admin can act on.
 */
public final class PlantFile {

    /** Top-level sections a plant file must have (docs/configuration.md). */
    private static final List<String> REQUIRED_SECTIONS = List.of("enterprise", "workshops", "equipment");

    private static final YAMLMapper YAML = strict(YAMLMapper.builder()).build();
    private static final JsonMapper JSON = strict(JsonMapper.builder()).build();

    /** Writes only what is set, so a generated plant file reads like a hand-written one. */
    private static final YAMLMapper YAML_OUT = YAMLMapper.builder()
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_EMPTY))
            .build();

    private PlantFile() {
    }

    // No coercion that would turn a typo into a value: 1.5 is not an int, 2 is not an enum constant, a key is not twice.
    private static <M extends ObjectMapper, B extends tools.jackson.databind.cfg.MapperBuilder<M, B>> B strict(B builder) {
        return builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(tools.jackson.databind.cfg.EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    public static Plant load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PlantConfigException("plant file " + file + " does not exist or is not a file");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new PlantConfigException("plant file " + file + " is not UTF-8 text; save it as UTF-8", e);
        } catch (IOException e) {
            throw new PlantConfigException("plant file " + file + " cannot be read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** The plant in YAML text; {@code name} is how problems refer to the file. */
    public static Plant parse(String yaml, String name) {
        return read(YAML, yaml, "plant file " + name, true);
    }

    /** The plant as canonical JSON: the register snapshot a bundle carries. */
    public static byte[] toJson(Plant plant) {
        return JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsBytes(plant);
    }

    /**
     * A register snapshot written by {@link #toJson}, checked like a plant file. Snapshots written before the plant file
     * became strict carry {@code idealCycleTimeSeconds: 0.0} for an unknown ideal cycle time; it reads as left out.
     */
    public static Plant fromJson(byte[] json, String name) {
        String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (JSON.readTree(text) instanceof ObjectNode root && root.get("equipment") instanceof ArrayNode equipment) {
                for (JsonNode e : equipment) {
                    if (e instanceof ObjectNode o && o.path("idealCycleTimeSeconds").isNumber()
                            && o.get("idealCycleTimeSeconds").asDouble() == 0) {
                        o.remove("idealCycleTimeSeconds");
                    }
                }
                text = JSON.writeValueAsString(root);
            }
        } catch (JacksonException e) {
            // not JSON: read() reports it with its place
        }
        return read(JSON, text, name, false);
    }

    public static String toYaml(Plant plant) {
        return YAML_OUT.writeValueAsString(plant);
    }

    /** Problems of a plant built in code, by field path; empty when it is valid. */
    public static List<String> problems(Plant plant) {
        return plant.problems();
    }

    private static Plant read(ObjectMapper mapper, String text, String what, boolean planFile) {
        SourceLocations where;
        try {
            where = SourceLocations.of(mapper, text);
        } catch (StreamReadException e) {
            throw new PlantConfigException(what + " is not well-formed: " + syntax(e), e);
        }
        PlantProblems problems = new PlantProblems();
        Plant plant = null;
        try {
            plant = mapper.readerFor(Plant.class).withHandler(new BindingProblems(problems)).readValue(text);
        } catch (DatabindException e) {
            // what the problem handler could not step over; the binder stops here, so this is the last problem
            problems.add(FieldPath.ofPointer(pointer(e)), BindingProblems.plain(e));
        }
        if (plant == null && problems.isEmpty()) {
            throw new PlantConfigException(what + " is empty");
        }
        if (planFile) {
            for (String section : REQUIRED_SECTIONS) {
                if (!where.has("/" + section)) {
                    problems.add(FieldPath.root().field(section), "is required");
                }
            }
        }
        if (plant != null) {
            plant.check(problems);
        }
        if (!problems.isEmpty()) {
            throw new PlantConfigException(report(what, problems, where));
        }
        return plant;
    }

    private static String report(String what, PlantProblems problems, SourceLocations where) {
        record Located(SourceLocations.Position at, String text) {
        }
        List<Located> lines = problems.list().stream()
                .map(p -> {
                    FieldPath path = p.at().labelled(where::idOf);
                    return new Located(where.of(p.at()), new PlantProblems.Problem(path, p.message()).toString());
                })
                .sorted(Comparator.comparing(Located::at, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
        StringBuilder out = new StringBuilder(what).append(" has ").append(lines.size())
                .append(lines.size() == 1 ? " problem:" : " problems:");
        for (Located l : lines) {
            out.append("\n  - ").append(l.at() == null ? "" : l.at() + ": ").append(l.text());
        }
        return out.toString();
    }

    private static String pointer(JacksonException e) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            out.append('/').append(r.getPropertyName() != null ? r.getPropertyName() : Integer.toString(r.getIndex()));
        }
        return out.toString();
    }

    private static String syntax(StreamReadException e) {
        SourceLocations.Position at = SourceLocations.position(e.getLocation());
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
        if (message.startsWith("Duplicate Object property")) {
            message = "a field is written twice in the same mapping: " + message.replaceAll(".*\"(.*)\".*", "$1");
        }
        return (at == null ? "" : at + ": ") + message;
    }
}
