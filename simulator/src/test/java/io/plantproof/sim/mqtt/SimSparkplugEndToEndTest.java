package io.plantproof.sim.mqtt;

import io.plantproof.mqtt.InMemoryDeadLetters;
import io.plantproof.mqtt.MqttConnector;
import io.plantproof.plant.MqttConnection.PayloadFormat;
import io.plantproof.plant.Plant;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.Signals;
import io.plantproof.sim.DemoPlant;
import io.plantproof.sim.SimMachine;
import io.plantproof.sim.SimulatedPlant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated gateway as a Sparkplug B edge node, through the embedded broker, into the real connector configured
 * by the demo plant file: the stored samples are exactly what the gateway published, recomputed by a twin plant.
 */
class SimSparkplugEndToEndTest {

    private static final Set<String> MQTT_MACHINES = Set.of("ASM-01", "ASM-02", "TST-01", "PKG-01");
    private static final long SEED = 7;

    @TempDir
    Path dataDir;

    private final List<SampleBatch> stored = new CopyOnWriteArrayList<>();
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();
    private final SimMqttBroker broker = new SimMqttBroker(0);
    private SimGateway gateway;
    private MqttConnector connector;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (connector != null) {
            connector.close();
        }
        broker.stop();
    }

    @Test
    void storedSamplesAreWhatTheEdgeNodePublishedAndItsDeathsMarkTheMachinesOffline() {
        broker.start();
        Plant plant = DemoPlant.plant("opc.tcp://localhost:1/x", broker.url(), dataDir.toString(),
                PayloadFormat.SPARKPLUG);
        connector = new MqttConnector(plant, plant.mqtt().get(0), stored::add, deadLetters);
        connector.start();
        await(connector::subscribed);
        long start = System.currentTimeMillis() / 1000 - 3600;
        gateway = new SimGateway(new SimulatedPlant(SEED, start), broker.url(), 200, Clock.systemUTC(),
                PayloadFormat.SPARKPLUG);

        gateway.start();
        await(() -> stored.size() >= 4 * MQTT_MACHINES.size());
        gateway.stop();
        await(() -> offline().equals(MQTT_MACHINES));

        List<Sample> values = stored.stream().flatMap(b -> b.samples().stream())
                .filter(s -> !s.signal().equals(Signals.ONLINE))
                .sorted(Comparator.comparingLong(Sample::epochMillis)).toList();
        SimulatedPlant twin = new SimulatedPlant(SEED, start);
        List<Sample> expected = values.stream().map(s -> {
            twin.advanceTo(Math.floorDiv(s.epochMillis(), 1000));
            return published(twin.machine(s.device()).snapshot(), s.signal(), s.epochMillis());
        }).toList();
        assertThat(values).isEqualTo(expected);
        // the gateway's count includes the NBIRTH (no equipment) and the four DDEATHs and the NDEATH
        long valueBatches = stored.stream().filter(b -> b.samples().stream()
                .anyMatch(s -> !s.signal().equals(Signals.ONLINE))).count();
        assertThat(valueBatches).isEqualTo(gateway.published() - 1 - (MQTT_MACHINES.size() + 1));
        assertThat(values.stream().map(Sample::signal).collect(Collectors.toSet()))
                .isEqualTo(Set.copyOf(DemoPlant.SPARKPLUG_METRICS.values()));
        assertThat(deadLetters.total()).isZero();
        assertThat(connector.sequenceGaps()).isZero();
        assertThat(connector.rebirthRequests()).isZero();
    }

    private Set<String> offline() {
        return stored.stream().flatMap(b -> b.samples().stream())
                .filter(s -> s.signal().equals(Signals.ONLINE) && s.value() == 0).map(Sample::device)
                .collect(Collectors.toSet());
    }

    /** The sample the connector must make of {@code signal} in the reading the gateway published. */
    private static Sample published(SimMachine.Snapshot s, String signal, long epochMillis) {
        double value = switch (signal) {
            case Signals.STATE -> s.state().code();
            case Signals.COUNT_TOTAL -> s.total();
            case Signals.COUNT_GOOD -> s.good();
            case Signals.COUNT_SCRAP -> s.scrap();
            case Signals.ENERGY -> s.energyKwh();
            default -> throw new AssertionError("unexpected signal " + signal);
        };
        return new Sample(s.id(), signal, epochMillis, value, 0, Provenance.MEASURED);
    }

    private static void await(BooleanSupplier condition) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }
}
