package io.plantproof.cli;

import io.plantproof.plant.Plant;
import io.plantproof.plant.PlantFile;

import java.nio.file.Path;

/**
 * A loaded plant file and its data folder; relative paths in the file resolve against the file's own folder.
 */
record PlantConfig(Plant plant, Path dataDir, Path baseDir) {

    static PlantConfig load(Path file) {
        Plant plant = PlantFile.load(file);
        Path base = file.toAbsolutePath().getParent();
        return new PlantConfig(plant, base.resolve(plant.dataDir()), base);
    }
}
