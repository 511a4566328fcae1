package io.plantproof.bench;

import io.plantproof.ledger.Ledger;
import io.plantproof.mqtt.FileDeadLetters;
import io.plantproof.mqtt.MqttConnector;
import io.plantproof.plant.Plant;
import io.plantproof.plant.PlantFile;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * MQTT ingest against its peer on one Debian Mosquitto configured by {@code deploy/mosquitto.conf}: a burst of
 * QoS 1 JSON messages from many devices, published as fast as the publishers can, received by (A) the collector's
 * connector into a fsync'd ledger, acknowledging after durability, or (B) a null QoS 1 subscriber (Paho, same client
 * options) that acknowledges each message on arrival. Figure: messages/s from the first publish to the last message
 * stored (A) or acknowledged (B). The broker log is checked for dropped messages.
 */
final class MqttBench {

    private static final long T0 = 1_767_225_600_000L;
    private static final String TOPIC = "plant/bench/machine/%s/telemetry";
    private static final int PUBLISHERS = 4;
    private static final long STALL_NANOS = 30_000_000_000L;

    private final Path work;
    private final Path deployConf;
    private final int messages;
    private final int devices;
    private int round;

    MqttBench(Path work, Path deployConf, int messages, int devices) {
        this.work = work;
        this.deployConf = deployConf;
        this.messages = messages;
        this.devices = devices;
    }

    static String device(int i) {
        return String.format(Locale.ROOT, "M%04d", i);
    }

    /** A plant of {@code devices} machines, each sending state and total count as JSON to the broker at {@code url}. */
    private static Plant plant(int devices, String url) {
        StringBuilder yaml = new StringBuilder("""
                enterprise: {name: bench}
                workshops: [{id: W, name: bench}]
                mqtt:
                  - {id: bench, url: "%s", topic: "plant/bench/machine/{device}/telemetry", qos: 1, clientId: plantproof-bench, timestampPointer: /ts}
                equipment:
                """.formatted(url));
        for (int i = 0; i < devices; i++) {
            yaml.append("  - id: ").append(device(i)).append("\n    name: m").append(i).append("""

                        workshop: W
                        signals:
                          - {kind: state, mqtt: {connection: bench, pointer: /state}, stateCodes: {RUN: RUNNING, IDLE: IDLE}}
                          - {kind: count.total, mqtt: {connection: bench, pointer: /counts/total}}
                    """);
        }
        return PlantFile.parse(yaml.toString(), "bench-mqtt.yml");
    }

    Trials.Comparison run(int warmup, int rounds) throws Exception {
        System.out.printf("MQTT: %,d QoS 1 JSON messages from %,d devices over %d publisher connections, Mosquitto "
                + "configured by %s%n", messages, devices, PUBLISHERS, deployConf);
        return Trials.compare("MQTT ingest (msg/s)", "msg/s", Trials.Better.HIGHER, 0.9, warmup, rounds,
                "PlantProof -> fsync'd ledger", this::collector, "null QoS 1 subscriber", this::nullSubscriber);
    }

    /** A: the collector's MQTT connector into a fresh ledger. */
    private double collector() throws Exception {
        Path dir = Files2.fresh(work.resolve("mqtt-" + (++round)));
        try (MosquittoProcess broker = MosquittoProcess.start(deployConf, dir.resolve("broker"));
             Ledger ledger = Ledger.open(dir.resolve("ledger"));
             FileDeadLetters deadLetters = FileDeadLetters.open(dir.resolve("data"))) {
            Plant p = plant(devices, broker.url());
            MqttConnector connector = new MqttConnector(p, p.mqtt().get(0), ledger, deadLetters, dir.resolve("data"));
            try {
                connector.start();
                await(connector::subscribed, "collector subscribed");
                long expected = 2L * messages;
                double rate = burst(broker, connector::samplesAccepted, expected, "collector");
                Ledger.Status s = ledger.status();
                System.out.printf(Locale.ROOT, "  collector: %,d records in %,d fsyncs (%.1f records per fsync), %d dead "
                        + "letters, %d sink failures, broker log lines with 'dropped': %d%n", s.records(), s.fsyncs(),
                        (double) s.records() / Math.max(1, s.fsyncs()), connector.deadLetterCount(),
                        connector.sinkFailures(), broker.droppedLines());
                return rate;
            } finally {
                connector.close();
            }
        } finally {
            Files2.delete(dir);
        }
    }

    /** B: a Paho client with the connector's session options that acknowledges every message as it arrives. */
    private double nullSubscriber() throws Exception {
        Path dir = Files2.fresh(work.resolve("mqtt-" + (++round)));
        try (MosquittoProcess broker = MosquittoProcess.start(deployConf, dir.resolve("broker"))) {
            MqttAsyncClient client = new MqttAsyncClient(broker.url(), "null-subscriber", new MemoryPersistence());
            AtomicLong received = new AtomicLong();
            client.setManualAcks(true);
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    System.out.println("  null subscriber lost its connection: " + cause);
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) throws MqttException {
                    client.messageArrivedComplete(message.getId(), message.getQos());
                    received.incrementAndGet();
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(false);
            client.connect(options).waitForCompletion(10_000);
            client.subscribe(String.format(TOPIC, "+"), 1).waitForCompletion(10_000);
            try {
                double rate = burst(broker, received::get, messages, "null subscriber");
                System.out.printf("  null subscriber: broker log lines with 'dropped': %d%n", broker.droppedLines());
                return rate;
            } finally {
                client.disconnect().waitForCompletion(10_000);
                client.close();
            }
        } finally {
            Files2.delete(dir);
        }
    }

    /** Publishes the burst and returns messages/s until {@code done} reaches {@code expected}. */
    private double burst(MosquittoProcess broker, LongSupplier done, long expected, String who) throws Exception {
        long start = System.nanoTime();
        List<Thread> publishers = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        for (int p = 0; p < PUBLISHERS; p++) {
            int first = p;
            Thread t = new Thread(() -> {
                try {
                    publish(broker.url(), first);
                } catch (Exception e) {
                    failures.incrementAndGet();
                    e.printStackTrace();
                }
            }, "publisher-" + p);
            publishers.add(t);
            t.start();
        }
        for (Thread t : publishers) {
            t.join();
        }
        long published = System.nanoTime();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " publishers failed");
        }
        // a consumer that makes no progress for a while has lost messages (the broker dropped them) or stalled
        long seen = -1;
        long lastProgress = System.nanoTime();
        while (done.getAsLong() < expected) {
            long now = done.getAsLong();
            if (now != seen) {
                seen = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_NANOS) {
                throw new IllegalStateException(who + " stalled at " + now + " of " + expected + " for "
                        + STALL_NANOS / 1_000_000_000 + " s; broker log lines with 'dropped': " + broker.droppedLines()
                        + ", see " + broker.log());
            }
            Thread.sleep(2);
        }
        long end = System.nanoTime();
        System.out.printf(Locale.ROOT, "  %s: published in %.2f s (%,.0f msg/s), all %s in %.2f s%n", who,
                (published - start) / 1e9, messages / ((published - start) / 1e9),
                who.equals("collector") ? "durable and acknowledged" : "acknowledged", (end - start) / 1e9);
        return messages / ((end - start) / 1e9);
    }

    /** Publisher {@code p} sends every {@value #PUBLISHERS}th message, as fast as its in-flight window allows. */
    private void publish(String url, int p) throws MqttException, InterruptedException {
        MqttAsyncClient client = new MqttAsyncClient(url, "bench-publisher-" + p, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(1000);
        options.setCleanSession(true);
        // a loaded machine can take longer than Paho's 30 s default to answer a connect
        options.setConnectionTimeout(120);
        client.connect(options).waitForCompletion(10_000);
        IMqttDeliveryToken last = null;
        String[] topics = new String[devices];
        for (int d = 0; d < devices; d++) {
            topics[d] = String.format(TOPIC, device(d));
        }
        for (int m = p; m < messages; m += PUBLISHERS) {
            int d = m % devices;
            long n = m / devices;
            byte[] payload = ("{\"ts\":" + (T0 + n * 1000) + ",\"state\":\"" + (n % 7 == 0 ? "IDLE" : "RUN")
                    + "\",\"counts\":{\"total\":" + n + "}}").getBytes(StandardCharsets.UTF_8);
            while (true) {
                try {
                    last = client.publish(topics[d], payload, 1, false);
                    break;
                } catch (MqttException e) {
                    if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                        throw e;
                    }
                    Thread.sleep(0, 100_000);
                }
            }
        }
        // the broker acknowledges in order, so the last PUBACK means every message is with the broker
        if (last != null) {
            last.waitForCompletion(60_000);
        }
        client.disconnect().waitForCompletion(10_000);
        client.close();
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }
}
