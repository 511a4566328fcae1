package io.plantproof.mqtt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The durable dead-letter file: newest-first listing with payload bytes intact, counts per connection, rotation
 * within its bound, and reopening after a crash that tore the last line.
 */
class MqttDeadLettersTest {

    @TempDir
    Path dir;

    @Test
    void lettersSurviveReopeningAndAreListedNewestFirst() {
        try (FileDeadLetters letters = new FileDeadLetters(dir, 1 << 20, 2)) {
            letters.add(letter("a", 1, "first"));
            letters.add(letter("b", 2, "second"));
            letters.add(letter("a", 3, "不是 JSON"));
        }
        try (FileDeadLetters reopened = new FileDeadLetters(dir, 1 << 20, 2)) {
            assertThat(reopened.list(10)).extracting(DeadLetter::reason).containsExactly("不是 JSON", "second", "first");
            assertThat(reopened.list(2)).hasSize(2);
            assertThat(reopened.list(10).get(2).payload()).containsExactly(1, 1, (byte) 0xFF, 1);
            assertThat(reopened.counts()).isEqualTo(Map.of("a", 2L, "b", 1L));
        }
    }

    @Test
    void rotationKeepsTheNewestFilesAndTheirCounts() throws Exception {
        long lineBytes;
        try (FileDeadLetters probe = new FileDeadLetters(dir.resolve("probe"), 1 << 20, 0)) {
            probe.add(letter("a", 0, "r"));
            lineBytes = Files.size(dir.resolve("probe/deadletters.jsonl"));
        }
        // three letters per file, two rotated files: 18-19 in the current file, 15-17 and 12-14 rotated
        try (FileDeadLetters letters = new FileDeadLetters(dir.resolve("rot"), 3 * lineBytes, 2)) {
            for (int i = 0; i < 20; i++) {
                letters.add(letter(i % 2 == 0 ? "a" : "b", i, "r"));
            }
            assertThat(letters.added()).isEqualTo(20);
            assertThat(letters.list(100)).extracting(l -> l.payload()[0])
                    .containsExactly((byte) 19, (byte) 18, (byte) 17, (byte) 16, (byte) 15, (byte) 14, (byte) 13,
                            (byte) 12);
            assertThat(letters.counts()).isEqualTo(Map.of("a", 4L, "b", 4L));
        }
        try (var files = Files.list(dir.resolve("rot"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "deadletters.jsonl", "deadletters.1.jsonl", "deadletters.2.jsonl");
        }
    }

    @Test
    void aTornLastLineIsSkippedAndWritingContinues() throws Exception {
        try (FileDeadLetters letters = new FileDeadLetters(dir, 1 << 20, 1)) {
            letters.add(letter("a", 1, "kept"));
        }
        Files.writeString(dir.resolve("deadletters.jsonl"), "{\"at\":\"2025-", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        try (FileDeadLetters letters = new FileDeadLetters(dir, 1 << 20, 1)) {
            assertThat(letters.list(10)).extracting(DeadLetter::reason).containsExactly("kept");
            letters.add(letter("a", 2, "after the crash"));
            assertThat(letters.list(10)).extracting(DeadLetter::reason).containsExactly("after the crash", "kept");
        }
    }

    private static DeadLetter letter(String connection, int marker, String reason) {
        // fixed-width topic and time, so every letter of the rotation test has the same line length
        return new DeadLetter(connection, String.format("t/%03d", marker), new byte[]{(byte) marker, 1, (byte) 0xFF, 1},
                reason, Instant.ofEpochMilli(1_700_000_000_100L + marker));
    }
}
