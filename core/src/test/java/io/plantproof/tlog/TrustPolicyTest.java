package io.plantproof.tlog;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** tlog-policy parsing, groups and the time a quorum was first met. */
class TrustPolicyTest {

    static String witness(String name) throws Exception {
        return NoteKey.cosigner(name, KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()).vkey();
    }

    static TrustPolicy parse(String text) {
        return TrustPolicy.parse(text.getBytes(StandardCharsets.UTF_8), "policy.txt");
    }

    @Test
    void groupsAndQuorumFollowTheSpecExample() throws Exception {
        TrustPolicy p = parse("# two organisations\n"
                + "witness X1 " + witness("x1") + "\nwitness X2 " + witness("x2") + "\n\twitness X3 " + witness("x3") + "\n"
                + "group X-witnesses 2 X1 X2 X3\n"
                + "witness Y1 " + witness("y1") + " https://y1.example/\n"
                + "group Y-witnesses any Y1\n"
                + "group X-and-Y all X-witnesses Y-witnesses\nquorum X-and-Y\n");
        assertThat(p.satisfied(Set.of("X1", "X2", "Y1"))).isTrue();
        assertThat(p.satisfied(Set.of("X1", "Y1"))).isFalse();
        Instant t = Instant.parse("2025-03-02T00:00:00Z");
        assertThat(p.quorumTime(Map.of("X1", t, "Y1", t.plusSeconds(5), "X3", t.plusSeconds(60), "X2", t.plusSeconds(3600))))
                .contains(t.plusSeconds(60));
        assertThat(p.quorumTime(Map.of("X1", t, "Y1", t))).isEmpty();
        assertThat(p.witnesses().get("Y1").url()).isEqualTo("https://y1.example/");
    }

    @Test
    void quorumNoneAnchorsNothingInTime() {
        TrustPolicy p = parse("quorum none\n");
        assertThat(p.satisfied(Set.of())).isTrue();
        assertThat(p.quorumTime(Map.of())).isEmpty();
    }

    @Test
    void errorsNameTheLine() throws Exception {
        assertThatThrownBy(() -> parse("witness W " + witness("w") + "\nquorum V\n")).hasMessageStartingWith("policy.txt line 2: quorum 'V'");
        assertThatThrownBy(() -> parse("witness W " + witness("w") + "\n")).hasMessageContaining("needs a quorum line");
        assertThatThrownBy(() -> parse("log " + witness("w") + "\nquorum none\n")).hasMessageContaining("line 1: a log key");
        assertThatThrownBy(() -> parse("witnes W x\nquorum none\n")).hasMessageContaining("line 1: unknown line type 'witnes'");
        String w = witness("w");
        assertThatThrownBy(() -> parse("witness A " + w + "\nwitness B " + w + "\nquorum A\n")).hasMessageContaining("line 2: the same witness key");
        assertThatThrownBy(() -> parse("witness A " + w + "\ngroup G 2 A\nquorum G\n")).hasMessageContaining("threshold 2 is outside 1..1");
    }
}
