package io.plantproof.cli;

import io.plantproof.anchoring.Anchoring;
import io.plantproof.collector.DataDir;
import io.plantproof.evidence.LogOrigin;
import io.plantproof.plant.Plant;
import io.plantproof.sim.tsa.SimTsa;
import io.plantproof.tlog.Note;
import io.plantproof.tlog.NoteKey;
import io.plantproof.tlog.TreeHead;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The office's side in tests: the demo's in-process witness and TSA on a clock the test sets (so evidence can be
 * anchored "last year"), and helpers to seal and anchor at a given time and to file a checkpoint.
 */
final class AnchorFixture implements AutoCloseable {

    /** The time the witness and the TSA see; {@code null} for the real time. */
    final AtomicReference<Instant> now = new AtomicReference<>();
    final DemoOffice office;

    AnchorFixture(Path dir, List<NoteKey> logs, SimTsa.Algorithm algorithm) {
        this.office = new DemoOffice(dir, logs, algorithm, this::time);
    }

    private Instant time() {
        Instant t = now.get();
        return t == null ? Instant.now() : t;
    }

    /** The plant anchoring at this witness and TSA under {@code collectorId}. */
    Plant plant(Plant base, String collectorId) {
        return base.withEvidence(office.evidence(collectorId));
    }

    /** Seals and checkpoints at {@code t} and has the checkpoint cosigned and time-stamped at {@code t}; returns its size. */
    long sealAndAnchor(DataDir data, Instant t) {
        now.set(t);
        try {
            data.writer().drain();
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

    /** The reviewer's policy file. */
    Path policy(NoteKey collector, Path file) {
        try {
            Files.writeString(file, office.policy(collector));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static NoteKey logKey(LogOrigin origin, PublicKey key) {
        return NoteKey.ed25519(origin.text(), key);
    }

    @Override
    public void close() {
        office.close();
    }
}
