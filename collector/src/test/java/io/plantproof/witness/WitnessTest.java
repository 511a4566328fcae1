package io.plantproof.witness;

import io.plantproof.evidence.LogOrigin;
import io.plantproof.ledger.CollectorKey;
import io.plantproof.merkle.MerkleTree;
import io.plantproof.tlog.Cosignature;
import io.plantproof.tlog.Note;
import io.plantproof.tlog.NoteKey;
import io.plantproof.tlog.TreeHead;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The witness over real HTTP (c2sp.org/tlog-witness add-checkpoint): it cosigns a log that grows consistently, answers
 * 409 with its size to a stale old size and 422 to a history that contradicts what it cosigned, keeps that state on
 * disk across a restart, and refuses logs it does not know or checkpoints their key did not sign.
 */
class WitnessTest {

    static final Instant T = Instant.parse("2025-03-02T00:12:00Z");

    @TempDir
    Path dir;
    CollectorKey collector;
    NoteKey logKey;
    List<byte[]> honest = new ArrayList<>();
    List<byte[]> forked = new ArrayList<>();

    @BeforeEach
    void twoHistoriesOfOneLog() {
        collector = CollectorKey.loadOrCreate(dir.resolve("collector"));
        logKey = NoteKey.ed25519(new LogOrigin("91330602MA2D000001", "line-1").text(), collector.publicKey());
        for (int i = 0; i < 8; i++) {
            honest.add(MerkleTree.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
            forked.add(MerkleTree.leafHash(((i < 3 ? "leaf " : "forged ") + i).getBytes(StandardCharsets.UTF_8)));
        }
    }

    Witness witness() {
        return new Witness(dir.resolve("state"), "witness.test/w1", List.of(logKey), () -> T);
    }

    Note checkpoint(List<byte[]> leaves, int size, CollectorKey by) {
        return by.signNote(new TreeHead(logKey.name(), size, MerkleTree.root(leaves.subList(0, size)), List.of()).text(), logKey.name());
    }

    static HttpResponse<String> add(WitnessServer server, long old, List<byte[]> proof, Note cp) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder("old " + old + "\n");
        proof.forEach(h -> body.append(Base64.getEncoder().encodeToString(h)).append('\n'));
        body.append('\n').append(cp.format());
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + "/add-checkpoint"))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    static WitnessServer serve(Witness w) {
        return WitnessServer.start(w, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null);
    }

    @Test
    void cosignsAConsistentlyGrowingLogAndRefusesAForkWith409And422AcrossARestart() throws Exception {
        Witness first = witness();
        try (WitnessServer server = serve(first)) {
            HttpResponse<String> r = add(server, 0, List.of(), checkpoint(honest, 3, collector));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Note cosigned = checkpoint(honest, 3, collector).with(Note.parseSignatures(r.body()));
            assertThat(Cosignature.verify(cosigned, first.cosignerKey())).isEqualTo(new Cosignature.Result(Note.Check.VALID, T));

            MerkleTree tree = MerkleTree.of(honest);
            assertThat(add(server, 3, tree.consistencyProof(3, 5), checkpoint(honest, 5, collector)).statusCode()).isEqualTo(200);
        }

        Witness restarted = witness();
        assertThat(restarted.cosignerKey()).as("the same witness key after a restart").isEqualTo(first.cosignerKey());
        try (WitnessServer server = serve(restarted)) {
            // the forked history tries from scratch: the witness answers with the size it holds, as the spec says
            HttpResponse<String> stale = add(server, 0, List.of(), checkpoint(forked, 5, collector));
            assertThat(stale.statusCode()).isEqualTo(409);
            assertThat(stale.body()).isEqualTo("5\n");
            assertThat(stale.headers().firstValue("Content-Type")).contains("text/x.tlog.size");
            // with that size it must prove its 8 leaves extend the 5 cosigned: they do not
            HttpResponse<String> fork = add(server, 5, MerkleTree.of(forked).consistencyProof(5, 8), checkpoint(forked, 8, collector));
            assertThat(fork.statusCode()).isEqualTo(422);
            assertThat(fork.body()).contains("not consistent with the checkpoint of 5 leaves");
            // a checkpoint older than the one cosigned is a stale old size too
            assertThat(add(server, 3, MerkleTree.of(honest).consistencyProof(3, 4), checkpoint(honest, 4, collector)).statusCode())
                    .isEqualTo(409);
            // and the same size with another root
            assertThat(add(server, 5, List.of(), checkpoint(forked, 5, collector)).statusCode()).isEqualTo(422);
            // the honest log goes on
            assertThat(add(server, 5, MerkleTree.of(honest).consistencyProof(5, 8), checkpoint(honest, 8, collector)).statusCode())
                    .isEqualTo(200);
            HttpResponse<String> latest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + "/"
                    + Witness.originHash(logKey.name()) + "/checkpoint")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(TreeHead.parse(Note.parse(latest.body()).text()).size()).isEqualTo(8);
        }
        try (var conflicts = Files.list(dir.resolve("state/conflicts"))) {
            assertThat(conflicts.count()).as("the refused forks are kept as evidence").isEqualTo(2);
        }
    }

    @Test
    void refusesUnknownLogsAndCheckpointsNotSignedByTheLogsKey() throws Exception {
        try (WitnessServer server = serve(witness())) {
            CollectorKey stranger = CollectorKey.loadOrCreate(dir.resolve("stranger"));
            assertThat(add(server, 0, List.of(), checkpoint(honest, 3, stranger)).statusCode()).isEqualTo(403);
            Note otherLog = collector.signNote(new TreeHead("plantproof/unregistered/x", 3, MerkleTree.root(honest.subList(0, 3)),
                    List.of()).text(), "plantproof/unregistered/x");
            assertThat(add(server, 0, List.of(), otherLog).statusCode()).isEqualTo(404);
            assertThat(add(server, 4, List.of(), checkpoint(honest, 3, collector)).statusCode()).isEqualTo(400);
            assertThat(add(server, 0, List.of(new byte[32]), checkpoint(honest, 3, collector)).statusCode()).isEqualTo(422);
        }
    }

    @Test
    void plainHttpIsServedOnALoopbackAddressOnly() throws IOException {
        assertThatThrownBy(() -> WitnessServer.start(witness(), new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), null))
                .hasMessageContaining("needs HTTPS");
    }
}
