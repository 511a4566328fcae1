package io.plantproof.cli;

import io.plantproof.collector.DataDir;
import io.plantproof.evidence.BundleBuilder;
import io.plantproof.evidence.BundleJson;
import io.plantproof.evidence.Checkpoint;
import io.plantproof.evidence.Envelope;
import io.plantproof.evidence.Statement;
import io.plantproof.ledger.CollectorKey;
import io.plantproof.merkle.Hashes;
import io.plantproof.merkle.Signer;
import io.plantproof.metrics.Period;
import io.plantproof.plant.Plant;
import io.plantproof.sample.MachineState;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.Signals;
import io.plantproof.sim.DemoPlant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A real bundle built once per test run from a small data folder filled through the ledger (two
 * devices, a day of baseline and two days of current telemetry at one-minute resolution), with an
 * earlier checkpoint signed between the two, plus the helpers that tamper with bundles.
 */
final class SmallBundle {

    static final Plant PLANT = DemoPlant.plant("opc.tcp://localhost:1/x", "tcp://localhost:1", "data");
    static final List<String> DEVICES = List.of("CNC-01", "ASM-01");

    final Path dir;
    final Path bundle;
    final CollectorKey key;
    final Checkpoint earlier;
    final Period current;

    private static SmallBundle instance;

    private SmallBundle(Path dir, Path bundle, CollectorKey key, Checkpoint earlier, Period current) {
        this.dir = dir;
        this.bundle = bundle;
        this.key = key;
        this.earlier = earlier;
        this.current = current;
    }

    static synchronized SmallBundle get() {
        if (instance == null) {
            instance = build();
        }
        return instance;
    }

    private static SmallBundle build() {
        try {
            Path dir = Files.createTempDirectory("plantproof-small-bundle");
            dir.toFile().deleteOnExit();
            ZoneId zone = PLANT.zone();
            LocalDate yesterday = LocalDate.now(zone).minusDays(1);
            Period current = new Period(yesterday.minusDays(1), yesterday);
            Period baseline = new Period(current.from().minusYears(1), current.from().minusYears(1));
            Path bundle = dir.resolve("bundle.zip");
            Checkpoint earlier;
            try (DataDir data = DataDir.open(dir.resolve("data"), PLANT)) {
                fill(data, baseline, zone, false);
                data.writer().drain();
                data.evidence().seal(Instant.now());
                earlier = data.evidence().checkpoint(Instant.now());
                fill(data, current, zone, false);
                new BundleBuilder(data, PLANT, s -> { }).build("digital-workshop", baseline, current,
                        PeriodOptions.workshops(PLANT, null), bundle);
            }
            return new SmallBundle(dir, bundle, CollectorKey.loadOrCreate(dir.resolve("data/keys")), earlier, current);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One sample per minute of state, count.total, count.good and energy for each device and day; with
     * {@code serverTimes} each is server-stamped 3 ms after its source time, as OPC UA values are.
     */
    static void fill(DataDir data, Period period, ZoneId zone, boolean serverTimes) {
        for (String device : DEVICES) {
            for (LocalDate day = period.from(); !day.isAfter(period.to()); day = day.plusDays(1)) {
                long start = day.atStartOfDay(zone).toInstant().toEpochMilli();
                List<Sample> samples = new ArrayList<>();
                for (int minute = 0; minute < 1440; minute++) {
                    long ts = start + minute * 60_000L;
                    long server = serverTimes ? ts + 3 : Sample.UNKNOWN_SERVER_TIME;
                    samples.add(new Sample(device, Signals.STATE, ts, (minute / 90) % 5 == 4 ? MachineState.IDLE.code()
                            : MachineState.RUNNING.code(), 0, Provenance.MEASURED, server));
                    samples.add(new Sample(device, Signals.COUNT_TOTAL, ts, minute * 2.0, 0, Provenance.MEASURED, server));
                    samples.add(new Sample(device, Signals.COUNT_GOOD, ts, minute * 2.0 - minute / 50, 0, Provenance.MEASURED, server));
                    samples.add(new Sample(device, Signals.ENERGY, ts, minute * 0.25, 0, Provenance.MEASURED, server));
                }
                data.ledger().append(new SampleBatch("test", samples));
            }
        }
    }

    /** What the launcher printed and returned. */
    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    static Run plantproof(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PlantProof.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Map<String, byte[]> entries() {
        return entries(bundle);
    }

    static Map<String, byte[]> entries(Path zip) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                out.put(e.getName(), z.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static Path write(Map<String, byte[]> entries, Path to) {
        try (OutputStream os = Files.newOutputStream(to); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (var e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    /** The first entry whose name starts with the prefix. */
    static String first(Map<String, byte[]> entries, String prefix) {
        return entries.keySet().stream().filter(n -> n.startsWith(prefix)).findFirst().orElseThrow();
    }

    static ObjectNode statement(Map<String, byte[]> entries) {
        Envelope envelope = BundleJson.MAPPER.readValue(entries.get(Statement.ENVELOPE), Envelope.class);
        return (ObjectNode) BundleJson.MAPPER.readTree(Base64.getDecoder().decode(envelope.payload()));
    }

    /** Replaces the statement with the edited one, signed by {@code signer} (the key holder, or a forger). */
    static void sign(Map<String, byte[]> entries, ObjectNode statement, CollectorKey signer) {
        byte[] payload = BundleJson.MAPPER.writeValueAsBytes(statement);
        byte[] sig = signer.sign(Signer.dssePae(Statement.PAYLOAD_TYPE, payload));
        Envelope envelope = new Envelope(Statement.PAYLOAD_TYPE, Base64.getEncoder().encodeToString(payload),
                List.of(new Envelope.EnvelopeSignature(signer.fingerprint(), Base64.getEncoder().encodeToString(sig))));
        entries.put(Statement.ENVELOPE, BundleJson.MAPPER.writeValueAsBytes(envelope));
    }

    /**
     * What anyone can do with a key of their own: replace the bundled key, re-sign the checkpoint, drop the
     * carried consistency proofs (their earlier checkpoints name the real key) and sign the edited statement.
     */
    static void resignEndToEnd(Map<String, byte[]> entries, ObjectNode statement, CollectorKey forger) {
        ObjectNode cp = (ObjectNode) statement.get("checkpoint");
        Checkpoint resigned = forger.signCheckpoint(cp.get("treeSize").asLong(), cp.get("root").asString(),
                Instant.parse(cp.get("time").asString()));
        statement.set("checkpoint", BundleJson.MAPPER.valueToTree(resigned));
        entries.keySet().removeIf(n -> n.startsWith("proofs/consistency-"));
        ArrayNode files = (ArrayNode) statement.get("files");
        for (int i = files.size() - 1; i >= 0; i--) {
            if (files.get(i).get("path").asString().startsWith("proofs/consistency-")) {
                files.remove(i);
            }
        }
        statement.put("collectorKey", forger.fingerprint());
        entries.put(Statement.KEY, Signer.pem(forger.publicKey()).getBytes(StandardCharsets.US_ASCII));
        sign(entries, statement, forger);
    }

    /** Replaces a file and, as only the key holder can, re-lists its hash and re-signs the statement. */
    static void replaceAndResign(Map<String, byte[]> entries, String path, byte[] bytes, CollectorKey signer) {
        entries.put(path, bytes);
        ObjectNode statement = statement(entries);
        for (JsonNode f : statement.get("files")) {
            if (f.get("path").asString().equals(path)) {
                ((ObjectNode) f).put("sha256", Hashes.sha256Hex(bytes)).put("size", bytes.length);
            }
        }
        sign(entries, statement, signer);
    }

    /** An edited copy of a JSON file. */
    static byte[] editJson(byte[] json, Consumer<ObjectNode> edit) {
        ObjectNode node = (ObjectNode) BundleJson.MAPPER.readTree(json);
        edit.accept(node);
        return BundleJson.MAPPER.writeValueAsBytes(node);
    }

    /** The statement's first indicator that has a current value. */
    static ObjectNode indicatorWithValue(ObjectNode statement) {
        ArrayNode indicators = (ArrayNode) statement.get("indicators").get("indicators");
        for (JsonNode i : indicators) {
            if (i.get("current").get("value").isNumber()) {
                return (ObjectNode) i;
            }
        }
        throw new IllegalStateException("no indicator with a value in the test bundle");
    }

    Path file(String name) {
        return dir.resolve(name);
    }
}
