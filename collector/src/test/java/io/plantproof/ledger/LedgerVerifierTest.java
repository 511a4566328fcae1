package io.plantproof.ledger;

import io.plantproof.evidence.LogOrigin;
import io.plantproof.tlog.Note;
import io.plantproof.tlog.NoteKey;
import io.plantproof.tlog.TreeHead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tampering with any part of the local log is found and named: a ledger byte, a chunk byte, a leaf line,
 * a checkpoint signed with a foreign key or edited; and a rotated key still verifies its old checkpoints.
 */
class LedgerVerifierTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final Instant DAY1 = Instant.parse("2026-03-01T02:00:00Z");

    @TempDir
    Path dir;

    static final LogOrigin ORIGIN = new LogOrigin("91330602MA2D000001", "line-1");
    private Ledger ledger;
    private CollectorKey key;
    private EvidenceLog evidence;

    @BeforeEach
    void recordTwoDevicesOverTwoDays() {
        ledger = Ledger.open(dir.resolve("ledger"));
        key = CollectorKey.loadOrCreate(dir.resolve("keys"));
        evidence = new EvidenceLog(dir.resolve("evidence"), ZONE, ledger, key, ORIGIN);
        for (int day = 0; day < 2; day++) {
            for (String device : List.of("press-1", "press-2")) {
                append(device, DAY1.toEpochMilli() + day * 86_400_000L, 10);
            }
        }
        evidence.seal(DAY1.plusSeconds(3 * 86_400));
        evidence.checkpoint(DAY1.plusSeconds(3 * 86_400));
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    private void append(String device, long fromMillis, int n) {
        ledger.append(Batches.power(device, fromMillis, n));
    }

    private LedgerVerifier.Result verify() {
        return LedgerVerifier.verify(ledger, new EvidenceLog(dir.resolve("evidence"), ZONE, ledger, key, ORIGIN));
    }

    @Test
    void anUntouchedLogHasNoProblems() {
        LedgerVerifier.Result result = verify();

        assertThat(result.problems()).isEmpty();
        assertThat(result.ok()).isTrue();
        assertThat(result.ledgerRecords()).isEqualTo(4);
        assertThat(result.leaves()).isEqualTo(4);
        assertThat(result.checkpoints()).isEqualTo(1);
    }

    @Test
    void aChunkEditedByOneByteIsNamed() throws IOException {
        Path chunk = dir.resolve("evidence/chunks/2026-03-02/press-2.0.csv");
        flipLastDigit(chunk);

        assertThat(verify().problems()).extracting(LedgerVerifier.Problem::toString).containsExactly(
                "chunk 2026-03-02/press-2.0.csv (leaf 3): SHA-256 does not match the leaf (edited on disk)");
    }

    @Test
    void aLeafRemovedFromTheIndexIsNamedAndBreaksTheCheckpoint() throws IOException {
        Path index = dir.resolve("evidence/leaves.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(index));
        lines.remove(1);
        Files.write(index, lines);

        List<String> problems = verify().problems().stream().map(LedgerVerifier.Problem::toString).toList();

        assertThat(problems).contains("leaves.jsonl line 2: holds leaf 2 where leaf 1 belongs (a leaf was removed, inserted or reordered)");
        assertThat(problems).anyMatch(p -> p.startsWith("checkpoint checkpoint-0000000004.note: covers 4 leaves but the log has only 3"));
    }

    @Test
    void aCheckpointSignedWithAnotherKeyIsNamed() throws IOException {
        CollectorKey intruder = CollectorKey.loadOrCreate(dir.resolve("other-keys"));
        Note genuine = evidence.checkpoint(4).orElseThrow();
        Note forged = intruder.signNote(genuine.text(), ORIGIN.text());
        Files.write(dir.resolve("evidence/checkpoints/checkpoint-0000000005.note"), forged.bytes());

        assertThat(verify().problems()).extracting(LedgerVerifier.Problem::toString).containsExactly(
                "checkpoint checkpoint-0000000005.note: not signed for log " + ORIGIN + " by this collector's current or retired "
                        + "key (forged or edited, or keys/retired is incomplete)");
    }

    @Test
    void anEditedCheckpointIsNamed() throws IOException {
        Path file = dir.resolve("evidence/checkpoints/checkpoint-0000000004.note");
        Note cp = Note.parse(Files.readAllBytes(file));
        TreeHead head = TreeHead.parse(cp.text());
        TreeHead otherRoot = new TreeHead(head.origin(), head.size(), new byte[32], head.extensions());
        Files.write(file, new Note(otherRoot.text(), cp.signatures()).bytes());

        assertThat(verify().problems()).extracting(LedgerVerifier.Problem::toString).containsExactly(
                "checkpoint checkpoint-0000000004.note: not signed for log " + ORIGIN + " by this collector's current or retired "
                        + "key (forged or edited, or keys/retired is incomplete)");
    }

    @Test
    void aLedgerByteChangedOnDiskIsNamedWithTheLeavesSealedFromIt() throws IOException {
        Path segment;
        try (Stream<Path> s = Files.list(dir.resolve("ledger"))) {
            segment = s.findFirst().orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.seek(f.length() - 3);
            int b = f.read();
            f.seek(f.length() - 3);
            f.write(b ^ 0x10);
        }

        assertThat(verify().problems()).extracting(LedgerVerifier.Problem::toString).containsExactly(
                "ledger " + segment.getFileName() + ": bytes 1653..2204: seq 3 at byte 1653 fails its CRC (bytes changed on disk) "
                        + "(no readable record follows yet); record 3 unreadable; reading resumes at seq 4 (the segment is kept as "
                        + "it is; restore it from a backup if there is one)",
                "evidence log: records 3..3 were sealed into leaves but are unreadable in the ledger now (" + segment.getFileName() + ")",
                "leaves 3 (press-2 on 2026-03-02): hold 10 samples but the ledger's sealed records now hold only 0 for that device "
                        + "and day: records they were sealed from are gone");
    }

    @Test
    void afterKeyRotationOldCheckpointsStillVerifyWithTheRetiredKey() throws IOException {
        String oldFingerprint = key.fingerprint();
        String newFingerprint = key.rotate();
        append("press-1", DAY1.toEpochMilli() + 3 * 86_400_000L, 5);
        evidence.seal(DAY1.plusSeconds(5 * 86_400));
        Note second = evidence.checkpoint(DAY1.plusSeconds(5 * 86_400));

        assertThat(newFingerprint).isNotEqualTo(oldFingerprint);
        assertThat(second.verify(NoteKey.ed25519(ORIGIN.text(), key.publicKey()))).isEqualTo(Note.Check.VALID);
        CollectorKey reloaded = CollectorKey.loadOrCreate(dir.resolve("keys"));
        assertThat(reloaded.fingerprint()).isEqualTo(newFingerprint);
        assertThat(reloaded.publicKeys()).containsOnlyKeys(newFingerprint, oldFingerprint);
        assertThat(LedgerVerifier.verify(ledger.reader(), dir.resolve("evidence"), reloaded.publicKeys(), ZONE).problems()).isEmpty();

        try (Stream<Path> retired = Files.list(dir.resolve("keys/retired"))) {
            for (Path p : retired.toList()) {
                Files.delete(p);
            }
        }
        assertThat(verify().problems()).extracting(LedgerVerifier.Problem::toString).containsExactly(
                "checkpoint checkpoint-0000000004.note: not signed for log " + ORIGIN + " by this collector's current or retired "
                        + "key (forged or edited, or keys/retired is incomplete)");
    }

    private static void flipLastDigit(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int i = bytes.length - 1;
        while (!Character.isDigit(bytes[i])) {
            i--;
        }
        bytes[i] = (byte) (bytes[i] == '9' ? '8' : bytes[i] + 1);
        Files.write(file, bytes);
    }
}
