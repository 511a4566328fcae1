package io.plantproof.mqtt;

import io.plantproof.plant.MqttConnection;
import io.plantproof.plant.MqttConnection.PayloadFormat;
import io.plantproof.plant.MqttConnection.TimestampFormat;
import io.plantproof.plant.Plant;
import io.plantproof.plant.PlantConfigException;
import io.plantproof.plant.PlantFile;
import io.plantproof.sample.MachineState;
import io.plantproof.sample.Signals;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The MQTT settings as plant IT writes them: the documented sample file loads with typed values, keeps no secrets
 * in its register snapshot, its JSON-arrays connection maps the payload its comment shows, and bad settings are named.
 */
class MqttSettingsTest {

    private static final Path SAMPLE = Path.of("../deploy/mqtt/plant.mqtt.yml");

    @Test
    void theSamplePlantFileLoadsWithTypedSettings() {
        Plant plant = PlantFile.load(SAMPLE);
        var byId = plant.mqtt().stream().collect(Collectors.toMap(MqttConnection::id, Function.identity()));

        assertThat(byId.get("gateway").mqtt5()).isFalse();
        assertThat(byId.get("gateway").cleanSession()).isFalse();
        assertThat(byId.get("line2").mqtt5()).isTrue();
        assertThat(byId.get("line2").timestampFormat()).isEqualTo(TimestampFormat.ISO8601);
        assertThat(byId.get("meters").payload()).isEqualTo(PayloadFormat.PLAIN);
        assertThat(byId.get("meters").subscriptionFilter()).isEqualTo("meters/+/+");
        assertThat(byId.get("edge").payload()).isEqualTo(PayloadFormat.SPARKPLUG);
        assertThat(byId.get("edge").sparkplugDevices()).containsEntry("Press7", "PRS-07");
        assertThat(byId.get("edge").sparkplugHostId()).isEqualTo("plantproof");
        assertThat(byId.get("secure").tls().keyFile()).isEqualTo("/etc/plantproof/mqtt/client.key");
        assertThat(byId.get("secure").qos()).isEqualTo(2);

        Plant snapshot = plant.withoutSecrets();
        assertThat(snapshot.mqtt()).allSatisfy(m -> assertThat(m.password()).isNull());
        assertThat(snapshot.mqtt().stream().filter(m -> m.tls() != null)).allSatisfy(m -> {
            assertThat(m.tls().keyFile()).isNull();
            assertThat(m.tls().caFile()).isNotNull();
        });
        assertThat(PlantFile.parse(PlantFile.toYaml(plant), "round-trip")).isEqualTo(plant);
    }

    @Test
    void theArraysSampleMapsThePayloadItsCommentShows() {
        Plant plant = PlantFile.load(SAMPLE);
        MqttConnection line2 = plant.mqtt().stream().filter(m -> m.id().equals("line2")).findFirst().orElseThrow();
        PayloadMapper mapper = new JsonPayloadMapper(line2, new SignalTable(plant, line2), plant.zone());

        var samples = mapper.map("line/L2/readings", """
                {"line":"L2","batches":[{"readings":[{"dev":"ASM-02","at":"2025-10-08 08:00:00","st":2,"n":118}]},
                 {"readings":[{"dev":"ASM-02","at":"2025-10-08T08:01:00+08:00","st":3,"n":119}]}]}"""
                .getBytes(StandardCharsets.UTF_8), 0).samples();

        long eight = java.time.Instant.parse("2025-10-08T00:00:00Z").toEpochMilli();
        assertThat(samples).extracting(s -> s.signal() + "@" + (s.epochMillis() - eight) + "=" + s.value())
                .containsExactly(Signals.STATE + "@0=" + (double) MachineState.RUNNING.code(),
                        Signals.COUNT_TOTAL + "@0=118.0",
                        Signals.STATE + "@60000=" + (double) MachineState.DOWN.code(),
                        Signals.COUNT_TOTAL + "@60000=119.0");
    }

    @Test
    void badSettingsAreNamedByFieldAndLine() {
        String yaml = """
                enterprise: {name: X}
                workshops: [{id: W, name: w}]
                equipment: []
                mqtt:
                  - {id: a, url: "tcp://x:1", topic: "t/{device}", protocol: "4"}
                  - {id: b, url: "tcp://x:1", topic: "t/{device}", payload: plain}
                  - {id: c, url: "tcp://x:1", topic: "t/#", payload: sparkplug}
                  - {id: d, url: "ssl://x:1", topic: "t/{device}", tls: {certFile: c.pem}, timestampPointer: ts}
                  - {id: e, url: "tcp://x:1", topic: "t/{device}", sparkplugHostId: host}
                  - {id: f, url: "tcp://x:1", topic: "spBv1.0/G/#", payload: sparkplug, sparkplugHostId: "a/b"}
                  - {id: g, url: "x:1", topic: "t/{device}", qos: 3, payload: xml}
                """;
        assertThatThrownBy(() -> PlantFile.parse(yaml, "bad.yml")).isInstanceOf(PlantConfigException.class).hasMessage("""
                plant file bad.yml has 10 problems:
                  - line 5, column 62: mqtt[0] (a).protocol must be one of [3.1.1, 5], was '4'
                  - line 6, column 38: mqtt[1] (b).topic needs {device} and {signal} segments for payload: plain
                  - line 7, column 38: mqtt[2] (c).topic needs a filter under spBv1.0/ for payload: sparkplug, e.g. spBv1.0/my-group/#
                  - line 8, column 57: mqtt[3] (d).tls needs both certFile and keyFile for a client certificate, or neither
                  - line 8, column 94: mqtt[3] (d).timestampPointer 'ts' is not a JSON Pointer starting with '/'
                  - line 9, column 69: mqtt[4] (e).sparkplugHostId needs payload: sparkplug
                  - line 10, column 90: mqtt[5] (f).sparkplugHostId must be a non-empty topic level without '/', '+' or '#', was 'a/b'
                  - line 11, column 18: mqtt[6] (g).url 'x:1' is not a broker address such as tcp://host:1883 or ssl://host:8883
                  - line 11, column 51: mqtt[6] (g).qos is 3; it must be between 0 and 2
                  - line 11, column 63: mqtt[6] (g).payload 'xml' is not one of json, plain, sparkplug""");
    }
}
