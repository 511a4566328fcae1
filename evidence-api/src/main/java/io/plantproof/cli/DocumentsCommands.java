package io.plantproof.cli;

import io.plantproof.profile.ProfileCheck;
import io.plantproof.profile.ProfileFile;
import io.plantproof.rules.ApplicationType;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code plantproof documents check}: what the application profile still lacks for a complete 申报书.
 */
@Command(name = "documents", description = "the 申报书 documents and their application profile",
        subcommands = {DocumentsCommands.Check.class})
final class DocumentsCommands {

    private DocumentsCommands() {
    }

    /**
     * The plant file and the profile must load (exit 2 otherwise, naming line and field); lists the required fields of
     * the application type the profile leaves empty (exit 1 when there are any).
     */
    @Command(name = "check", description = "list the required 申报书 fields the application profile leaves empty (exit 1 when any)")
    static final class Check extends PlantCommand {

        @Mixin
        PlantFileOption config;

        @Option(names = "--profile", paramLabel = "profile.yml", required = true, description = "the application profile (docs/profile.md)")
        Path profile;

        @Option(names = "--type", paramLabel = "T", required = true, description = "smart-factory or digital-workshop")
        ApplicationType type;

        @Override
        public Integer call() {
            PlantConfig plant = config.load();
            ProfileFile file = ProfileFile.load(profile);
            List<ProfileCheck.Missing> missing = ProfileCheck.missing(file, type);
            if (missing.isEmpty()) {
                out().println(file.name() + ": every required field of the " + type.chinese() + "申报书 has a value ("
                        + plant.plant().enterprise().name() + ", " + file.profile().attachments(type).size() + " attachment(s))");
                return 0;
            }
            out().print(describe(file, type, missing));
            return 1;
        }
    }

    /** The missing fields, one per line with the line of the profile to look at. */
    static String describe(ProfileFile profile, ApplicationType type, List<ProfileCheck.Missing> missing) {
        return profile.name() + " lacks " + missing.size() + " required field(s) of the " + type.chinese() + "申报书:\n  "
                + String.join("\n  ", missing.stream().map(ProfileCheck.Missing::toString).toList()) + "\n";
    }
}
