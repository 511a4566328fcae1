package io.plantproof.rules;

import io.plantproof.merkle.Hashes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

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
            "shaoxing-2025/digital-workshop, 2, fb74d4252881d6d0750568eb574e6a60ec1639e0c7e3b1387be968c2f5ae56b3",
            "shaoxing-2025/smart-factory, 2, b837f908dc6afe629d45584624ac0119d1566d3eab270445fc3408af455a1bae"})
    void everyShippedVersionKeepsItsContent(String id, int version, String pinned) {
        RuleSet rules = RuleSet.official(id, version).orElseThrow(() -> new AssertionError(id + " v" + version + " is no longer shipped"));
        String content = Hashes.sha256Hex(JsonMapper.builder().build().writeValueAsBytes(rules));
        assertThat(content).as(id + " v" + version + " changed without a new version: bump \"version\" and keep the old file as "
                + id + ".v" + version + ".json").isEqualTo(pinned);
    }

    @ParameterizedTest
    @CsvSource({"shaoxing-2025/digital-workshop, 99", "shaoxing-2025/no-such-set, 2", "../../etc/passwd, 2"})
    void unknownIdsAndVersionsHaveNoOfficialCopy(String id, int version) {
        assertThat(RuleSet.official(id, version)).isEmpty();
    }
}
