package io.plantproof.bench;

import io.plantproof.collector.DataDir;
import io.plantproof.evidence.BundleBuilder;
import io.plantproof.evidence.BundleJson;
import io.plantproof.evidence.BundleUnreadableException;
import io.plantproof.evidence.BundleVerifier;
import io.plantproof.evidence.Chunk;
import io.plantproof.evidence.FiledCheckpoint;
import io.plantproof.evidence.Leaf;
import io.plantproof.evidence.ReviewerTrust;
import io.plantproof.evidence.VerificationReport;
import io.plantproof.ledger.CollectorKey;
import io.plantproof.merkle.Hashes;
import io.plantproof.metrics.Period;
import io.plantproof.plant.Equipment;
import io.plantproof.plant.Plant;
import io.plantproof.plant.Workshop;
import io.plantproof.sample.MachineState;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.Signals;
import io.plantproof.sim.DemoPlant;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.LinkedHashSet;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Bundle build and verify at plant scale: N devices (default 200) with state, count.total, count.good and energy at
 * one-minute resolution over a baseline and a current quarter, synthesised once straight into a data folder's evidence
 * log with the classes the collector seals with (36,200 chunks at 200 devices). Then, per round, the build is timed
 * (no peer; target 60 s) and the verification (with an earlier checkpoint) is timed against its peer, SHA-256 by
 * {@link MessageDigest} over the same uncompressed bytes the bundle carries, measured in the same round.
 */
final class BundleBench {

    private static final ObjectWriter LINE = BundleJson.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);
    private static final double BUILD_TARGET_SECONDS = 60;

    /** The samples' server times: none (imports, MQTT), a fixed lag, or a lag of 0-49 ms varying per sample (OPC UA). */
    enum ServerTimes { NONE, FIXED, JITTER }

    private final Path work;
    private final int devices;
    private final ServerTimes serverTimes;
    private final int stepSeconds;
    private final Period baseline = new Period(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 31));
    private final Period current = new Period(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 3, 31));

    /** {@code stepSeconds} between samples (60: one-minute data), {@code serverTimes} as the samples carry them. */
    BundleBench(Path work, int devices, ServerTimes serverTimes, int stepSeconds) {
        this.work = work;
        this.devices = devices;
        this.serverTimes = serverTimes;
        this.stepSeconds = stepSeconds;
    }

    void run(int rounds, Trials.Summary summary) throws Exception {
        Plant plant = plant(devices);
        String name = devices + "-" + serverTimes.name().toLowerCase(Locale.ROOT) + "-" + stepSeconds + "s";
        Path dataDir = work.resolve("bundle-data-" + name);
        ReviewerTrust trust = synthesiseOnce(plant, dataDir);
        Path bundle = work.resolve("bundle-" + name + ".zip");
        double[] build = Trials.repeat("build of the " + devices + "-device bundle (s)", "s", rounds, () -> {
            Files.deleteIfExists(bundle);
            long b0 = System.nanoTime();
            try (DataDir data = DataDir.open(dataDir, plant)) {
                new BundleBuilder(data, plant, timed(b0)).build("digital-workshop", baseline, current,
                        new LinkedHashSet<>(plant.workshops().stream().map(Workshop::id).toList()), bundle);
            }
            return (System.nanoTime() - b0) / 1e9;
        });
        double median = Trials.median(build);
        summary.add(String.format(Locale.ROOT, "%-34s %s s (target ≤ %.0f s): %s", "build (" + devices + " devices)",
                Trials.stats(build, "%.1f"), BUILD_TARGET_SECONDS, median <= BUILD_TARGET_SECONDS ? "met" : "NOT met"));
        System.out.printf(Locale.ROOT, "bundle: %.1f MB%n", Files.size(bundle) / 1e6);
        summary.add(Trials.compare("verify vs MessageDigest (s)", "s", Trials.Better.LOWER, 3.0, 0, rounds,
                "BundleVerifier", () -> verify(bundle, trust), "SHA-256 of the bytes", () -> digest(bundle)));
    }

    /**
     * The evidence log of the plant in {@code dataDir}, synthesised unless an earlier run left it complete, and what the
     * reviewer holds of it: the collector key and the checkpoint taken after the baseline, as filed.
     */
    private ReviewerTrust synthesiseOnce(Plant plant, Path dataDir) throws IOException {
        Path done = dataDir.resolve("synthesised.checkpoint.note");
        if (!Files.exists(done)) {
            Files2.fresh(dataDir);
            Path evidence = dataDir.resolve("evidence");
            long t0 = System.nanoTime();
            long index = synthesise(evidence, plant, baseline, 0, serverTimes, stepSeconds);
            Path earlier = dataDir.resolve("earlier.note");
            try (DataDir data = DataDir.open(dataDir, plant)) {
                Files.write(earlier, data.evidence().checkpoint(Instant.now()).bytes());
            }
            index = synthesise(evidence, plant, current, index, serverTimes, stepSeconds);
            System.out.printf(Locale.ROOT, "synthesised %d chunks (%d samples each) in %.1f s%n", index, 4 * 86_400 / stepSeconds,
                    (System.nanoTime() - t0) / 1e9);
            // the marker appears last, so an interrupted synthesis starts again
            Files.move(earlier, done);
        }
        String fingerprint = CollectorKey.readPublicKeys(dataDir.resolve("keys")).keySet().iterator().next();
        return new ReviewerTrust(fingerprint, null, FiledCheckpoint.read(done));
    }

    private static double verify(Path bundle, ReviewerTrust trust) throws BundleUnreadableException {
        long v0 = System.nanoTime();
        VerificationReport report = new BundleVerifier(timed(v0)).verify(bundle, trust);
        double seconds = (System.nanoTime() - v0) / 1e9;
        if (report.failed()) {
            report.checks().stream().filter(c -> c.result() == VerificationReport.Result.FAIL).forEach(c -> System.out.println("FAIL " + c));
            throw new IllegalStateException("the bundle did not verify");
        }
        return seconds;
    }

    /**
     * The peer: SHA-256 over every entry's uncompressed bytes, timing only the digest (inflating is shown apart), which
     * is the least any verifier of these bytes must do.
     */
    private static double digest(Path bundle) throws IOException, NoSuchAlgorithmException {
        long start = System.nanoTime();
        long hashing = 0;
        long bytes = 0;
        byte[] buf = new byte[1 << 16];
        try (ZipInputStream in = new ZipInputStream(new BufferedInputStream(Files.newInputStream(bundle), 1 << 16))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                for (int n; (n = in.read(buf)) > 0; ) {
                    long h = System.nanoTime();
                    sha.update(buf, 0, n);
                    hashing += System.nanoTime() - h;
                    bytes += n;
                }
                sha.digest();
            }
        }
        System.out.printf(Locale.ROOT, "  SHA-256 of %,d uncompressed bytes: %.2f s hashing (%.0f MB/s), %.2f s with "
                + "reading and inflating%n", bytes, hashing / 1e9, bytes / (hashing / 1e3), (System.nanoTime() - start) / 1e9);
        return hashing / 1e9;
    }

    private static Consumer<String> timed(long start) {
        return line -> System.out.printf(Locale.ROOT, "%6.1f s  %s%n", (System.nanoTime() - start) / 1e9, line);
    }

    /** The demo plant's register with {@code devices} copies of its first OPC UA machine. */
    private static Plant plant(int devices) {
        Plant demo = DemoPlant.plant("opc.tcp://localhost:1/x", "tcp://localhost:1", "data");
        Equipment model = demo.equipment().get(0);
        List<Equipment> equipment = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            equipment.add(new Equipment(String.format(Locale.ROOT, "M-%03d", i), model.name() + " " + i,
                    demo.workshops().get(i % demo.workshops().size()).id(), true, true, true, model.supplier(), model.costWan(),
                    LocalDate.of(2023, 1, 1), model.idealCycleTimeSeconds(), model.signals()));
        }
        return new Plant(demo.enterprise(), demo.timeZone(), demo.workshops(), equipment, demo.calendar(), demo.thresholds(),
                demo.opcua(), demo.mqtt(), demo.exports(), "data");
    }

    /** Writes one sealed chunk per device and day of the period, and its leaf, as the evidence log lays them out. */
    private static long synthesise(Path evidence, Plant plant, Period period, long firstIndex, ServerTimes serverTimes,
                                   int stepSeconds) throws IOException {
        ZoneId zone = plant.zone();
        Files.createDirectories(evidence.resolve("chunks"));
        List<Equipment> equipment = plant.equipment();
        long index = firstIndex;
        StringBuilder leaves = new StringBuilder();
        for (LocalDate day = period.from(); !day.isAfter(period.to()); day = day.plusDays(1)) {
            LocalDate d = day;
            long start = day.atStartOfDay(zone).toInstant().toEpochMilli();
            Path folder = Files.createDirectories(evidence.resolve("chunks").resolve(day.toString()));
            // chunks are independent: encode them in parallel, then append the leaves in log order
            List<String> hashes = IntStream.range(0, equipment.size()).parallel().mapToObj(i -> {
                Chunk chunk = new Chunk(equipment.get(i).id(), d, 0,
                        day(equipment.get(i).id(), start, new SplittableRandom(start ^ i), serverTimes, stepSeconds));
                byte[] bytes = chunk.encode();
                try {
                    Files.write(folder.resolve(equipment.get(i).id() + ".0.csv"), bytes);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return Hashes.sha256Hex(bytes);
            }).toList();
            Instant sealedAt = day.plusDays(1).atStartOfDay(zone).toInstant().plusSeconds(600);
            for (int i = 0; i < equipment.size(); i++) {
                Leaf leaf = new Leaf(index++, equipment.get(i).id(), day, 0, false, hashes.get(i), 4 * 86_400 / stepSeconds, sealedAt);
                leaves.append(LINE.writeValueAsString(leaf)).append('\n');
            }
        }
        Files.writeString(evidence.resolve("leaves.jsonl"), leaves, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return index;
    }

    /** A day of one machine every {@code stepSeconds}: running with idle spells, 0-3 parts a step with some scrap, a 0.01 kWh meter. */
    private static List<Sample> day(String device, long start, SplittableRandom random, ServerTimes serverTimes, int stepSeconds) {
        List<Sample> samples = new ArrayList<>(4 * 86_400 / stepSeconds);
        // Lags draw from their own stream, so every mode has the values the benchmark always had.
        SplittableRandom lags = new SplittableRandom(start ^ device.hashCode());
        long total = random.nextInt(100_000);
        long good = total - random.nextInt(1000);
        long centiKwh = random.nextInt(10_000_000);
        int state = MachineState.RUNNING.code();
        for (int step = 0; step < 86_400 / stepSeconds; step++) {
            long ts = start + step * stepSeconds * 1000L;
            if (random.nextInt(60) == 0) {
                state = state == MachineState.RUNNING.code() ? MachineState.IDLE.code() : MachineState.RUNNING.code();
            }
            int made = state == MachineState.RUNNING.code() ? random.nextInt(4) : 0;
            total += made;
            good += made - (made > 0 && random.nextInt(50) == 0 ? 1 : 0);
            centiKwh += state == MachineState.RUNNING.code() ? 20 + random.nextInt(30) : 2;
            samples.add(sample(device, Signals.STATE, ts, state, serverTimes, lags));
            samples.add(sample(device, Signals.COUNT_TOTAL, ts, total, serverTimes, lags));
            samples.add(sample(device, Signals.COUNT_GOOD, ts, good, serverTimes, lags));
            samples.add(sample(device, Signals.ENERGY, ts, centiKwh / 100.0, serverTimes, lags));
        }
        return samples;
    }

    private static Sample sample(String device, String signal, long ts, double value, ServerTimes serverTimes, SplittableRandom lags) {
        long server = switch (serverTimes) {
            case NONE -> Sample.UNKNOWN_SERVER_TIME;
            case FIXED -> ts + 5;
            case JITTER -> ts + lags.nextInt(50);
        };
        return new Sample(device, signal, ts, value, 0L, Provenance.MEASURED, server);
    }
}
