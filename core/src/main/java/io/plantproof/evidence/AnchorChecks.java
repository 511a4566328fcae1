package io.plantproof.evidence;

import io.plantproof.evidence.Statement.Anchors;
import io.plantproof.evidence.VerificationReport.Check;
import io.plantproof.evidence.VerificationReport.Result;
import io.plantproof.merkle.Hashes;
import io.plantproof.merkle.MerkleTree;
import io.plantproof.merkle.Signer;
import io.plantproof.timestamp.TimestampException;
import io.plantproof.timestamp.TimestampVerifier;
import io.plantproof.tlog.Cosignature;
import io.plantproof.tlog.Note;
import io.plantproof.tlog.NoteKey;
import io.plantproof.tlog.TreeHead;
import io.plantproof.tlog.TrustPolicy;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Finds the anchors of a bundle's log: the checkpoints the reviewer filed ({@code --checkpoints}) and, with a trust
 * policy, the witness cosignatures and RFC 3161 time-stamps carried in {@code anchors/}. Each anchored checkpoint must
 * be signed by the bundle's collector key for the bundle's origin and its root must be that of the same number of
 * leaves of the bundle's verified leaf list: a checkpoint of another history (a forked or rewritten log) FAILs by name.
 */
final class AnchorChecks {

    private final SafeZip zip;
    private final PublicKey key;
    private final String origin;
    private final MerkleTree tree;
    private final TrustPolicy policy;
    private final List<Check> checks;
    private final List<Anchor> anchors = new ArrayList<>();

    /**
     * @param origin the bundle's log origin, or {@code null} for a format-2 bundle (any origin signed by the key)
     * @param tree   the tree of the bundle's verified leaf list
     */
    AnchorChecks(SafeZip zip, PublicKey key, String origin, MerkleTree tree, TrustPolicy policy, List<Check> checks) {
        this.zip = zip;
        this.key = key;
        this.origin = origin;
        this.tree = tree;
        this.policy = policy;
        this.checks = checks;
    }

    /** Every anchor that holds, after adding a check for each that does not. */
    List<Anchor> find(List<Anchors> carried, List<FiledCheckpoint> filed) {
        filed.forEach(this::filed);
        if (carried != null) {
            carried(carried);
        }
        return List.copyOf(anchors);
    }

    /** A checkpoint the office holds: it anchors its leaves at the time written in it, which the office's register confirms. */
    private void filed(FiledCheckpoint f) {
        String subject = "--checkpoints " + f.source() + " (size " + f.treeSize() + ")";
        boolean signed;
        byte[] root;
        if (f.json() != null) {
            signed = f.json().verify(key);
            root = f.json().rootBytes();
        } else {
            TreeHead head = f.head();
            if (origin != null && !head.origin().equals(origin)) {
                checks.add(new Check(CheckKind.ANCHOR, subject, Result.FAIL, "a checkpoint of log " + head.origin()
                        + ", not of this bundle's log " + origin));
                return;
            }
            signed = f.note().verify(NoteKey.ed25519(head.origin(), key)) == Note.Check.VALID;
            root = head.root();
        }
        if (!signed) {
            checks.add(new Check(CheckKind.ANCHOR, subject, Result.FAIL, "not signed by the bundle key " + Signer.fingerprint(key)
                    + " (a checkpoint of another collector, or edited)"));
            return;
        }
        if (!consistent(subject, f.treeSize(), root, "filed")) {
            return;
        }
        Instant time = f.claimedTime();
        if (time == null) {
            checks.add(new Check(CheckKind.ANCHOR, subject, Result.UNVERIFIABLE, "consistent with the bundle's log, but it has no "
                    + FiledCheckpoint.TIME + " line: it cannot date anything"));
            return;
        }
        checks.add(new Check(CheckKind.ANCHOR, subject, Result.PASS, "the bundle's log extends it; filed checkpoint of " + time
                + " (the office's register of when it was received is what counts)"));
        anchors.add(new Anchor(Anchor.Kind.FILED, f.source(), time, f.treeSize()));
    }

    /**
     * Whether a checkpoint of {@code size} leaves with this root is a prefix of the bundle's log; adds the FAIL if not.
     * Comparing with the root of the verified leaves is the consistency proof, computed rather than carried.
     */
    private boolean consistent(String subject, long size, byte[] root, String what) {
        if (size > tree.size()) {
            checks.add(new Check(CheckKind.ANCHOR, subject, Result.FAIL, "the bundle's log has only " + tree.size() + " leaves, fewer than this "
                    + what + " checkpoint of " + size + ": the bundle was built from an older or truncated log"));
            return false;
        }
        if (!Arrays.equals(tree.root((int) size), root)) {
            checks.add(new Check(CheckKind.ANCHOR, subject, Result.FAIL, "NOT consistent with the bundle's log: its first " + size
                    + " leaves hash to " + Hashes.hex(tree.root((int) size)).substring(0, 16) + "…, the " + what
                    + " checkpoint says " + Hashes.hex(root).substring(0, 16) + "… (the log was rewritten or forked after this "
                    + "checkpoint was " + what + ")"));
            return false;
        }
        return true;
    }

    private void carried(List<Anchors> carried) {
        NoteKey logKey = NoteKey.ed25519(origin, key);
        Map<String, List<Instant>> witnessed = new TreeMap<>();
        Map<String, List<Instant>> stamped = new TreeMap<>();
        int cosignatures = 0;
        int timestamps = 0;
        for (Anchors a : carried) {
            Note note;
            TreeHead head;
            try {
                note = Note.parse(zip.file(a.checkpoint()));
                head = TreeHead.parse(note.text());
            } catch (RuntimeException e) {
                checks.add(new Check(CheckKind.ANCHOR, a.checkpoint(), Result.FAIL, "unreadable checkpoint: " + e.getMessage()));
                continue;
            }
            if (!head.origin().equals(origin) || head.size() != a.treeSize() || note.verify(logKey) != Note.Check.VALID) {
                checks.add(new Check(CheckKind.ANCHOR, a.checkpoint(), Result.FAIL, "not a checkpoint of " + a.treeSize()
                        + " leaves signed by the collector key for " + origin));
                continue;
            }
            if (!consistent(a.checkpoint(), head.size(), head.root(), "carried")) {
                continue;
            }
            cosignatures += note.signatures().size() - 1;
            timestamps += a.timestamps().size();
            if (policy != null) {
                witness(a, note, head).ifPresent(t -> found(t, witnessed));
                for (String tsr : a.timestamps()) {
                    timestamp(a, note, tsr).ifPresent(t -> found(t, stamped));
                }
            }
        }
        if (policy == null && cosignatures + timestamps > 0) {
            checks.add(new Check(CheckKind.ANCHOR, "anchors/", Result.UNVERIFIABLE, cosignatures + " cosignature(s) and " + timestamps
                    + " time-stamp(s) are carried, but without --policy no witness key or TSA root is trusted to check them"));
        }
        summarise(witnessed, "witness quorum");
        summarise(stamped, "time-stamp authority");
    }

    private void found(Anchor anchor, Map<String, List<Instant>> byWho) {
        anchors.add(anchor);
        byWho.computeIfAbsent(anchor.by(), k -> new ArrayList<>()).add(anchor.time());
    }

    /** The witness anchor of one checkpoint: the time the policy's quorum had cosigned it, if it did. */
    private Optional<Anchor> witness(Anchors a, Note note, TreeHead head) {
        Map<String, Instant> cosignedAt = new LinkedHashMap<>();
        for (TrustPolicy.Witness w : policy.witnesses().values()) {
            Cosignature.Result r = Cosignature.verify(note, w.key());
            if (r.check() == Note.Check.INVALID) {
                checks.add(new Check(CheckKind.ANCHOR, a.checkpoint(), Result.FAIL, "the cosignature of witness " + w.name()
                        + " does not verify (edited, forged, or moved from another checkpoint)"));
            } else if (r.check() == Note.Check.VALID) {
                cosignedAt.put(w.name(), r.time());
            }
        }
        return policy.quorumTime(cosignedAt).map(t -> new Anchor(Anchor.Kind.WITNESS,
                String.join("+", cosignedAt.keySet()), t, head.size()));
    }

    private Optional<Anchor> timestamp(Anchors a, Note note, String path) {
        byte[] token = zip.file(path);
        if (token == null) {
            checks.add(new Check(CheckKind.ANCHOR, path, Result.FAIL, "listed for checkpoint " + a.treeSize() + " but missing"));
            return Optional.empty();
        }
        try {
            TimestampVerifier.Verified v = TimestampVerifier.verify(token, note.text().getBytes(StandardCharsets.UTF_8),
                    policy.tsaRoots());
            return Optional.of(new Anchor(Anchor.Kind.TIMESTAMP, v.root() + " (" + v.tsa() + ")", v.time(), a.treeSize()));
        } catch (TimestampException e) {
            checks.add(new Check(CheckKind.ANCHOR, path, e.untrusted() ? Result.UNVERIFIABLE : Result.FAIL,
                    "time-stamp over checkpoint " + a.treeSize() + ": " + e.getMessage()));
            return Optional.empty();
        }
    }

    private void summarise(Map<String, List<Instant>> found, String what) {
        found.forEach((by, times) -> {
            List<Instant> sorted = times.stream().sorted().toList();
            checks.add(new Check(CheckKind.ANCHOR, what + " " + by, Result.PASS, sorted.size() + " checkpoint(s) anchored, from "
                    + sorted.get(0) + " to " + sorted.get(sorted.size() - 1)));
        });
    }
}
