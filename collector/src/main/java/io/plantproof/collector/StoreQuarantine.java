package io.plantproof.collector;

import io.plantproof.files.Disk;
import io.plantproof.files.DurableFiles;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Samples the store refused for good, kept with their reason in {@code ledger/quarantine/store-refused.jsonl} (one
 * JSON object per line, appended durably before the store writer moves past them), so a poison batch never stalls
 * the store; the samples themselves stay in the ledger and the evidence log. {@code plantproof ledger quarantine} lists them.
 */
public final class StoreQuarantine {

    private static final Logger LOG = LoggerFactory.getLogger(StoreQuarantine.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String FILE = "store-refused.jsonl";

    /** One refused sample: the ledger record and its position in it, the sample, why, and when it was set aside. */
    public record Entry(long seq, int index, Sample sample, String reason, Instant at) {

        String key() {
            return seq + "/" + index;
        }
    }

    private final Path file;
    private final Disk disk;
    private final Set<String> kept = new HashSet<>();
    private volatile long count;
    private volatile String last;

    private StoreQuarantine(Path file, Disk disk, List<Entry> existing) {
        this.file = file;
        this.disk = disk;
        existing.forEach(e -> kept.add(e.key()));
        this.count = kept.size();
        this.last = existing.isEmpty() ? null : describe(existing.get(existing.size() - 1));
    }

    /** The quarantine in the ledger's {@code quarantine} folder, with what an earlier run put there, written through {@code disk}. */
    static StoreQuarantine open(Path quarantineDir, Disk disk) {
        return new StoreQuarantine(quarantineDir.resolve(FILE), disk, read(quarantineDir));
    }

    /** Every entry in {@code quarantineDir}, oldest first, reading only; a line that does not parse is skipped with a warning. */
    public static List<Entry> read(Path quarantineDir) {
        Path file = quarantineDir.resolve(FILE);
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            int lineNo = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNo++;
                if (!line.isBlank()) {
                    try {
                        out.add(parse(JSON.readTree(line)));
                    } catch (RuntimeException e) {
                        LOG.warn("{} line {} is not a quarantine entry ({}); skipped", file, lineNo, e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Samples set aside so far. */
    public long count() {
        return count;
    }

    /** The last sample set aside and why, or null. */
    public String last() {
        return last;
    }

    /**
     * Keeps the entries durably (one append and fsync for all of them) unless an earlier run kept them already
     * (a batch replayed after a crash); only then may the store writer move past them.
     */
    synchronized void add(List<Entry> entries) throws IOException {
        StringBuilder lines = new StringBuilder();
        List<Entry> fresh = new ArrayList<>();
        for (Entry e : entries) {
            if (!kept.contains(e.key())) {
                fresh.add(e);
                lines.append(JSON.writeValueAsString(json(e))).append('\n');
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        Files.createDirectories(file.getParent());
        DurableFiles.append(disk, file, lines.toString().getBytes(StandardCharsets.UTF_8));
        fresh.forEach(e -> kept.add(e.key()));
        count = kept.size();
        last = describe(fresh.get(fresh.size() - 1));
        for (Entry e : fresh) {
            LOG.error("store refused a sample for good; quarantined in {} and moving on (it stays in the ledger and the evidence "
                    + "log): {}", file, describe(e));
        }
    }

    /** One line: ledger seq and sample, device/signal, timestamp, value, reason. */
    public static String describe(Entry e) {
        Sample s = e.sample();
        return "ledger seq " + e.seq() + " sample " + e.index() + " (" + s.device() + "/" + s.signal() + " at " + s.epochMillis()
                + " ms, value " + s.value() + "): " + e.reason();
    }

    private static ObjectNode json(Entry e) {
        Sample s = e.sample();
        ObjectNode n = JSON.createObjectNode();
        n.put("seq", e.seq());
        n.put("index", e.index());
        n.put("device", s.device());
        n.put("signal", s.signal());
        n.put("epochMillis", s.epochMillis());
        // as text: JSON has no NaN or infinities, and a refused value may be one
        n.put("value", Double.toString(s.value()));
        n.put("status", s.status());
        n.put("provenance", s.provenance().name());
        n.put("serverMillis", s.serverMillis());
        n.put("reason", e.reason());
        n.put("at", e.at().toString());
        return n;
    }

    private static Entry parse(JsonNode n) {
        Sample s = new Sample(n.get("device").asString(), n.get("signal").asString(), n.get("epochMillis").asLong(),
                Double.parseDouble(n.get("value").asString()), n.get("status").asLong(),
                Provenance.valueOf(n.get("provenance").asString()), n.get("serverMillis").asLong());
        return new Entry(n.get("seq").asLong(), n.get("index").asInt(), s, n.get("reason").asString(),
                Instant.parse(n.get("at").asString()));
    }
}
