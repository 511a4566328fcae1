package io.plantproof.mqtt;

import io.plantproof.plant.SignalKind;
import io.plantproof.plant.Enterprise;
import io.plantproof.plant.Equipment;
import io.plantproof.plant.MqttConnection;
import io.plantproof.plant.Plant;
import io.plantproof.plant.SignalMapping;
import io.plantproof.plant.SignalMapping.MqttSource;
import io.plantproof.plant.Workshop;
import io.plantproof.sample.MachineState;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.SampleSink;
import io.plantproof.sample.Signals;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MQTT connector against a real embedded Moquette broker: JSON mapping, dead letters, acknowledgement on
 * sink failure and connecting to a broker that comes up late.
 */
class MqttConnectorTest {

    private static final String TOPIC = "factory/{device}/data";

    private final List<SampleBatch> stored = new CopyOnWriteArrayList<>();
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters(100);
    private int port;
    private MqttTestBroker broker;
    private MqttConnector connector;
    private MqttClient publisher;

    @BeforeEach
    void startBroker() {
        port = MqttTestBroker.freePort();
        broker = new MqttTestBroker(port).start();
    }

    @AfterEach
    void stopAll() throws MqttException {
        if (connector != null) {
            connector.close();
        }
        if (publisher != null) {
            if (publisher.isConnected()) {
                publisher.disconnect(500);
            }
            publisher.close(true);
        }
        broker.stop();
    }

    @Test
    void mapsNestedPointersStateCodesAndPayloadTimestamp() throws Exception {
        connector = start(stored::add);

        publish("factory/M1/data", """
                {"meta":{"ts":1700000000123},"status":{"code":"R"},
                 "data":{"counters":{"total":120,"good":"118"}},"e":[{"kwh":3.5}]}""");

        await(() -> stored.size() == 1);
        SampleBatch batch = stored.get(0);
        assertThat(batch.source()).isEqualTo("mqtt:gw");
        assertThat(batch.samples()).containsExactlyInAnyOrder(
                new Sample("M1", Signals.STATE, 1700000000123L, MachineState.RUNNING.code(), 0, Provenance.MEASURED),
                new Sample("M1", Signals.COUNT_TOTAL, 1700000000123L, 120, 0, Provenance.MEASURED),
                new Sample("M1", Signals.COUNT_GOOD, 1700000000123L, 118, 0, Provenance.MEASURED),
                new Sample("M1", Signals.ENERGY, 1700000000123L, 3.5, 0, Provenance.MEASURED));
        assertThat(connector.samplesAccepted()).isEqualTo(4);
    }

    @Test
    void badPayloadsBecomeDeadLettersAndGoodOnesBehindThemAreStored() throws Exception {
        connector = start(stored::add);

        publish("factory/M1/data", new byte[]{(byte) 0xC3, 0x28, 0x00, 0x7F});
        publish("factory/UNKNOWN/data", good(1));
        publish("factory/M1/data", "{\"meta\":{\"ts\":1},\"status\":{\"code\":\"R\"}}");
        publish("factory/M1/data", good(2).replace("\"R\"", "\"EXPLODED\""));
        publish("factory/M1/data", "[1,2,3]");
        publish("factory/M1/data", good(3));

        await(() -> stored.size() == 1);
        assertThat(stored.get(0).samples()).allSatisfy(s -> assertThat(s.epochMillis()).isEqualTo(3));
        assertThat(deadLetters.total()).isEqualTo(5);
        assertThat(connector.deadLetterCount()).isEqualTo(5);
        assertThat(deadLetters.recent()).extracting(DeadLetter::reason).satisfiesExactly(
                r -> assertThat(r).startsWith("not JSON"),
                r -> assertThat(r).contains("unknown device 'UNKNOWN'"),
                r -> assertThat(r).contains("count.total: no value at /data/counters/total"),
                r -> assertThat(r).contains("code 'EXPLODED' is not in the state table"),
                r -> assertThat(r).isEqualTo("not a JSON object"));
        DeadLetter first = deadLetters.recent().get(0);
        assertThat(first.connection()).isEqualTo("gw");
        assertThat(first.topic()).isEqualTo("factory/M1/data");
        assertThat(first.payload()).containsExactly(0xC3, 0x28, 0x00, 0x7F);
        assertThat(first.at()).isNotNull();
    }

    @Test
    void aMessageTheSinkRefusesIsNotAcknowledgedAndComesBack() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        connector = start(batch -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("disk full");
            }
            stored.add(batch);
        });

        publish("factory/M1/data", good(7));

        await(() -> stored.size() == 1);
        assertThat(stored.get(0).samples()).allSatisfy(s -> assertThat(s.epochMillis()).isEqualTo(7));
        assertThat(connector.sinkFailures()).isEqualTo(1);
        assertThat(connector.messagesReceived()).isEqualTo(2);
        assertThat(connector.samplesAccepted()).isEqualTo(4);
    }

    @Test
    void messagesArrivingWhileTheSinkIsBusyAreMadeDurableTogetherInArrivalOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> groups = new CopyOnWriteArrayList<>();
        connector = start(new SampleSink() {
            @Override
            public void accept(SampleBatch batch) {
                acceptAll(List.of(batch));
            }

            @Override
            public void acceptAll(List<SampleBatch> batches) {
                groups.add(batches.size());
                try {
                    // the first group waits, so the messages behind it queue up meanwhile
                    assertThat(release.await(15, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                stored.addAll(batches);
            }
        });

        // the first message alone first: under load several could otherwise reach the writer before its first call
        publish("factory/M1/data", good(1));
        await(() -> groups.size() == 1);
        for (int ts = 2; ts <= 8; ts++) {
            publish("factory/M1/data", good(ts));
        }
        await(() -> connector.pending() == 7);
        release.countDown();

        await(() -> stored.size() == 8);
        assertThat(stored).extracting(b -> b.samples().get(0).epochMillis()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(groups).as("one sink call for the messages that arrived while it was busy").containsExactly(1, 7);
        assertThat(connector.samplesAccepted()).isEqualTo(32);
    }

    @Test
    void startsWhileTheBrokerIsDownAndConnectsWhenItComesUp() throws Exception {
        broker.stop();
        connector = start(stored::add);
        Thread.sleep(500);
        assertThat(connector.connected()).isFalse();

        broker = new MqttTestBroker(port).start();
        await(connector::subscribed);
        publish("factory/M2/data", good(9));

        await(() -> stored.size() == 1);
        assertThat(stored.get(0).samples()).extracting(Sample::device).containsOnly("M2");
    }

    @Test
    void qos2KeepsItsSessionStateUnderTheDataDir(@TempDir Path dataDir) throws Exception {
        MqttConnection connection = MqttConnection.json("gw", broker.url(), TOPIC, 2, "qos2-collector", "/meta/ts");
        connector = new MqttConnector(plant(connection), connection, stored::add, deadLetters, dataDir);
        connector.start();
        await(connector::subscribed);

        publish("factory/M1/data", good(11));

        await(() -> stored.size() == 1);
        // Paho's file persistence keeps one directory per client id and broker under the connection's directory
        try (var sessions = Files.list(dataDir.resolve("mqtt").resolve("gw"))) {
            assertThat(sessions.toList()).singleElement().satisfies(d -> assertThat(d).isDirectory());
        }
    }

    private MqttConnector start(SampleSink sink) {
        MqttConnection connection = MqttConnection.json("gw", broker.url(), TOPIC, 1, "test-collector",
                "/meta/ts");
        MqttConnector c = new MqttConnector(plant(connection), connection, sink, deadLetters);
        c.start();
        return c;
    }

    /** M1 and M2 with state, counts and energy at the pointers of {@link #good}, plus one optional signal. */
    static Plant plant(MqttConnection connection) {
        List<SignalMapping> signals = List.of(
                new SignalMapping(SignalKind.STATE, 60, true, null, new MqttSource("gw", "/status/code"), null, null,
                        Map.of("R", MachineState.RUNNING, "S", MachineState.DOWN)),
                new SignalMapping(SignalKind.COUNT_TOTAL, 60, true, null, new MqttSource("gw", "/data/counters/total"),
                        null, null, null),
                new SignalMapping(SignalKind.COUNT_GOOD, 60, true, null, new MqttSource("gw", "/data/counters/good"),
                        null, null, null),
                new SignalMapping(SignalKind.ENERGY, 60, true, null, new MqttSource("gw", "/e/0/kwh"),
                        "electricity", "kWh", null),
                new SignalMapping(SignalKind.COUNT_SCRAP, 60, false, null, new MqttSource("gw", "/data/counters/scrap"),
                        null, null, null),
                // a mapping of another connection must be ignored by this one
                new SignalMapping(SignalKind.POWER, 60, true, null, new MqttSource("other", "/p"), null, "kW", null));
        List<Equipment> equipment = List.of(
                new Equipment("M1", "Machine 1", "WS", true, true, true, null, null, null, 30.0, signals),
                new Equipment("M2", "Machine 2", "WS", true, true, true, null, null, null, 30.0, signals));
        return new Plant(new Enterprise("Test", null, null, null), null, List.of(new Workshop("WS", "Workshop")),
                equipment, null, null, null, List.of(connection), null, null);
    }

    /** A good message whose total and good counts are {@code id} and whose timestamp is derived from it. */
    static byte[] numbered(long id) {
        return ("{\"meta\":{\"ts\":" + (1_700_000_000_000L + id) + "},\"status\":{\"code\":\"R\"},"
                + "\"data\":{\"counters\":{\"total\":" + id + ",\"good\":" + id + "}},\"e\":[{\"kwh\":0.5}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String good(long ts) {
        return "{\"meta\":{\"ts\":" + ts + "},\"status\":{\"code\":\"R\"},"
                + "\"data\":{\"counters\":{\"total\":10,\"good\":9}},\"e\":[{\"kwh\":1.25}]}";
    }

    private void publish(String topic, String json) throws MqttException {
        publish(topic, json.getBytes(StandardCharsets.UTF_8));
    }

    private void publish(String topic, byte[] payload) throws MqttException {
        if (publisher == null) {
            // wait for the connector's subscription, or the broker would drop messages published before it
            await(connector::subscribed);
            publisher = new MqttClient(broker.url(), "test-publisher", new MemoryPersistence());
            publisher.connect();
        }
        publisher.publish(topic, payload, 1, false);
    }

    static void await(BooleanSupplier condition) {
        await(condition, 15);
    }

    static void await(BooleanSupplier condition, int seconds) {
        Awaitility.await().atMost(Duration.ofSeconds(seconds)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }
}
