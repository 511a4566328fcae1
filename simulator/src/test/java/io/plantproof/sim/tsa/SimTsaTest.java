package io.plantproof.sim.tsa;

import io.plantproof.timestamp.TimestampException;
import io.plantproof.timestamp.TimestampVerifier;
import io.plantproof.tlog.TrustPolicy.TsaRoot;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RFC 3161 tokens from the simulated TSA, RSA with SHA-256 and SM2 with SM3 (GM/T 0033), verify against the TSA's root
 * with the stamped time; a token over other bytes is refused as such, and one from a TSA the policy does not list is
 * not trusted (which the verifier reports without calling it forged).
 */
class SimTsaTest {

    static final Instant STAMPED = Instant.parse("2025-03-02T00:10:00Z");
    static final byte[] CHECKPOINT = "plantproof/91330602MA2D000001/line-1\n12\nAAAA\n".getBytes(StandardCharsets.UTF_8);

    static byte[] query(SimTsa.Algorithm algorithm, byte[] message) throws Exception {
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        g.setCertReq(true);
        String hash = algorithm == SimTsa.Algorithm.RSA ? "SHA-256" : "SM3";
        return g.generate(algorithm == SimTsa.Algorithm.RSA ? TSPAlgorithms.SHA256 : TSPAlgorithms.SM3,
                TimestampVerifier.digest(hash, message), BigInteger.TEN).getEncoded();
    }

    @ParameterizedTest
    @EnumSource(SimTsa.Algorithm.class)
    void tokensVerifyAgainstTheRootWithTheirTime(SimTsa.Algorithm algorithm) throws Exception {
        try (SimTsa tsa = SimTsa.start(algorithm, () -> STAMPED); SimTsa other = SimTsa.start(algorithm, Instant::now)) {
            byte[] response = tsa.stamp(query(algorithm, CHECKPOINT));
            List<TsaRoot> roots = List.of(new TsaRoot("office-tsa", tsa.rootCertificate()));

            TimestampVerifier.Verified v = TimestampVerifier.verify(response, CHECKPOINT, roots);
            assertThat(v.time()).isEqualTo(STAMPED);
            assertThat(v.root()).isEqualTo("office-tsa");
            assertThat(v.imprintAlgorithm()).isEqualTo(algorithm == SimTsa.Algorithm.RSA ? "SHA-256" : "SM3");

            byte[] otherCheckpoint = "plantproof/91330602MA2D000001/line-1\n13\nAAAA\n".getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> TimestampVerifier.verify(response, otherCheckpoint, roots))
                    .isInstanceOf(TimestampException.class).hasMessageContaining("imprint is not that of this checkpoint")
                    .matches(e -> !((TimestampException) e).untrusted());
            assertThatThrownBy(() -> TimestampVerifier.verify(response, CHECKPOINT, List.of(new TsaRoot("other", other.rootCertificate()))))
                    .isInstanceOf(TimestampException.class).hasMessageContaining("does not chain to a TSA root of the policy")
                    .matches(e -> ((TimestampException) e).untrusted());
            byte[] flipped = response.clone();
            flipped[flipped.length - 5] ^= 0x01;
            assertThatThrownBy(() -> TimestampVerifier.verify(flipped, CHECKPOINT, roots)).isInstanceOf(TimestampException.class)
                    .matches(e -> !((TimestampException) e).untrusted());
        }
    }
}
