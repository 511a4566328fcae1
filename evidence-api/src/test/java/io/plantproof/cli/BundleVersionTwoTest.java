package io.plantproof.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static io.plantproof.cli.SmallBundle.plantproof;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bundle written by the version-2 builder (fixtures/bundle-v2, see its README) still verifies for integrity.
 */
class BundleVersionTwoTest {

    static final Path FIXTURE = Path.of("src/test/resources/fixtures/bundle-v2");
    static final String KEY = "SHA256:12b54b2ead02b4dbe4c800bd9f1a620708f88b89b2271d0b6664af8e0fafe669";

    @Test
    void versionTwoBundleStillVerifies() {
        SmallBundle.Run run = plantproof("evidence", "verify", FIXTURE.resolve("bundle.zip").toString(), "--key", KEY,
                "--checkpoints", FIXTURE.resolve("earlier-checkpoint.json").toString());
        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.out()).containsPattern("PASS\\s+signature").containsPattern("PASS\\s+inclusion")
                .containsPattern("PASS\\s+consistency\\s+--checkpoints size 2");
    }
}
