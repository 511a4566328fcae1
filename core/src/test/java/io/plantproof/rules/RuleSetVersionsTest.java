package io.plantproof.rules;

import io.plantproof.merkle.Hashes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bundle names its rule set by id and version, and the verifier applies its own copy of exactly that version
 * (RuleSet.official). So a rule file may never change under the same version: bundles built with the old content
 * would then fail against rules they were never built with. This pins the content of every shipped version; to
 * change a rule set, bump its version, keep the old file as {@code <name>.v<old version>.json} and add its line here.
 */
class RuleSetVersionsTest {

    @ParameterizedTest
    @CsvSource({
            "shaoxing-2025/digital-workshop, 2, digital-workshop.v2.json, 2e8dbc61367f2dbdf46556bf7211b1167cb213a964d5f005c74670c22dae9e7a",
            "shaoxing-2025/smart-factory, 2, smart-factory.v2.json, 98e283b43a55a63f10d27925b21c821a66635101a7374d3dd4b9da5549b42ed6",
            "shaoxing-2025/digital-workshop, 3, digital-workshop.json, b622b40c49b3ba0322de6baea1e229036c424cf360c8eea60617121b2d1fe080",
            "shaoxing-2025/smart-factory, 3, smart-factory.json, 95507c150561140645862eedbf0f93ac3124b015e78b83bfbfbbbbe21768171b"})
    void everyShippedVersionKeepsItsContent(String id, int version, String file, String pinned) throws IOException {
        RuleSet rules = RuleSet.official(id, version).orElseThrow(() -> new AssertionError(id + " v" + version + " is no longer shipped"));
        byte[] bytes;
        try (InputStream in = RuleSet.class.getResourceAsStream("shaoxing-2025/" + file)) {
            assertThat(in).as(file + " is shipped").isNotNull();
            bytes = in.readAllBytes();
        }
        assertThat(Hashes.sha256Hex(bytes)).as(id + " v" + version + " changed without a new version: bump \"version\" and keep the old "
                + "file as " + id + ".v" + version + ".json").isEqualTo(pinned);
        assertThat(rules).as("the official copy of " + id + " v" + version + " is " + file).isEqualTo(RuleSet.parse(bytes, file));
    }

    @ParameterizedTest
    @CsvSource({"shaoxing-2025/digital-workshop, 99", "shaoxing-2025/no-such-set, 2", "../../etc/passwd, 2"})
    void unknownIdsAndVersionsHaveNoOfficialCopy(String id, int version) {
        assertThat(RuleSet.official(id, version)).isEmpty();
    }
}
