package io.plantproof.mqtt;

import io.plantproof.files.DurableFiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Durable {@link DeadLetters}: one JSON line per letter in {@code deadletters.jsonl}, fsync'd before {@link #add}
 * returns (the message is acknowledged right after), rotated to {@code deadletters.1.jsonl} … past a size bound.
 * An admin lists them newest first with {@link #list}; {@link #counts} gives the kept letters per MQTT connection.
 */
public final class FileDeadLetters implements DeadLetters, AutoCloseable {

    /** Where {@link #open(Path)} keeps dead letters, under the plant's data directory. */
    public static final String DIRECTORY = "deadletters";
    /** 8 MiB per file and 4 rotated files: tens of thousands of typical telemetry letters. */
    static final long DEFAULT_FILE_BYTES = 8L << 20;
    static final int DEFAULT_ROTATED_FILES = 4;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dir;
    private final long maxFileBytes;
    private final int rotatedFiles;
    /** Letters per connection in each file; index 0 is the current file, i the file {@code deadletters.i.jsonl}. */
    private final List<Map<String, Long>> countsByFile = new ArrayList<>();
    private FileChannel current;
    private long total;

    /**
     * Dead letters in {@code dir}, each file at most about {@code maxFileBytes}, keeping {@code rotatedFiles} old ones.
     *
     * @throws UncheckedIOException if the directory cannot be created or read
     */
    public FileDeadLetters(Path dir, long maxFileBytes, int rotatedFiles) {
        if (maxFileBytes < 1 || rotatedFiles < 0) {
            throw new IllegalArgumentException("need maxFileBytes >= 1 and rotatedFiles >= 0");
        }
        this.dir = dir;
        this.maxFileBytes = maxFileBytes;
        this.rotatedFiles = rotatedFiles;
        try {
            Files.createDirectories(dir);
            for (int i = 0; i <= rotatedFiles; i++) {
                Map<String, Long> counts = new HashMap<>();
                for (DeadLetter l : read(file(i))) {
                    counts.merge(l.connection(), 1L, Long::sum);
                }
                countsByFile.add(counts);
            }
            current = open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open dead letters in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Dead letters under {@code dataDir/deadletters} with the default bounds. */
    public static FileDeadLetters open(Path dataDir) {
        return new FileDeadLetters(dataDir.resolve(DIRECTORY), DEFAULT_FILE_BYTES, DEFAULT_ROTATED_FILES);
    }

    @Override
    public synchronized void add(DeadLetter letter) {
        ObjectNode line = JSON.createObjectNode()
                .put("at", letter.at().toString())
                .put("connection", letter.connection())
                .put("topic", letter.topic())
                .put("reason", letter.reason())
                .put("payload", Base64.getEncoder().encodeToString(letter.payload()));
        byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (current.position() > 0 && current.position() + bytes.length > maxFileBytes) {
                rotate();
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                current.write(buf);
            }
            current.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write dead letter to " + file(0) + ": " + e.getMessage(), e);
        }
        countsByFile.get(0).merge(letter.connection(), 1L, Long::sum);
        total++;
    }

    private void rotate() throws IOException {
        current.close();
        Files.deleteIfExists(file(rotatedFiles));
        for (int i = rotatedFiles; i > 0; i--) {
            if (Files.exists(file(i - 1))) {
                Files.move(file(i - 1), file(i), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        DurableFiles.forceDirectory(file(0).toAbsolutePath().getParent());
        countsByFile.remove(rotatedFiles);
        countsByFile.add(0, new HashMap<>());
        current = open();
    }

    // a crash mid-write leaves a torn last line; it is cut off so the next letter starts on a line of its own
    private FileChannel open() throws IOException {
        FileChannel ch = FileChannel.open(file(0), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        long end = ch.size();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            ch.read(one, end - 1);
            if (one.get(0) == '\n') {
                break;
            }
            end--;
        }
        ch.truncate(end);
        ch.position(end);
        return ch;
    }

    private Path file(int index) {
        return dir.resolve(index == 0 ? "deadletters.jsonl" : "deadletters." + index + ".jsonl");
    }

    /** The newest {@code limit} kept letters, newest first. */
    public synchronized List<DeadLetter> list(int limit) {
        List<DeadLetter> out = new ArrayList<>();
        try {
            for (int i = 0; i <= rotatedFiles && out.size() < limit; i++) {
                List<DeadLetter> letters = read(file(i));
                Collections.reverse(letters);
                out.addAll(letters.subList(0, Math.min(letters.size(), limit - out.size())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dead letters in " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Kept letters per MQTT connection id, sorted by id. */
    public synchronized Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        countsByFile.forEach(c -> c.forEach((k, v) -> out.merge(k, v, Long::sum)));
        return out;
    }

    /** Letters added through this instance since it was opened. */
    public synchronized long added() {
        return total;
    }

    // a line cut short by a crash while it was written was never acknowledged, so it is skipped, not an error
    private static List<DeadLetter> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new ArrayList<>();
        }
        List<DeadLetter> out = new ArrayList<>();
        // decoded leniently: a torn multi-byte character must not hide the lines before it
        for (String line : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n")) {
            try {
                JsonNode n = JSON.readTree(line);
                out.add(new DeadLetter(n.get("connection").asString(), n.get("topic").asString(),
                        Base64.getDecoder().decode(n.get("payload").asString()), n.get("reason").asString(),
                        Instant.parse(n.get("at").asString())));
            } catch (RuntimeException e) {
                // the torn tail, or a line someone edited by hand: listing the others matters more
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        try {
            current.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file(0) + ": " + e.getMessage(), e);
        }
    }
}
