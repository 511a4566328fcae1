package io.plantproof.plant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The plant file's {@code evidence} section and the credit code it builds the log's origin from: each mistake is
 * refused by field, and a typo is never a silent default.
 */
class EvidenceConfigTest {

    static final String WITNESS_KEY = "witness.jxj.example/w1+edd63b6b+BGqAHYNlzaKcS6iTE694C2KCln++reyNdYo91YEsPzxP";

    static Plant parse(String evidence, String creditCode) {
        return PlantFile.parse("enterprise: {name: X, creditCode: " + creditCode + "}\nworkshops: [{id: W1, name: a}]\nequipment: []\n" + evidence,
                "plant.yml");
    }

    @Test
    void aCompleteSectionLoads() {
        Plant plant = parse("""
                evidence:
                  collectorId: line-1
                  witness: {url: "https://witness.jxj.example", key: "%s"}
                  timestamp: {url: "http://tsa.example.cn/tsa", hash: SM3}
                """.formatted(WITNESS_KEY), "91330602MA2D000001");
        assertThat(plant.evidence().collectorId()).isEqualTo("line-1");
        assertThat(plant.evidence().witness().noteKey().name()).isEqualTo("witness.jxj.example/w1");
        assertThat(plant.evidence().timestamp().hash()).isEqualTo("SM3");
        assertThat(parse("", "91330602MA2D000001").evidence().collectorId()).isEqualTo("collector");
    }

    @Test
    void everyMistakeIsNamedByItsField() {
        assertThatThrownBy(() -> parse("""
                evidence:
                  collectorId: "line 1"
                  witness: {url: "http://witness.jxj.example", key: "witness.jxj.example/w1+00000000+BGqAHYNlzaKcS6iTE694C2KCln++reyNdYo91YEsPzxP"}
                  timestamp: {url: "ftp://tsa", hash: MD5}
                """, "91330602MA2D000002"))
                .hasMessageContaining("enterprise.creditCode '91330602MA2D000002' is not a 统一社会信用代码")
                .hasMessageContaining("evidence.collectorId 'line 1' must match")
                .hasMessageContaining("evidence.witness.url 'http://witness.jxj.example' must use https")
                .hasMessageContaining("evidence.witness.key is not a verifier key <name>+<key id>+<base64>: key ID 00000000")
                .hasMessageContaining("evidence.timestamp.url 'ftp://tsa' is not an http(s) URL")
                .hasMessageContaining("evidence.timestamp.hash 'MD5' must be SHA-256 or SM3");
        assertThatThrownBy(() -> parse("evidence: {collectorID: x}\n", "91330602MA2D000001")).hasMessageContaining("collectorID");
        assertThatThrownBy(() -> parse("evidence: {witness: {url: \"http://127.0.0.1:1\"}}\n", "91330602MA2D000001"))
                .hasMessageContaining("evidence.witness.key is required");
    }

    @Test
    void aCollectorKeyIsNotAWitnessKey() {
        assertThatThrownBy(() -> parse("evidence: {witness: {url: \"http://localhost:1\", key: \"%s\"}}\n"
                .formatted("plantproof/91330602MA2D000001/line-1+25bcf28f+AXu7DJhAEmgFD6/BH/s8R3HK7MwT9Ql5Jy/bWLhMZct0"),
                "91330602MA2D000001")).hasMessageContaining("evidence.witness.key is not a cosigning key");
    }
}
