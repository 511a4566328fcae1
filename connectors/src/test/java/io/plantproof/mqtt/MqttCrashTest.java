package io.plantproof.mqtt;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery guarantee across a crash, against the embedded broker and Debian's Mosquitto: a collector JVM receiving
 * QoS 1 messages at a steady rate is killed with SIGKILL and restarted on the same persistent session while the
 * publisher keeps going ({@code -Dplantproof.mqttCrash.kills=N} repeats the kill; 1 by default).
 *
 * <p>Asserted: (1) every message id the publisher got a PUBACK for is in the collector's fsync'd store after the
 * restart, i.e. stored at least once; (2) the store holds no id that was not published; (3) after de-duplication by
 * id the store is exactly the PUBACK'd set; (4) an id is stored at most once per kill plus once, each extra copy being
 * a redelivery of a message that was durable but whose acknowledgement died with the killed process.
 */
class MqttCrashTest {

    /** Messages published while the collector runs, and again while it is down, per kill. */
    private static final int PHASE = 200;
    private static final long PERIOD_MILLIS = 5;
    /**
     * Unacknowledged messages the collector must be behind by before it is killed: twice Moquette's in-flight window
     * of 10. Moquette 0.17 resends a resumed session's unacknowledged messages only after 5 s without writes, and
     * meanwhile hands their packet ids to new messages, dropping the old ones (against MQTT 3.1.1 §4.4); with a full
     * window nothing new is sent before that resend, so the kill must find the window full. Mosquitto needs no such
     * care, but the test body is the same for both.
     */
    private static final int MIN_BACKLOG = 20;
    private static final int KILLS = Integer.getInteger("plantproof.mqttCrash.kills", 1);

    @TempDir
    Path dir;

    /** The brokers the guarantee is shown against. */
    enum Broker { EMBEDDED, MOSQUITTO }

    @ParameterizedTest
    @EnumSource(Broker.class)
    void everyAcknowledgedMessageIsStoredExactlyOnceAfterDeduplicationAcrossSigkill(Broker kind) throws Exception {
        int port = MqttTestBroker.freePort();
        Path store = dir.resolve("store.txt");
        Set<Long> pubacked = ConcurrentHashMap.newKeySet();
        List<Process> collectors = new ArrayList<>();
        long started = System.nanoTime();
        try (AutoCloseable broker = kind == Broker.EMBEDDED ? new MqttTestBroker(port).start()
                : new Mosquitto(port, null, dir.resolve("mosquitto.log")).start()) {
            String url = "tcp://127.0.0.1:" + port;
            Process collector = startCollector(url, store, 0, collectors);
            MqttClient publisher = new MqttClient(url, "crash-publisher", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            // fewer full-window retries (see publish) than with the default window of 10
            options.setMaxInflight(100);
            publisher.connect(options);
            int kills = 0;
            long phaseStart = 0;
            long next = System.nanoTime();
            for (long id = 0; kills < KILLS || !collector.isAlive() || id - phaseStart < PHASE; id++) {
                publish(publisher, id);
                pubacked.add(id);
                assertThat(id).as("the collector never fell %d messages behind", MIN_BACKLOG)
                        .isLessThan(10L * PHASE * (KILLS + 1));
                if (id + 1 - phaseStart >= PHASE) {
                    if (!collector.isAlive()) {
                        collector = startCollector(url, store, kills, collectors);
                        phaseStart = id + 1;
                    } else if (kills < KILLS && id + 1 - storedIds(store).size() >= MIN_BACKLOG) {
                        collector.destroyForcibly().waitFor();
                        kills++;
                        phaseStart = id + 1;
                        System.out.printf("MQTT crash (%s): collector killed after %d messages published, %d stored%n",
                                kind, id + 1, storedIds(store).size());
                    }
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
        System.out.printf("MQTT crash (%s): %d published and PUBACK'd, %d kills, %d lines stored, %d distinct, "
                        + "%d duplicates, %.1f s%n", kind, pubacked.size(), KILLS, stored.size(), copies.size(),
                stored.size() - copies.size(), (System.nanoTime() - started) / 1e9);
        assertThat(pubacked).hasSizeGreaterThanOrEqualTo((2 * KILLS + 1) * PHASE);
        assertThat(copies.keySet()).as("stored ids, collector logs in %s", dir).containsAll(pubacked);
        assertThat(copies.keySet()).isEqualTo(pubacked);
        assertThat(copies.values()).allSatisfy(n -> assertThat(n).isBetween(1L, 1L + KILLS));
    }

    /**
     * Publishes message {@code id} and returns once the broker's PUBACK arrived. Paho wakes the caller on the PUBACK
     * before its callback thread frees the in-flight slot, so on a busy machine the window can look full; then
     * nothing was sent and the same message is simply tried again.
     */
    private static void publish(MqttClient publisher, long id) throws MqttException, InterruptedException {
        while (true) {
            try {
                publisher.publish("factory/M1/data", MqttConnectorTest.numbered(id), 1, false);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                Thread.sleep(1);
            }
        }
    }

    /** Starts collector number {@code n} and adds it to {@code started} before waiting for it, so it is always killed. */
    private Process startCollector(String url, Path store, int n, List<Process> started) throws IOException {
        Path ready = dir.resolve("collector-" + n + ".ready");
        Path log = dir.resolve("collector-" + n + ".log");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", classpath, MqttCrashChild.class.getName(),
                url, store.toString(), ready.toString(), dir.resolve("data").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        MqttConnectorTest.await(() -> Files.exists(ready) || !p.isAlive(), 60);
        assertThat(p.isAlive()).as("collector %d running, see %s", n, log).isTrue();
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
