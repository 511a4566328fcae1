package io.plantproof.cli;

import io.plantproof.collector.DataDir;
import io.plantproof.evidence.BundleBuilder;
import io.plantproof.evidence.BundleJson;
import io.plantproof.evidence.LogOrigin;
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
import io.plantproof.sim.tsa.SimTsa;
import io.plantproof.tlog.Note;
import io.plantproof.tlog.TlogProof;
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
 * devices, a day of baseline and two days of current telemetry at one-minute resolution), each day anchored
 * by a real witness and a simulated TSA as it closed, plus the helpers that tamper with bundles.
 */
final class SmallBundle {

    static final Plant PLANT = DemoPlant.plant("opc.tcp://localhost:1/x", "tcp://localhost:1", "data");
    static final List<String> DEVICES = List.of("CNC-01", "ASM-01");

    static final String COLLECTOR = "line-1";

    final Path dir;
    final Path bundle;
    final CollectorKey key;
    final LogOrigin origin;
    /** The checkpoint the plant filed with the office after the baseline, as a signed note. */
    final Path earlier;
    final long earlierSize;
    /** The reviewer's policy: this collector's key, the witness and the TSA root. */
    final Path policy;
    final Period baseline;
    final Period current;

    private static SmallBundle instance;

    private SmallBundle(Path dir, Path bundle, CollectorKey key, Path earlier, long earlierSize, Path policy, Period baseline,
                        Period current) {
        this.dir = dir;
        this.bundle = bundle;
        this.key = key;
        this.origin = LogOrigin.of(PLANT.enterprise(), COLLECTOR);
        this.earlier = earlier;
        this.earlierSize = earlierSize;
        this.policy = policy;
        this.baseline = baseline;
        this.current = current;
    }

    static synchronized SmallBundle get() {
        if (instance == null) {
            instance = build();
        }
        return instance;
    }

    /**
     * An honest plant: each day is sealed just after midnight and its checkpoint cosigned by the witness and
     * time-stamped then (the baseline a year ago, filed with the office too), and the bundle built now.
     */
    private static SmallBundle build() {
        try {
            Path dir = Files.createTempDirectory("plantproof-small-bundle");
            dir.toFile().deleteOnExit();
            ZoneId zone = PLANT.zone();
            LocalDate yesterday = LocalDate.now(zone).minusDays(1);
            Period current = new Period(yesterday.minusDays(1), yesterday);
            Period baseline = new Period(current.from().minusYears(1), current.from().minusYears(1));
            Path bundle = dir.resolve("bundle.zip");
            CollectorKey key = CollectorKey.loadOrCreate(dir.resolve("data/keys"));
            LogOrigin origin = LogOrigin.of(PLANT.enterprise(), COLLECTOR);
            long earlierSize;
            Path policy;
            try (AnchorFixture office = new AnchorFixture(dir.resolve("office"), List.of(AnchorFixture.logKey(origin, key.publicKey())),
                    SimTsa.Algorithm.RSA)) {
                Plant plant = office.plant(PLANT, COLLECTOR);
                try (DataDir data = DataDir.open(dir.resolve("data"), plant)) {
                    fill(data, baseline, zone, false);
                    earlierSize = office.sealAndAnchor(data, justAfter(baseline.to(), zone));
                    AnchorFixture.file(data, earlierSize, dir.resolve("earlier.note"));
                    for (LocalDate day = current.from(); !day.isAfter(current.to()); day = day.plusDays(1)) {
                        fill(data, new Period(day, day), zone, false);
                        office.sealAndAnchor(data, justAfter(day, zone));
                    }
                    new BundleBuilder(data, plant, s -> { }).build("digital-workshop", baseline, current,
                            PeriodOptions.workshops(PLANT, null), bundle);
                }
                policy = office.policy(AnchorFixture.logKey(origin, key.publicKey()), dir.resolve("policy.txt"));
            }
            return new SmallBundle(dir, bundle, key, dir.resolve("earlier.note"), earlierSize, policy, baseline, current);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ten minutes after the day ended, when the daily seal runs. */
    static Instant justAfter(LocalDate day, ZoneId zone) {
        return day.plusDays(1).atTime(0, 10).atZone(zone).toInstant();
    }

    /**
     * One sample per minute of state, count.total, count.good and energy for each device and day; with
     * {@code serverTimes} each is server-stamped 3 ms after its source time, as OPC UA values are.
     */
    static void fill(DataDir data, Period period, ZoneId zone, boolean serverTimes) {
        fill(data, period, zone, serverTimes, Provenance.MEASURED);
    }

    /** The same samples, claimed with another provenance (IMPORTED, as an export of last year's telemetry is). */
    static void fill(DataDir data, Period period, ZoneId zone, boolean serverTimes, Provenance provenance) {
        for (String device : DEVICES) {
            for (LocalDate day = period.from(); !day.isAfter(period.to()); day = day.plusDays(1)) {
                long start = day.atStartOfDay(zone).toInstant().toEpochMilli();
                List<Sample> samples = new ArrayList<>();
                for (int minute = 0; minute < 1440; minute++) {
                    long ts = start + minute * 60_000L;
                    long server = serverTimes ? ts + 3 : Sample.UNKNOWN_SERVER_TIME;
                    samples.add(new Sample(device, Signals.STATE, ts, (minute / 90) % 5 == 4 ? MachineState.IDLE.code()
                            : MachineState.RUNNING.code(), 0, provenance, server));
                    samples.add(new Sample(device, Signals.COUNT_TOTAL, ts, minute * 2.0, 0, provenance, server));
                    samples.add(new Sample(device, Signals.COUNT_GOOD, ts, minute * 2.0 - minute / 50, 0, provenance, server));
                    samples.add(new Sample(device, Signals.ENERGY, ts, minute * 0.25, 0, provenance, server));
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
     * What anyone can do with a key of their own: replace the bundled key, re-sign every checkpoint (keeping its text,
     * so witness cosignatures over that text still verify) and every tlog-proof's copy of it, and sign the statement.
     */
    static void resignEndToEnd(Map<String, byte[]> entries, ObjectNode statement, CollectorKey forger) {
        String origin = statement.get("origin").asString();
        Note bundleCheckpoint = null;
        for (String name : List.copyOf(entries.keySet())) {
            if (name.startsWith("anchors/") && name.endsWith(".note")) {
                Note resigned = resign(Note.parse(entries.get(name)), origin, forger);
                relist(entries, statement, name, resigned.bytes());
                if (name.equals(statement.get("logCheckpoint").asString())) {
                    bundleCheckpoint = resigned;
                }
            }
        }
        for (String name : List.copyOf(entries.keySet())) {
            if (name.endsWith(TlogProof.EXTENSION)) {
                TlogProof p = TlogProof.parse(entries.get(name));
                relist(entries, statement, name, new TlogProof(p.extra(), p.index(), p.path(), bundleCheckpoint).bytes());
            }
        }
        statement.put("collectorKey", forger.fingerprint());
        entries.put(Statement.KEY, Signer.pem(forger.publicKey()).getBytes(StandardCharsets.US_ASCII));
        sign(entries, statement, forger);
    }

    /** The note with its first signature (the collector's) replaced by {@code signer}'s. */
    static Note resign(Note note, String origin, CollectorKey signer) {
        Note own = signer.signNote(note.text(), origin);
        List<Note.Signature> sigs = new ArrayList<>(own.signatures());
        sigs.addAll(note.signatures().subList(1, note.signatures().size()));
        return new Note(note.text(), sigs);
    }

    /** Puts a file and lists its new hash in the (unsigned) statement. */
    static void relist(Map<String, byte[]> entries, ObjectNode statement, String path, byte[] bytes) {
        entries.put(path, bytes);
        for (JsonNode f : statement.get("files")) {
            if (f.get("path").asString().equals(path)) {
                ((ObjectNode) f).put("sha256", Hashes.sha256Hex(bytes)).put("size", bytes.length);
            }
        }
    }

    /** Replaces a file and, as only the key holder can, re-lists its hash and re-signs the statement. */
    static void replaceAndResign(Map<String, byte[]> entries, String path, byte[] bytes, CollectorKey signer) {
        ObjectNode statement = statement(entries);
        relist(entries, statement, path, bytes);
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
