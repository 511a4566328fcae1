package io.plantproof.witness;

import io.plantproof.files.DurableFiles;
import io.plantproof.ledger.CollectorKey;
import io.plantproof.merkle.Hashes;
import io.plantproof.merkle.MerkleTree;
import io.plantproof.tlog.Cosignature;
import io.plantproof.tlog.Note;
import io.plantproof.tlog.NoteKey;
import io.plantproof.tlog.TreeHead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A c2sp.org/tlog-witness: for each log it trusts (by origin and key) it keeps the latest checkpoint it cosigned, and
 * cosigns a new one ({@code cosignature/v1}, Ed25519, timestamped) only if the submitted old size is that checkpoint's
 * size (409 Conflict with its size otherwise) and the consistency proof shows the new tree extends it (422 otherwise).
 * The new state is on disk (fsync, then rename) before the cosignature is returned, and a check-and-update is atomic.
 * State: {@code <stateDir>/logs/<sha256(origin)>.note}; key: {@code <stateDir>/key}; refused submissions that
 * contradict what was cosigned (evidence of a forked log) are kept in {@code <stateDir>/conflicts}.
 */
public final class Witness {

    private static final Logger LOG = LoggerFactory.getLogger(Witness.class);
    /** A submission larger than this is refused (63 proof lines and a checkpoint with a few signatures are ~10 KB). */
    public static final int MAX_BODY = 64 * 1024;
    static final String SIZE_TYPE = "text/x.tlog.size";

    /** An HTTP answer: status, content type and body. */
    public record Reply(int status, String contentType, String body) {
        static Reply text(int status, String body) {
            return new Reply(status, "text/plain; charset=utf-8", body + "\n");
        }
    }

    private record Latest(long size, byte[] root, Note note) {
    }

    private final Path dir;
    private final CollectorKey key;
    private final NoteKey cosigner;
    private final Map<String, List<NoteKey>> logs = new HashMap<>();
    private final InstantSource clock;
    private final Map<String, Latest> latest = new HashMap<>();

    /**
     * @param name    the witness's key name, e.g. {@code witness.jxj.shaoxing.example/w1}
     * @param trusted the note keys of the logs it witnesses; each key's name is its log's origin
     * @param clock   the time written into cosignatures
     */
    public Witness(Path stateDir, String name, List<NoteKey> trusted, InstantSource clock) {
        this.dir = stateDir;
        this.clock = clock;
        this.key = CollectorKey.loadOrCreate(stateDir.resolve("key"));
        this.cosigner = NoteKey.cosigner(name, key.publicKey());
        trusted.forEach(k -> logs.computeIfAbsent(k.name(), o -> new ArrayList<>()).add(k));
        try {
            Files.createDirectories(stateDir.resolve("logs"));
            try (Stream<Path> files = Files.list(stateDir.resolve("logs"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".note")).toList()) {
                    Note note = Note.parse(Files.readAllBytes(f));
                    TreeHead head = TreeHead.parse(note.text());
                    latest.put(head.origin(), new Latest(head.size(), head.root(), note));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("witness state in " + stateDir + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** The witness's verifier key, as a reviewer's policy and a plant file name it. */
    public NoteKey cosignerKey() {
        return cosigner;
    }

    /** Handles an add-checkpoint request body (tlog-witness, "add-checkpoint"). */
    public Reply addCheckpoint(byte[] body) {
        if (body.length > MAX_BODY) {
            return Reply.text(413, "request larger than " + MAX_BODY + " bytes");
        }
        Request request;
        try {
            request = Request.parse(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Reply.text(400, e.getMessage());
        }
        TreeHead head = request.head();
        List<NoteKey> keys = logs.get(head.origin());
        if (keys == null) {
            return Reply.text(404, "unknown log origin " + head.origin());
        }
        List<Note.Check> checks = keys.stream().map(request.checkpoint()::verify).toList();
        if (checks.contains(Note.Check.INVALID) || !checks.contains(Note.Check.VALID)) {
            return Reply.text(403, "no valid signature by a key trusted for " + head.origin());
        }
        if (request.old() > head.size()) {
            return Reply.text(400, "old size " + request.old() + " is larger than the checkpoint's " + head.size());
        }
        if (head.size() == 0 && !Arrays.equals(head.root(), Hashes.sha256(new byte[0]))) {
            return Reply.text(422, "a checkpoint of size 0 has the empty tree's root");
        }
        return addConsistent(request, keys);
    }

    private synchronized Reply addConsistent(Request request, List<NoteKey> keys) {
        TreeHead head = request.head();
        Latest known = latest.get(head.origin());
        long knownSize = known == null ? 0 : known.size();
        if (request.old() != knownSize) {
            return new Reply(409, SIZE_TYPE, knownSize + "\n");
        }
        boolean consistent;
        if (request.old() == 0) {
            consistent = request.proof().isEmpty();
        } else if (request.old() == head.size()) {
            consistent = request.proof().isEmpty() && Arrays.equals(known.root(), head.root());
        } else {
            consistent = MerkleTree.verifyConsistency(request.old(), head.size(), known.root(), head.root(), request.proof());
        }
        if (!consistent) {
            keepConflict(request);
            return Reply.text(422, "checkpoint of " + head.size() + " leaves is not consistent with the checkpoint of "
                    + knownSize + " leaves this witness cosigned for " + head.origin());
        }
        Note.Signature cosignature = Cosignature.sign(cosigner, clock.instant(), request.checkpoint().text(), key::sign);
        List<Note.Signature> verified = request.checkpoint().signatures().stream()
                .filter(s -> keys.stream().anyMatch(s::by)).toList();
        Note stored = new Note(request.checkpoint().text(), verified).with(List.of(cosignature));
        try {
            DurableFiles.replace(stateFile(head.origin()), stored.bytes());
        } catch (IOException e) {
            LOG.error("witness: cannot persist the checkpoint of {} for {}: {}", head.size(), head.origin(), e.toString());
            return Reply.text(500, "cannot persist the new state; nothing was cosigned");
        }
        latest.put(head.origin(), new Latest(head.size(), head.root(), stored));
        LOG.info("witness: cosigned {} at size {}", head.origin(), head.size());
        return new Reply(200, "text/plain; charset=utf-8", cosignature.line());
    }

    /** A submission that contradicts what was cosigned is kept: it is evidence that the log was forked or rewritten. */
    private void keepConflict(Request request) {
        TreeHead head = request.head();
        LOG.warn("witness: {} submitted a checkpoint of {} leaves inconsistent with what this witness cosigned; kept in {}",
                head.origin(), head.size(), dir.resolve("conflicts"));
        try {
            Files.createDirectories(dir.resolve("conflicts"));
            Files.write(dir.resolve("conflicts").resolve(originHash(head.origin()) + "-" + head.size() + "-"
                    + clock.instant().toEpochMilli() + ".note"), request.checkpoint().bytes());
        } catch (IOException e) {
            LOG.warn("witness: cannot keep the conflicting checkpoint: {}", e.toString());
        }
    }

    /** The latest cosigned checkpoint of the log whose origin hashes to {@code originSha256} (lowercase hex). */
    public synchronized Optional<String> latest(String originSha256) {
        return latest.values().stream().filter(l -> originHash(TreeHead.parse(l.note().text()).origin()).equals(originSha256))
                .map(l -> l.note().format()).findFirst();
    }

    private Path stateFile(String origin) {
        return dir.resolve("logs").resolve(originHash(origin) + ".note");
    }

    public static String originHash(String origin) {
        return Hashes.sha256Hex(origin.getBytes(StandardCharsets.UTF_8));
    }

    /** An add-checkpoint body: {@code old <size>}, up to 63 base64 proof lines, a blank line, the checkpoint. */
    private record Request(long old, List<byte[]> proof, Note checkpoint, TreeHead head) {

        static Request parse(String body) {
            int blank = body.indexOf("\n\n");
            if (!body.startsWith("old ") || blank < 0) {
                throw new IllegalArgumentException("the body is 'old <size>', proof lines, a blank line, then the checkpoint");
            }
            String[] lines = body.substring(0, blank).split("\n", -1);
            if (!lines[0].matches("old (0|[1-9][0-9]{0,18})")) {
                throw new IllegalArgumentException("'" + lines[0] + "' is not 'old <size>' (decimal, no leading zeroes)");
            }
            if (lines.length - 1 > 63) {
                throw new IllegalArgumentException("more than 63 consistency proof lines");
            }
            List<byte[]> proof = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                byte[] h = Base64.getDecoder().decode(lines[i]);
                if (h.length != 32) {
                    throw new IllegalArgumentException("proof line " + i + " is not a base64 SHA-256 hash");
                }
                proof.add(h);
            }
            Note note = Note.parse(body.substring(blank + 2));
            return new Request(Long.parseLong(lines[0].substring(4)), proof, note, TreeHead.parse(note.text()));
        }
    }
}
