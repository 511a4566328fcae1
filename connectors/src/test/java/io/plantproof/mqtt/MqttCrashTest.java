package io.plantproof.mqtt;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery guarantee across a crash: a collector JVM receiving QoS 1 messages at a steady rate is killed with
 * SIGKILL and restarted on the same persistent session while the publisher keeps going.
 *
 * <p>Asserted: (1) every message id the publisher got a PUBACK for is in the collector's fsync'd store after the
 * restart, i.e. stored at least once; (2) the store holds no id that was not published; (3) after de-duplication by
 * id the store is exactly the PUBACK'd set; (4) an id is stored at most twice, the second copy being a redelivery of
 * a message that was durable but whose acknowledgement died with the killed process.
 */
class MqttCrashTest {

    private static final int MESSAGES = 600;
    private static final long PERIOD_MILLIS = 5;
    private static final int KILL_AFTER = 200;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedMessageIsStoredExactlyOnceAfterDeduplicationAcrossSigkill() throws Exception {
        Path store = dir.resolve("store.txt");
        Set<Long> pubacked = ConcurrentHashMap.newKeySet();
        List<Process> collectors = new java.util.ArrayList<>();
        try (MqttTestBroker broker = new MqttTestBroker(MqttTestBroker.freePort()).start()) {
            Process collector = startCollector(broker.url(), store, "first", collectors);
            MqttClient publisher = new MqttClient(broker.url(), "crash-publisher", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            // Paho frees an in-flight slot just after publish() returns; the default window of 10 can race with that
            options.setMaxInflight(100);
            publisher.connect(options);
            long next = System.nanoTime();
            for (long id = 0; id < MESSAGES; id++) {
                // MqttClient.publish returns once the broker's PUBACK arrived
                publisher.publish("factory/M1/data", MqttConnectorTest.numbered(id), 1, false);
                pubacked.add(id);
                if (id == KILL_AFTER) {
                    collector.destroyForcibly().waitFor();
                    System.out.printf("MQTT crash: collector killed after %d messages published, %d stored%n",
                            id + 1, storedIds(store).size());
                }
                if (id == 2 * KILL_AFTER) {
                    startCollector(broker.url(), store, "second", collectors);
                }
                next += PERIOD_MILLIS * 1_000_000;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
            publisher.disconnect();
            publisher.close();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Set.copyOf(storedIds(store)).containsAll(pubacked) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            for (Process p : collectors) {
                p.destroyForcibly().waitFor();
            }
        }

        List<Long> stored = storedIds(store);
        Map<Long, Long> copies = stored.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        long duplicates = stored.size() - copies.size();
        System.out.printf("MQTT crash: %d published and PUBACK'd, %d lines stored, %d distinct, %d duplicates%n",
                pubacked.size(), stored.size(), copies.size(), duplicates);
        assertThat(pubacked).hasSize(MESSAGES);
        assertThat(copies.keySet()).as("stored ids, collector logs in %s", dir).containsAll(pubacked);
        assertThat(copies.keySet()).isEqualTo(pubacked);
        assertThat(copies.values()).allSatisfy(n -> assertThat(n).isBetween(1L, 2L));
    }

    /** Starts a collector JVM and adds it to {@code started} before waiting for it, so it is always killed. */
    private Process startCollector(String url, Path store, String name, List<Process> started) throws IOException {
        Path ready = dir.resolve(name + ".ready");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classpath, MqttCrashChild.class.getName(),
                url, store.toString(), ready.toString(), dir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        started.add(p);
        MqttConnectorTest.await(() -> Files.exists(ready) || !p.isAlive(), 60);
        assertThat(p.isAlive()).as("collector %s running, see %s", name, dir.resolve(name + ".log")).isTrue();
        return p;
    }

    // fixed-width lines: a line torn by SIGKILL is shorter and was never acknowledged, so it is not an id
    private static List<Long> storedIds(Path store) {
        try {
            if (!Files.exists(store)) {
                return List.of();
            }
            return Files.readAllLines(store, StandardCharsets.US_ASCII).stream()
                    .filter(l -> l.length() == MqttCrashChild.ID_DIGITS).map(Long::parseLong).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
