package io.plantproof.evidence;

import io.plantproof.merkle.MerkleTree;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A leaf of the evidence Merkle log: which chunk was sealed, its hash, when, and whether it
 * amends a day already closed (late store-and-forward data, shown as late, never merged silently).
 */
public record Leaf(long index, String device, LocalDate day, int part, boolean late, String chunkSha256,
                   int samples, Instant sealedAt) {

    /** The bytes hashed into the tree (RFC 6962 leaf input). */
    public byte[] data() {
        return ("plantproof-leaf 1\nindex=" + index + "\ndevice=" + device + "\nday=" + day + "\npart=" + part
                + "\nlate=" + late + "\nsha256=" + chunkSha256 + "\nsamples=" + samples + "\nsealedAt=" + sealedAt + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    public byte[] hash() {
        return MerkleTree.leafHash(data());
    }

    public String chunkPath() {
        return day + "/" + device + "." + part + ".csv";
    }
}
