package io.plantproof.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark runner: each PlantProof figure against its peer measured in the same run, interleaved, as a ratio
 * (docs/benchmarks.md). {@code Bench all|mqtt|import|engine|bundle|opcua [key=value …]}; not a test, CI runs none.
 */
public final class Bench {

    private static final List<String> WHAT = List.of("mqtt", "import", "engine", "bundle", "opcua");

    private Bench() {
    }

    /**
     * Keys: {@code dir=} work folder on a real disk (a fresh temp folder by default), {@code rounds=5} timed rounds
     * (3 for bundle and opcua), {@code warmup=1}, {@code threads=} the cores the engine and DuckDB may use (all by
     * default), and per benchmark: {@code messages=200000 devices=1000 conf=deploy/mosquitto.conf} (mqtt),
     * {@code rows=1000000} (import), {@code engineDevices=100 engineDays=45} (engine),
     * {@code bundleDevices=200 bundleRounds=3 serverTimes=none|fixed|jitter step=60} (bundle: seconds between samples),
     * {@code items=10000 seconds=30 opcuaRounds=3} (opcua).
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("all") || WHAT.contains(args[0]))) {
            System.err.println("usage: Bench all|" + String.join("|", WHAT) + " [key=value …]; see docs/benchmarks.md");
            System.exit(2);
        }
        List<String> what = args[0].equals("all") ? WHAT : List.of(args[0]);
        Map<String, String> kv = BenchArgs.parse(Arrays.copyOfRange(args, 1, args.length));
        Path dir = kv.containsKey("dir") ? Path.of(kv.get("dir")) : Files.createTempDirectory("plantproof-bench");
        int rounds = Integer.parseInt(kv.getOrDefault("rounds", "5"));
        int warmup = Integer.parseInt(kv.getOrDefault("warmup", "1"));
        int threads = Integer.parseInt(kv.getOrDefault("threads", Integer.toString(Runtime.getRuntime().availableProcessors())));
        System.out.printf(Locale.ROOT, "PlantProof bench: %s; %d CPUs (%s), %.1f GB RAM, max heap %.1f GB, load %s, work folder %s%n",
                what, Runtime.getRuntime().availableProcessors(), Machine.cpuModel(), Machine.memoryGb(),
                Runtime.getRuntime().maxMemory() / 1e9, Trials.loadAverage(), dir);
        Trials.Summary summary = new Trials.Summary();
        for (String w : what) {
            System.out.println("\n== " + w);
            switch (w) {
                case "mqtt" -> summary.add(new MqttBench(dir, Path.of(kv.getOrDefault("conf", "deploy/mosquitto.conf")),
                        Integer.parseInt(kv.getOrDefault("messages", "200000")),
                        Integer.parseInt(kv.getOrDefault("devices", "1000"))).run(warmup, rounds));
                case "import" -> summary.add(new ImportBench(dir, Integer.parseInt(kv.getOrDefault("rows", "1000000")))
                        .run(warmup, rounds));
                case "engine" -> summary.add(new EngineBench(dir, Integer.parseInt(kv.getOrDefault("engineDevices", "100")),
                        Integer.parseInt(kv.getOrDefault("engineDays", "45")), threads).run(warmup, rounds));
                case "bundle" -> new BundleBench(dir, Integer.parseInt(kv.getOrDefault("bundleDevices", "200")),
                        BundleBench.ServerTimes.valueOf(kv.getOrDefault("serverTimes", "none").toUpperCase(Locale.ROOT)),
                        Integer.parseInt(kv.getOrDefault("step", "60")))
                        .run(Integer.parseInt(kv.getOrDefault("bundleRounds", "3")), summary);
                case "opcua" -> new OpcUaBench(dir, Integer.parseInt(kv.getOrDefault("items", "10000")),
                        Integer.parseInt(kv.getOrDefault("seconds", "30"))).run(Integer.parseInt(kv.getOrDefault("opcuaRounds", "3")), summary);
                default -> throw new IllegalStateException(w);
            }
        }
        summary.print();
    }
}
