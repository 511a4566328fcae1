package io.plantproof.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The required {@code --config plant.yml} of the commands that work on a plant's data folder.
 */
final class PlantFileOption {

    @Option(names = "--config", paramLabel = "plant.yml", required = true, description = "the plant file (docs/configuration.md)")
    Path file;

    PlantConfig load() {
        return PlantConfig.load(file);
    }
}
