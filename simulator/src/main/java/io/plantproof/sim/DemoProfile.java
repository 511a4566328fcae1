package io.plantproof.sim;

import io.plantproof.profile.ApplicationProfile;
import io.plantproof.profile.ProfileFile;
import io.plantproof.rules.ApplicationType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The demo plant's application profile: deploy/profile.example.yml and its attachments, packaged with the
 * simulator and written out beside the demo's plant file, as an applicant keeps them.
 */
public final class DemoProfile {

    private static final String RESOURCES = "profile/";
    private static final String FILE = "profile.example.yml";

    private DemoProfile() {
    }

    /** Writes {@code dir/profile.yml} and the attachments it names (relative to it), and loads it. */
    public static ProfileFile writeTo(Path dir) {
        byte[] yaml = resource(FILE);
        ApplicationProfile profile = ProfileFile.parse(yaml, FILE, null).profile();
        Set<String> files = new LinkedHashSet<>();
        for (ApplicationType type : ApplicationType.values()) {
            profile.attachments(type).forEach(a -> files.add(a.path()));
        }
        try {
            Path target = dir.resolve("profile.yml");
            Files.write(target, yaml);
            for (String f : files) {
                Path to = dir.resolve(f);
                Files.createDirectories(to.getParent());
                Files.write(to, resource(f));
            }
            return ProfileFile.load(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo profile into " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = DemoProfile.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the simulator jar lacks " + RESOURCES + name + " (built from deploy/)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
