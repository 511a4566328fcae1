package io.plantproof.exports;

import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SampleSpillTest {

    @TempDir
    Path dir;

    @Test
    void rowsComeBackExactlyInOrderAcrossBufferBoundariesAndTheFileIsGoneAfterClose() throws Exception {
        List<List<Sample>> written = new ArrayList<>();
        for (int r = 0; r < 20_000; r++) {
            List<Sample> row = new ArrayList<>();
            // rows of 0 to 3 samples, names first seen at any point, statuses, server times and all provenances
            for (int i = 0; i < r % 4; i++) {
                Provenance p = Provenance.values()[(r + i) % Provenance.values().length];
                long status = r % 7 == 0 ? 0x80000000L + r : 0;
                long server = r % 5 == 0 ? 1_700_000_000_000L + r : Sample.UNKNOWN_SERVER_TIME;
                row.add(new Sample("设备-" + (r % 97), "signal." + i, 1_700_000_000_000L + r * 1000L + i, r * 0.25 - i, status, p, server));
            }
            written.add(row);
        }
        List<List<Sample>> read = new ArrayList<>();
        try (SampleSpill spill = new SampleSpill(dir)) {
            for (List<Sample> row : written) {
                spill.row(row);
            }
            assertThat(spill.rows()).isEqualTo(written.size());
            spill.replay(samples -> read.add(List.copyOf(samples)));
        }
        assertThat(read).isEqualTo(written);
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
