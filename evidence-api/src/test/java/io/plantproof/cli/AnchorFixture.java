package io.plantproof.cli;

import io.plantproof.anchoring.Anchoring;
import io.plantproof.collector.DataDir;
import io.plantproof.evidence.LogOrigin;
import io.plantproof.plant.EvidenceConfig;
import io.plantproof.plant.Plant;
import io.plantproof.sim.tsa.SimTsa;
import io.plantproof.tlog.Note;
import io.plantproof.tlog.NoteKey;
import io.plantproof.tlog.TreeHead;
import io.plantproof.witness.Witness;
import io.plantproof.witness.WitnessServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The office's side in tests: a real witness over HTTP on loopback and a simulated TSA, both on a clock the test sets
 * (so evidence can be anchored "last year"), and the reviewer's policy file naming the collector, the witness and
 * the TSA root.
 */
final class AnchorFixture implements AutoCloseable {

    static final String WITNESS = "witness.jxj.example/w1";

    /** The time the witness and the TSA see; {@code null} for the real time. */
    final AtomicReference<Instant> now = new AtomicReference<>();
    final Witness witness;
    final WitnessServer server;
    final SimTsa tsa;

    AnchorFixture(Path dir, List<NoteKey> logs, SimTsa.Algorithm algorithm) {
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return time();
            }
        };
        this.witness = new Witness(dir.resolve("witness"), WITNESS, logs, clock);
        this.server = WitnessServer.start(witness, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null);
        this.tsa = SimTsa.start(algorithm, this::time);
    }

    Instant time() {
        Instant t = now.get();
        return t == null ? Instant.now() : t;
    }

    /** The plant anchoring at this witness and TSA under {@code collectorId}. */
    Plant plant(Plant base, String collectorId) {
        return base.withEvidence(new EvidenceConfig(collectorId, new EvidenceConfig.Witness(server.url(), witness.cosignerKey().vkey()),
                new EvidenceConfig.Timestamp(tsa.url(), null)));
    }

    /** Seals and checkpoints at {@code t} and has the checkpoint cosigned and time-stamped at {@code t}; returns its size. */
    long sealAndAnchor(DataDir data, Instant t) {
        now.set(t);
        try {
            data.evidence().seal(t);
            long size = TreeHead.parse(data.evidence().checkpoint(t).text()).size();
            Anchoring.Attempt attempt = data.anchoring().anchor(size, true);
            assertThat(attempt.done()).as(String.valueOf(attempt.problem())).isTrue();
            return size;
        } finally {
            now.set(null);
        }
    }

    /** The checkpoint as the plant files it with the office: the collector's signature only, no cosignatures. */
    static Path file(DataDir data, long size, Path to) {
        Note note = data.evidence().checkpoint(size).orElseThrow();
        try {
            Files.write(to, new Note(note.text(), note.signatures().subList(0, 1)).bytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    /** The reviewer's policy: the registered collector key for its origin, this witness as the quorum, this TSA's root. */
    Path policy(NoteKey collector, Path file) {
        try {
            Files.writeString(file, "# reviewer policy written by the test\nlog " + collector.vkey() + "\nwitness W1 "
                    + witness.cosignerKey().vkey() + " " + server.url() + "\nquorum W1\ntsa simulated-tsa "
                    + Base64.getEncoder().encodeToString(tsa.rootCertificate()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static NoteKey logKey(LogOrigin origin, java.security.PublicKey key) {
        return NoteKey.ed25519(origin.text(), key);
    }

    @Override
    public void close() {
        server.close();
        tsa.close();
    }
}
