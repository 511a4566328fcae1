package io.plantproof.mqtt;

import io.plantproof.plant.MqttConnection;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.Signals;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 messages through Moquette, good ones mixed with truncated and random ones: every good one is stored exactly
 * once, every bad one is in the durable dead letters with a reason, and the connector keeps going throughout.
 */
class MqttFuzzTest {

    private static final int MESSAGES = 10_000;

    @TempDir
    Path dataDir;

    @Test
    void goodMessagesAreStoredAndBadOnesDeadLetteredWithoutStalling() throws Exception {
        Random random = new Random(4);
        List<byte[]> good = new ArrayList<>();
        List<byte[]> bad = new ArrayList<>();
        List<byte[]> all = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            byte[] payload = MqttConnectorTest.numbered(i);
            int kind = random.nextInt(4);
            if (kind == 2) {
                payload = Arrays.copyOf(payload, random.nextInt(payload.length));
            } else if (kind == 3) {
                payload = new byte[random.nextInt(64)];
                random.nextBytes(payload);
            }
            (kind < 2 ? good : bad).add(payload);
            all.add(payload);
        }
        List<SampleBatch> stored = new CopyOnWriteArrayList<>();
        try (MqttTestBroker broker = new MqttTestBroker(MqttTestBroker.freePort()).start();
             FileDeadLetters deadLetters = FileDeadLetters.open(dataDir)) {
            MqttConnection c = MqttConnection.json("gw", broker.url(), "factory/{device}/data", 1, "fuzz-collector",
                    "/meta/ts");
            MqttConnector connector = new MqttConnector(MqttConnectorTest.plant(c), c, stored::add, deadLetters);
            connector.start();
            MqttConnectorTest.await(connector::subscribed);
            MqttClient publisher = new MqttClient(broker.url(), "fuzz-publisher", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(1000);
            publisher.connect(options);

            long start = System.nanoTime();
            for (byte[] payload : all) {
                publisher.publish("factory/M1/data", payload, 1, false);
            }
            MqttConnectorTest.await(() -> stored.size() + deadLetters.added() == MESSAGES, 120);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("MQTT fuzz: %d messages (%d good, %d bad) published, mapped, stored or dead-lettered "
                    + "(fsync'd) in %.2f s: %.0f messages/s%n", MESSAGES, good.size(), bad.size(), seconds, MESSAGES / seconds);
            publisher.disconnect();
            publisher.close();

            assertThat(stored.stream().map(b -> b.samples().stream().filter(s -> s.signal().equals(Signals.COUNT_TOTAL))
                    .mapToLong(s -> (long) s.value()).sum()).toList())
                    .containsExactlyElementsOf(good.stream().map(MqttFuzzTest::id).toList());
            assertThat(stored).allSatisfy(b -> assertThat(b.samples()).extracting(Sample::epochMillis)
                    .containsOnly(1_700_000_000_000L + (long) b.samples().get(1).value()));
            List<DeadLetter> letters = deadLetters.list(MESSAGES);
            assertThat(letters).hasSize(bad.size()).allSatisfy(l -> assertThat(l.reason()).isNotBlank());
            assertThat(letters.stream().map(l -> Base64.getEncoder().encodeToString(l.payload())).sorted().toList())
                    .isEqualTo(bad.stream().map(b -> Base64.getEncoder().encodeToString(b)).sorted().toList());
            assertThat(deadLetters.counts()).containsExactly(java.util.Map.entry("gw", (long) bad.size()));
            assertThat(connector.messagesReceived()).isEqualTo(MESSAGES);
            assertThat(connector.sinkFailures()).isZero();
            connector.close();
        }
    }

    private static long id(byte[] goodPayload) {
        String s = new String(goodPayload, StandardCharsets.UTF_8);
        int at = s.indexOf("\"total\":") + 8;
        return Long.parseLong(s.substring(at, s.indexOf(',', at)));
    }
}
