package io.plantproof.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A loaded, validated profile file: its bytes (bundled as they are), the profile, where each field is, and
 * the folder its attachments are relative to. Unknown fields are refused and every problem is reported
 * at once with its line and field path, like the plant file.
 */
public record ProfileFile(String name, byte[] bytes, ApplicationProfile profile, YamlLines lines, Path baseDir) {

    /** Where an evidence bundle keeps the profile file as given, and the folder its attachments are under. */
    public static final String IN_BUNDLE = "profile/profile.yml";
    public static final String ATTACHMENTS_IN_BUNDLE = "profile/files/";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** Writes only what is set, so a profile written by the web form reads like a hand-written one. */
    private static final YAMLMapper YAML_OUT = YAMLMapper.builder()
            .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_EMPTY))
            .build();

    /** Loads and validates {@code file}; attachments are resolved against its folder. */
    public static ProfileFile load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ProfileException("profile file " + file + " does not exist or is not a file");
        }
        try {
            return parse(Files.readAllBytes(file), file.toString(), file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new ProfileException("profile file " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Parses and validates profile bytes named {@code name} (for messages); {@code baseDir} is where its
     * attachments are, or {@code null} to leave their existence unchecked (a profile read back from a bundle).
     */
    public static ProfileFile parse(byte[] bytes, String name, Path baseDir) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        ApplicationProfile profile;
        try {
            profile = YAML.readValue(text, ApplicationProfile.class);
        } catch (JacksonException e) {
            throw new ProfileException("profile file " + name + ": " + describe(e, YamlLines.of(text)), e);
        }
        if (profile == null) {
            throw new ProfileException("profile file " + name + " is empty");
        }
        YamlLines lines = YamlLines.of(text);
        List<Problem> problems = new ProfileValidation(profile, baseDir).problems();
        if (!problems.isEmpty()) {
            throw new ProfileException("profile file " + name + " has " + problems.size() + " problem(s):\n  - "
                    + problems.stream().map(p -> p.render(lines)).collect(Collectors.joining("\n  - ")));
        }
        return new ProfileFile(name, bytes, profile, lines, baseDir);
    }

    /** A profile as YAML, e.g. what the web form saves. */
    public static String toYaml(ApplicationProfile profile) {
        return YAML_OUT.writeValueAsString(profile);
    }

    /** The attachment file a profile path names, resolved against the profile's folder. */
    public Path attachment(String path) {
        if (baseDir == null) {
            throw new IllegalStateException("profile " + name + " was read without its folder; attachments cannot be opened");
        }
        return baseDir.resolve(path);
    }

    /** A problem at a field; rendered with the field's line (or its nearest enclosing field's). */
    record Problem(String field, String message) {
        String render(YamlLines lines) {
            int line = lines.line(field);
            return (line > 0 ? "line " + line + ", " : "") + field + ": " + message;
        }
    }

    /** Jackson's message without the Java class names, with the line and the field path. */
    private static String describe(JacksonException e, YamlLines lines) {
        String path = e instanceof DatabindException d ? path(d.getPath()) : "";
        String what;
        if (e instanceof UnrecognizedPropertyException u) {
            what = "unknown field '" + u.getPropertyName() + "' (known: " + u.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
            path = path.endsWith(YamlLines.key(u.getPropertyName())) || path.equals(u.getPropertyName())
                    ? path : YamlLines.child(path, u.getPropertyName());
        } else {
            what = e.getOriginalMessage().replaceAll("\\(class [^)]*\\)", "").replaceAll("`[a-z.]+\\.([A-Z][A-Za-z$]*)`", "$1");
        }
        // the parser's position is past the token it complains about (the next line, in a flow mapping); the field's own line is exact
        int line = lines.line(path) > 0 ? lines.line(path) : e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        return (line > 0 ? "line " + line + ", " : "") + (path.isEmpty() ? "" : path + ": ") + what;
    }

    private static String path(List<JacksonException.Reference> refs) {
        String out = "";
        for (JacksonException.Reference r : refs) {
            out = r.getPropertyName() != null ? YamlLines.child(out, r.getPropertyName())
                    : r.getIndex() >= 0 ? out + "[" + r.getIndex() + "]" : out;
        }
        return out;
    }
}
