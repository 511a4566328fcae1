package io.plantproof.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static io.plantproof.cli.SmallBundle.plantproof;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bundle written by the version-2 builder (fixtures/bundle-v2, see its README) still verifies for integrity, and is
 * reported as unanchored: format 2 carried no witness cosignatures or time-stamps.
 */
class BundleVersionTwoTest {

    static final Path FIXTURE = Path.of("src/test/resources/fixtures/bundle-v2");
    static final String KEY = "SHA256:12b54b2ead02b4dbe4c800bd9f1a620708f88b89b2271d0b6664af8e0fafe669";

    @Test
    void versionTwoBundleVerifiesForIntegrityAndIsReportedUnanchored() {
        SmallBundle.Run run = plantproof("evidence", "verify", FIXTURE.resolve("bundle.zip").toString(), "--key", KEY);
        assertThat(run.code()).as(run.all()).isEqualTo(4);
        assertThat(run.out()).startsWith("INTACT-NOT-ANCHORED").contains("established:     integrity")
                .containsPattern("PASS\\s+signature").containsPattern("PASS\\s+inclusion").containsPattern("PASS\\s+consistency")
                .containsPattern("NOT established: time, baseline 2025-11-29..2025-11-29: 2 of 2 chunk\\(s\\) are in no checkpoint a "
                        + "trusted anchor covers: when they were recorded is not established; sealed at 2026-12-01T")
                .containsPattern("PASS\\s+oee").doesNotContainPattern("(?m)^VERIFIED");
    }

    /**
     * Its JSON checkpoint, filed with the office after the baseline was sealed, dates that baseline: last year's
     * telemetry, claimed as MEASURED, recorded a year late. Forgery (d) is caught in format-2 bundles too.
     */
    @Test
    void itsFiledCheckpointShowsTheBaselineWasRecordedAfterTheFact() {
        SmallBundle.Run run = plantproof("evidence", "verify", FIXTURE.resolve("bundle.zip").toString(), "--key", KEY,
                "--checkpoints", FIXTURE.resolve("earlier-checkpoint.json").toString());
        assertThat(run.code()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).containsPattern("PASS\\s+anchor\\s+--checkpoints .*earlier-checkpoint.json \\(size 2\\)")
                .containsPattern("FAIL\\s+time\\s+baseline 2025-11-29..2025-11-29: 2 of 2 chunk\\(s\\) claimed as MEASURED were recorded "
                        + "after their days, not collected at the time \\(first: \\S+ 2025-11-29, first anchored by filed checkpoint .* 36\\d "
                        + "day\\(s\\) after that day");
    }
}
