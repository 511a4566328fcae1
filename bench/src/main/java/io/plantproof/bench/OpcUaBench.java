package io.plantproof.bench;

import io.plantproof.sim.SimulatedPlant;
import io.plantproof.sim.opcua.SimOpcUaServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * The collector's footprint at 10,000 OPC UA items: the simulator's Milo server (in this JVM) with that many load
 * variables, each changing every second, and the real collector ({@code plantproof collect}, as a child JVM with the
 * launcher's {@code -Xmx2g}) subscribed to all of them into its ledger and store. After a warm-up as long as the
 * measurement, resident set size (VmRSS) and CPU time are read from /proc every second. No peer: the target is RSS.
 */
final class OpcUaBench {

    private static final String[] KINDS = {"power", "energy", "cycleTime", "count.total", "count.good"};
    private static final double RSS_TARGET_MB = 400;

    private final Path work;
    private final int items;
    private final int seconds;

    OpcUaBench(Path work, int items, int seconds) {
        this.work = work;
        this.items = items;
        this.seconds = seconds;
    }

    void run(int rounds, Trials.Summary summary) throws Exception {
        double[] peakRss = new double[rounds];
        double[] cpu = new double[rounds];
        try (SimOpcUaServer server = new SimOpcUaServer(new SimulatedPlant(42, Instant.now().getEpochSecond() - 3600), 0)) {
            server.loadVariables(items);
            server.start();
            for (int r = 0; r < rounds; r++) {
                double[] m = collect(server.endpointUrl(), r + 1);
                peakRss[r] = m[0];
                cpu[r] = m[1];
            }
        }
        double median = Trials.median(peakRss);
        System.out.printf(Locale.ROOT, "collector at %,d OPC UA items: peak RSS %s MB, CPU %s %% of one core%n", items,
                Trials.stats(peakRss, "%.0f"), Trials.stats(cpu, "%.0f"));
        summary.add(String.format(Locale.ROOT, "%-34s peak RSS %s MB (target < %.0f MB): %s; CPU %s %% of one core",
                "collector at " + items + " OPC UA items", Trials.stats(peakRss, "%.0f"), RSS_TARGET_MB,
                median < RSS_TARGET_MB ? "met" : "NOT met", Trials.stats(cpu, "%.0f")));
    }

    /** One collector run: {peak RSS MB, CPU % of one core} over the measured window. */
    private double[] collect(String endpoint, int round) throws Exception {
        Path dir = Files2.fresh(work.resolve("opcua-" + round));
        Path plantFile = dir.resolve("plant.yml");
        Files.writeString(plantFile, plantYaml(endpoint));
        Path log = dir.resolve("collector.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-Dfile.encoding=UTF-8", "-cp", System.getProperty("java.class.path"), "io.plantproof.cli.PlantProof",
                "collect", "--config", plantFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Thread.sleep(seconds * 1000L);
            if (!p.isAlive()) {
                throw new IllegalStateException("the collector exited with " + p.exitValue() + ", see " + log);
            }
            long pid = p.pid();
            double cpu0 = Machine.cpuSeconds(pid);
            long ledger0 = Files2.size(dir.resolve("data/ledger"));
            long t0 = System.nanoTime();
            long peak = 0;
            for (int s = 0; s < seconds; s++) {
                Thread.sleep(1000);
                peak = Math.max(peak, Machine.rssBytes(pid));
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpuPercent = 100 * (Machine.cpuSeconds(pid) - cpu0) / wall;
            long ledger1 = Files2.size(dir.resolve("data/ledger"));
            System.out.printf(Locale.ROOT, "  round %d: peak RSS %.0f MB, CPU %.0f %% of one core, ledger grew %.0f KB/s; load %s%n",
                    round, peak / 1e6, cpuPercent, (ledger1 - ledger0) / 1e3 / wall, Trials.loadAverage());
            return new double[] {peak / 1e6, cpuPercent};
        } finally {
            p.destroy();
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    /** {@code items} load variables as five numeric signals on each of items/5 machines. */
    private String plantYaml(String endpoint) {
        StringBuilder yaml = new StringBuilder("""
                enterprise: {name: bench}
                dataDir: data
                workshops: [{id: W, name: bench}]
                opcua:
                  - {id: load, endpoint: "%s", securityPolicy: None, securityMode: None, publishingIntervalMs: 1000, samplingIntervalMs: 1000}
                equipment:
                """.formatted(endpoint));
        for (int first = 0; first < items; first += KINDS.length) {
            yaml.append(String.format(Locale.ROOT, "  - id: L%05d%n    name: load %d%n    workshop: W%n    signals:%n", first, first));
            for (int i = first; i < Math.min(items, first + KINDS.length); i++) {
                yaml.append(String.format(Locale.ROOT, "      - {kind: %s, intervalSeconds: 60, opcua: {connection: load, node: \"%s\"}}%n",
                        KINDS[i - first], SimOpcUaServer.loadNode(i)));
            }
        }
        return yaml.toString();
    }
}
