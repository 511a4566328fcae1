package io.plantproof.evidence;

import io.plantproof.tlog.Note;
import io.plantproof.tlog.TreeHead;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A checkpoint the plant filed with the reviewer's office (or that the office's witness holds), as the reviewer passes
 * it to {@code evidence verify --checkpoints}: a C2SP signed note as {@code plantproof ledger checkpoint --out} writes
 * it, or a format-2 JSON checkpoint. Exactly one of {@code note} and {@code json} is set.
 */
public record FiledCheckpoint(String source, Note note, Checkpoint json) {

    /** The extension line of PlantProof checkpoints giving the collector's time of signing, ISO-8601. */
    public static final String TIME = "time";

    public long treeSize() {
        return note != null ? head().size() : json.treeSize();
    }

    public TreeHead head() {
        return TreeHead.parse(note.text());
    }

    /** The time written into the checkpoint by the collector that signed it, or {@code null} when it has none. */
    public Instant claimedTime() {
        if (json != null) {
            return json.time();
        }
        String t = head().extension(TIME);
        try {
            return t == null ? null : Instant.parse(t);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Reads one file: a signed note, one JSON checkpoint, or a JSON array of them.
     * @throws IllegalArgumentException naming the file and what is wrong
     */
    public static List<FiledCheckpoint> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("checkpoint file " + file + " cannot be read: " + e.getMessage(), e);
        }
        String text = new String(bytes, StandardCharsets.UTF_8).stripLeading();
        if (!text.startsWith("{") && !text.startsWith("[")) {
            try {
                Note note = Note.parse(bytes);
                TreeHead.parse(note.text());
                return List.of(new FiledCheckpoint(file.toString(), note, null));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("checkpoint file " + file + " is not a signed-note checkpoint: " + e.getMessage(), e);
            }
        }
        try {
            JsonNode json = BundleJson.MAPPER.readTree(bytes);
            List<FiledCheckpoint> out = new ArrayList<>();
            for (JsonNode node : json.isArray() ? json : List.of(json)) {
                Checkpoint cp = BundleJson.MAPPER.treeToValue(node, Checkpoint.class);
                if (cp.root() == null || cp.signature() == null || cp.keyFingerprint() == null || cp.time() == null) {
                    throw new IllegalArgumentException("checkpoint file " + file + ": checkpoint " + (out.size() + 1)
                            + " lacks root, time, keyFingerprint or signature");
                }
                out.add(new FiledCheckpoint(file + (json.isArray() ? " #" + (out.size() + 1) : ""), null, cp));
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("checkpoint file " + file + " holds no checkpoint");
            }
            return out;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("checkpoint file " + file + " is not a checkpoint or an array of checkpoints: "
                    + e.getOriginalMessage(), e);
        }
    }
}
