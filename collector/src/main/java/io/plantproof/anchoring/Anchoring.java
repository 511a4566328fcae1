package io.plantproof.anchoring;

import io.plantproof.ledger.EvidenceLog;
import io.plantproof.merkle.MerkleTree;
import io.plantproof.plant.EvidenceConfig;
import io.plantproof.tlog.Cosignature;
import io.plantproof.tlog.Note;
import io.plantproof.tlog.NoteKey;
import io.plantproof.tlog.TreeHead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Gets a stored checkpoint anchored outside the plant: a cosignature from the configured witness (tlog-witness
 * add-checkpoint with a consistency proof from the last size it cosigned, recovering that size from a 409) and, for
 * daily checkpoints, an RFC 3161 time-stamp. What comes back is verified and stored beside the checkpoint.
 */
public final class Anchoring {

    private static final Logger LOG = LoggerFactory.getLogger(Anchoring.class);

    private final EvidenceLog log;
    private final WitnessClient witness;
    private final NoteKey witnessKey;
    private final TsaClient tsa;
    /** The size of the latest checkpoint the witness cosigned for this log; -1 until looked up. */
    private long witnessed = -1;

    public Anchoring(EvidenceLog log, EvidenceConfig config) {
        this.log = log;
        this.witness = config.witness() == null ? null : new WitnessClient(config.witness().url());
        this.witnessKey = config.witness() == null ? null : config.witness().noteKey();
        this.tsa = config.timestamp() == null ? null : new TsaClient(config.timestamp().url(), config.timestamp().hash());
    }

    /** Whether a witness or a time-stamp authority is configured at all. */
    public boolean configured() {
        return witness != null || tsa != null;
    }

    /**
     * What one attempt achieved. {@code done} when nothing more is to be had for this checkpoint: cosigned (or no
     * witness, or the witness already cosigned a larger tree, which anchors these leaves too) and time-stamped when asked.
     */
    public record Attempt(boolean done, String problem) {
    }

    /** Tries once to anchor the stored checkpoint of {@code size} leaves; never throws for a network or witness failure. */
    public synchronized Attempt anchor(long size, boolean timestamp) {
        Note cp = log.checkpoint(size).orElseThrow(() -> new IllegalStateException("no stored checkpoint of " + size + " leaves"));
        StringBuilder problems = new StringBuilder();
        boolean done = true;
        if (witness != null && Cosignature.verify(cp, witnessKey).check() != Note.Check.VALID) {
            try {
                done &= submit(cp, size, problems);
            } catch (IOException | RuntimeException e) {
                problems.append("witness ").append(witness).append(": ").append(e.getMessage()).append("; ");
                done = false;
            }
        }
        if (timestamp && tsa != null && log.timestamp(size).isEmpty()) {
            try {
                log.addTimestamp(size, tsa.stamp(cp.text().getBytes(StandardCharsets.UTF_8)));
                LOG.info("evidence: checkpoint of {} leaves time-stamped by {}", size, tsa);
            } catch (IOException | RuntimeException e) {
                problems.append("time-stamp authority ").append(tsa).append(": ").append(e.getMessage()).append("; ");
                done = false;
            }
        }
        return new Attempt(done, problems.isEmpty() ? null : problems.substring(0, problems.length() - 2));
    }

    /** One add-checkpoint, repeated once with the witness's own size after a 409. Returns whether nothing is left to do. */
    private boolean submit(Note cp, long size, StringBuilder problems) throws IOException {
        long old = witnessedSize();
        for (int round = 0; round < 2; round++) {
            if (old > size && old > log.leafCount()) {
                // the witness saw more of this log than this log holds: it was cut back, or this is another history
                problems.append("witness ").append(witness).append(" has cosigned ").append(old).append(" leaves of ")
                        .append(log.origin()).append(" but this log holds only ").append(log.leafCount())
                        .append(": the log was truncated or replaced (is this the collector's own data folder?); ");
                LOG.error("evidence: {}", problems);
                return false;
            }
            if (old > size) {
                LOG.info("evidence: witness {} already cosigned a checkpoint of {} leaves; the one of {} needs no cosignature",
                        witness, old, size);
                return true;
            }
            List<byte[]> proof = old == 0 ? List.of() : MerkleTree.of(log.leafHashes()).consistencyProof((int) old, (int) size);
            WitnessClient.Response r = witness.addCheckpoint(old, proof, cp);
            if (r.status() == 200) {
                List<Note.Signature> lines = Note.parseSignatures(r.body()).stream().filter(s -> s.by(witnessKey)).toList();
                if (Cosignature.verify(cp.with(lines), witnessKey).check() != Note.Check.VALID) {
                    problems.append("witness ").append(witness).append(" answered no valid cosignature by ").append(witnessKey.name())
                            .append(" (is evidence.witness.key the witness's key?); ");
                    return false;
                }
                log.addCosignatures(size, lines);
                witnessed = size;
                LOG.info("evidence: checkpoint of {} leaves cosigned by witness {}", size, witnessKey.name());
                return true;
            }
            if (r.status() == 409 && r.body().strip().matches("\\d{1,18}") && Long.parseLong(r.body().strip()) != old) {
                old = Long.parseLong(r.body().strip());
                witnessed = old;
                continue;
            }
            problems.append("witness ").append(witness).append(" refused the checkpoint of ").append(size).append(" leaves: HTTP ")
                    .append(r.status()).append(' ').append(r.body().strip()).append(r.status() == 422
                            ? " (the witness holds a checkpoint this log is not consistent with: was the log rewritten?)" : "")
                    .append("; ");
            if (r.status() == 422) {
                LOG.error("evidence: witness {} says checkpoint {} is not consistent with what it cosigned before: {}",
                        witness, size, r.body().strip());
            }
            return false;
        }
        problems.append("witness ").append(witness).append(" kept answering 409; ");
        return false;
    }

    /** The latest size the witness cosigned, from the cosignatures stored with the checkpoints (0 if none). */
    private long witnessedSize() {
        if (witnessed < 0) {
            witnessed = 0;
            List<Long> sizes = log.checkpointSizes();
            for (int i = sizes.size() - 1; i >= 0; i--) {
                Note note = log.checkpoint(sizes.get(i)).orElseThrow();
                if (Cosignature.verify(note, witnessKey).check() == Note.Check.VALID) {
                    witnessed = TreeHead.parse(note.text()).size();
                    break;
                }
            }
        }
        return witnessed;
    }
}
