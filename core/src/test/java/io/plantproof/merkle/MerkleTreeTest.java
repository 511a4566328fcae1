package io.plantproof.merkle;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MerkleTreeTest {

    private static final int MAX = 33;

    private static List<byte[]> leaves(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(MerkleTree.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** RFC 6962 MTH written out as in the RFC, as the reference the cached tree must agree with. */
    private static byte[] referenceRoot(List<byte[]> d) {
        if (d.isEmpty()) {
            return Hashes.sha256(new byte[0]);
        }
        if (d.size() == 1) {
            return d.get(0);
        }
        int k = Integer.highestOneBit(d.size() - 1);
        return MerkleTree.nodeHash(referenceRoot(d.subList(0, k)), referenceRoot(d.subList(k, d.size())));
    }

    private static byte[] flipped(byte[] b) {
        byte[] c = b.clone();
        c[0] ^= 1;
        return c;
    }

    @Test
    void rootsMatchTheCertificateTransparencyTestVectors() {
        // the 8 leaves and roots of certificate-transparency-go's merkletree test vectors (RFC 6962 hashing)
        String[] data = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"};
        String[] roots = {
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
        List<byte[]> hashes = new ArrayList<>();
        for (String d : data) {
            hashes.add(MerkleTree.leafHash(HexFormat.of().parseHex(d)));
        }
        MerkleTree tree = MerkleTree.of(hashes);
        for (int n = 1; n <= roots.length; n++) {
            assertThat(Hashes.hex(tree.root(n))).as("root of %d", n).isEqualTo(roots[n - 1]);
        }
        assertThat(Hashes.hex(MerkleTree.root(List.of())))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void everyPrefixRootMatchesTheRfcRecursion() {
        List<byte[]> l = leaves(MAX);
        MerkleTree tree = MerkleTree.of(l);
        for (int n = 0; n <= MAX; n++) {
            assertThat(tree.root(n)).as("root of %d", n).isEqualTo(referenceRoot(l.subList(0, n)));
            assertThat(MerkleTree.root(l.subList(0, n))).isEqualTo(referenceRoot(l.subList(0, n)));
        }
    }

    @Test
    void everyInclusionProofVerifiesAndEveryAlterationFailsForTreeSizesUpTo33() {
        List<byte[]> l = leaves(MAX);
        MerkleTree tree = MerkleTree.of(l);
        for (int n = 1; n <= MAX; n++) {
            byte[] root = tree.root(n);
            for (int i = 0; i < n; i++) {
                List<byte[]> proof = tree.inclusionProof(i, n);
                assertThat(MerkleTree.verifyInclusion(l.get(i), i, n, proof, root)).as("leaf %d of %d", i, n).isTrue();
                if (n > 1) {
                    assertThat(MerkleTree.verifyInclusion(l.get((i + 1) % n), i, n, proof, root)).as("wrong leaf").isFalse();
                    assertThat(MerkleTree.verifyInclusion(l.get(i), i, n, proof.subList(0, proof.size() - 1), root))
                            .as("truncated proof").isFalse();
                    List<byte[]> edited = new ArrayList<>(proof);
                    edited.set(0, flipped(edited.get(0)));
                    assertThat(MerkleTree.verifyInclusion(l.get(i), i, n, edited, root)).as("edited proof").isFalse();
                }
            }
        }
    }

    @Test
    void everyConsistencyProofVerifiesAndEveryAlterationFailsForAllSizePairsUpTo33() {
        List<byte[]> l = leaves(MAX);
        MerkleTree tree = MerkleTree.of(l);
        for (int n = 1; n <= MAX; n++) {
            for (int m = 0; m <= n; m++) {
                List<byte[]> proof = tree.consistencyProof(m, n);
                byte[] a = tree.root(m);
                byte[] b = tree.root(n);
                assertThat(MerkleTree.verifyConsistency(m, n, a, b, proof)).as("%d -> %d", m, n).isTrue();
                if (m == 0) {
                    continue;
                }
                assertThat(MerkleTree.verifyConsistency(m, n, flipped(a), b, proof)).as("edited first root %d -> %d", m, n).isFalse();
                assertThat(MerkleTree.verifyConsistency(m, n, a, flipped(b), proof)).as("edited second root %d -> %d", m, n).isFalse();
                if (m < n) {
                    assertThat(MerkleTree.verifyConsistency(m, n, a, b, proof.subList(0, proof.size() - 1)))
                            .as("truncated %d -> %d", m, n).isFalse();
                    for (int j = 0; j < proof.size(); j++) {
                        List<byte[]> edited = new ArrayList<>(proof);
                        edited.set(j, flipped(edited.get(j)));
                        assertThat(MerkleTree.verifyConsistency(m, n, a, b, edited)).as("edited element %d of %d -> %d", j, m, n).isFalse();
                    }
                    // a log that rewrote history: the same sizes, but a first tree with a different leaf
                    List<byte[]> forked = new ArrayList<>(l.subList(0, m));
                    forked.set(m - 1, flipped(forked.get(m - 1)));
                    assertThat(MerkleTree.verifyConsistency(m, n, MerkleTree.root(forked), b, proof)).as("fork %d -> %d", m, n).isFalse();
                }
            }
        }
    }

    @Test
    void proofsOutsideTheTreeAreRefused() {
        MerkleTree tree = MerkleTree.of(leaves(5));
        assertThatThrownBy(() -> tree.consistencyProof(6, 5)).hasMessageContaining("size 6");
        assertThatThrownBy(() -> tree.inclusionProof(5, 5)).hasMessageContaining("leaf 5");
        assertThatThrownBy(() -> tree.root(6)).hasMessageContaining("6");
        assertThat(MerkleTree.verifyConsistency(6, 5, tree.root(5), tree.root(5), List.of())).isFalse();
    }
}
