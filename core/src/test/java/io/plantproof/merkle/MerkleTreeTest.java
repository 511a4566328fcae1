package io.plantproof.merkle;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MerkleTreeTest {

    private static List<byte[]> leaves(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(MerkleTree.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    @Test
    void rootOfOneLeafIsTheLeafAndOfTwoIsTheirNode() {
        List<byte[]> two = leaves(2);
        assertThat(MerkleTree.root(two.subList(0, 1))).isEqualTo(two.get(0));
        assertThat(MerkleTree.root(two)).isEqualTo(MerkleTree.nodeHash(two.get(0), two.get(1)));
        // RFC 6962: the empty tree hashes the empty string
        assertThat(Hashes.hex(MerkleTree.root(List.of())))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void everyInclusionProofVerifiesForEveryTreeSizeUpTo33() {
        for (int n = 1; n <= 33; n++) {
            List<byte[]> l = leaves(n);
            byte[] root = MerkleTree.root(l);
            for (int i = 0; i < n; i++) {
                List<byte[]> proof = MerkleTree.inclusionProof(l, i);
                assertThat(MerkleTree.verifyInclusion(l.get(i), i, n, proof, root)).as("leaf %d of %d", i, n).isTrue();
                if (n > 1) {
                    assertThat(MerkleTree.verifyInclusion(l.get((i + 1) % n), i, n, proof, root)).as("wrong leaf").isFalse();
                    assertThat(MerkleTree.verifyInclusion(l.get(i), i, n, proof.subList(0, proof.size() - 1), root))
                            .as("truncated proof").isFalse();
                }
            }
        }
    }
}
