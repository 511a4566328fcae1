package io.plantproof.sim.mqtt;

import io.plantproof.mqtt.InMemoryDeadLetters;
import io.plantproof.mqtt.MqttConnector;
import io.plantproof.plant.MqttConnection;
import io.plantproof.plant.Plant;
import io.plantproof.sample.MachineState;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.Signals;
import io.plantproof.sim.DemoPlant;
import io.plantproof.sim.SimulatedPlant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The simulated gateway publishing through the embedded broker to the real MQTT connector configured by the
 * demo plant file, including a broker restart on the same port in the middle of the stream.
 */
class SimMqttEndToEndTest {

    private static final Set<String> MQTT_MACHINES = Set.of("ASM-01", "ASM-02", "TST-01", "PKG-01");

    @TempDir
    Path dataDir;

    private final List<SampleBatch> stored = new CopyOnWriteArrayList<>();
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();
    private SimMqttBroker broker;
    private SimGateway gateway;
    private MqttConnector connector;

    @BeforeEach
    void start() {
        broker = new SimMqttBroker(0);
        broker.start();
        Plant plant = DemoPlant.plant("opc.tcp://localhost:1/x", broker.url(), dataDir.toString());
        MqttConnection connection = plant.mqtt().get(0);
        connector = new MqttConnector(plant, connection, stored::add, deadLetters);
        connector.start();
        await(connector::subscribed);
        long now = System.currentTimeMillis() / 1000;
        gateway = new SimGateway(new SimulatedPlant(7, now - 3600), broker.url(), 200, Clock.systemUTC());
        gateway.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        connector.close();
        broker.stop();
    }

    @Test
    void allFourMqttMachinesArriveWithMachineStateCodes() {
        await(() -> devices(stored).containsAll(MQTT_MACHINES) && stored.size() >= 8);

        assertThat(devices(stored)).isEqualTo(MQTT_MACHINES);
        assertThat(stored).allSatisfy(batch -> {
            assertThat(batch.source()).isEqualTo("mqtt:gateway");
            assertThat(batch.samples()).extracting(Sample::signal).containsExactlyInAnyOrder(
                    Signals.STATE, Signals.COUNT_TOTAL, Signals.COUNT_GOOD, Signals.COUNT_SCRAP, Signals.ENERGY);
            Map<String, Double> values = batch.samples().stream()
                    .collect(Collectors.toMap(Sample::signal, Sample::value));
            assertThat(values.get(Signals.STATE)).isIn(Arrays.stream(MachineState.values())
                    .map(s -> (double) s.code()).toList());
            assertThat(values.get(Signals.COUNT_GOOD) + values.get(Signals.COUNT_SCRAP))
                    .isEqualTo(values.get(Signals.COUNT_TOTAL));
            assertThat(values.get(Signals.COUNT_TOTAL)).isPositive();
            assertThat(values.get(Signals.ENERGY)).isPositive();
            assertThat(batch.samples()).extracting(Sample::epochMillis)
                    .allSatisfy(ts -> assertThat(ts).isCloseTo(System.currentTimeMillis(), within(60_000L)));
        });
        assertThat(deadLetters.total()).isZero();
        assertThat(connector.deadLetterCount()).isZero();
    }

    @Test
    void brokerRestartOnTheSamePortIsSurvivedByGatewayAndConnector() throws Exception {
        await(() -> stored.size() >= 8);
        int port = broker.port();

        broker.stop();
        await(() -> !connector.connected() && !gateway.connected());
        long restartedAt = System.currentTimeMillis();
        broker.start();

        assertThat(broker.port()).isEqualTo(port);
        await(() -> devices(stored.stream().filter(b -> b.samples().get(0).epochMillis() > restartedAt).toList())
                .containsAll(MQTT_MACHINES));
        assertThat(connector.connected()).isTrue();
        assertThat(gateway.connected()).isTrue();
        assertThat(deadLetters.total()).isZero();
    }

    private static Set<String> devices(List<SampleBatch> batches) {
        return batches.stream().flatMap(b -> b.samples().stream()).map(Sample::device).collect(Collectors.toSet());
    }

    private static void await(BooleanSupplier condition) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }
}
