package io.plantproof.mqtt;

import io.plantproof.plant.SignalKind;
import io.plantproof.plant.Enterprise;
import io.plantproof.plant.Equipment;
import io.plantproof.plant.MqttConnection;
import io.plantproof.plant.MqttConnection.PayloadFormat;
import io.plantproof.plant.MqttConnection.TimestampFormat;
import io.plantproof.plant.Plant;
import io.plantproof.plant.SignalMapping;
import io.plantproof.plant.SignalMapping.MqttSource;
import io.plantproof.plant.Workshop;
import io.plantproof.sample.MachineState;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.Signals;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JSON and plain payload mapping without a broker: arrays of readings (nested too) with per-reading devices and
 * timestamps, the three timestamp formats, and bare values named by the topic.
 */
class MqttPayloadMappingTest {

    private static final long ARRIVAL = 1_800_000_000_000L;

    @Test
    void nestedArraysOfReadingsEachKeepTheirOwnDeviceAndTimestamp() {
        PayloadMapper mapper = json("gw/{device}/batch", "/lines/*/readings", "/dev", "/t", TimestampFormat.EPOCH_MILLIS);

        var batch = mapper.map("gw/ignored/batch", bytes("""
                {"lines":[
                  {"line":"A","readings":[{"dev":"M1","t":1000,"s":"R","n":5},{"dev":"M2","t":2000,"s":"S","n":6}]},
                  {"line":"B","readings":[{"dev":"M1","t":3000,"s":"R","n":7}]},
                  {"line":"C","readings":[]}]}"""), ARRIVAL);

        assertThat(batch.samples()).containsExactly(
                sample("M1", Signals.STATE, 1000, MachineState.RUNNING.code()),
                sample("M1", Signals.COUNT_TOTAL, 1000, 5),
                sample("M2", Signals.STATE, 2000, MachineState.DOWN.code()),
                sample("M2", Signals.COUNT_TOTAL, 2000, 6),
                sample("M1", Signals.STATE, 3000, MachineState.RUNNING.code()),
                sample("M1", Signals.COUNT_TOTAL, 3000, 7));
    }

    @Test
    void aFlatArrayOfReadingsUsesTheTopicDevice() {
        PayloadMapper mapper = json("gw/{device}/batch", "/readings", null, "/t", TimestampFormat.EPOCH_SECONDS);

        var batch = mapper.map("gw/M2/batch", bytes("""
                {"readings":[{"t":1700000000.25,"s":"R","n":1},{"t":1700000001,"s":"R","n":2}]}"""), ARRIVAL);

        assertThat(batch.samples()).extracting(Sample::device).containsOnly("M2");
        assertThat(batch.samples()).extracting(Sample::epochMillis)
                .containsExactly(1700000000250L, 1700000000250L, 1700000001000L, 1700000001000L);
    }

    @Test
    void isoTimestampsWithoutOffsetAreReadInThePlantTimeZone() {
        PayloadMapper mapper = json("gw/{device}", null, null, "/t", TimestampFormat.ISO8601);

        long local = mapper.map("gw/M1", bytes("{\"t\":\"2025-10-08 08:00:00\",\"s\":\"R\",\"n\":1}"), ARRIVAL)
                .samples().get(0).epochMillis();
        long zoned = mapper.map("gw/M1", bytes("{\"t\":\"2025-10-08T08:00:00.5+08:00\",\"s\":\"R\",\"n\":1}"), ARRIVAL)
                .samples().get(0).epochMillis();

        // Asia/Shanghai is UTC+8 all year
        assertThat(local).isEqualTo(java.time.Instant.parse("2025-10-08T00:00:00Z").toEpochMilli());
        assertThat(zoned).isEqualTo(local + 500);
    }

    @Test
    void aBadReadingRejectsTheWholeMessageWithItsReason() {
        PayloadMapper mapper = json("gw/{device}/batch", "/readings", "/dev", "/t", TimestampFormat.ISO8601);

        assertThatThrownBy(() -> mapper.map("gw/x/batch", bytes("""
                {"readings":[{"dev":"M1","t":"2025-10-08T08:00:00Z","s":"R","n":1},{"dev":"M1","t":"yesterday","s":"R","n":2}]}"""),
                ARRIVAL)).isInstanceOf(UnmappableMessageException.class).hasMessage("'yesterday' at /t is not ISO-8601");
        assertThatThrownBy(() -> mapper.map("gw/x/batch", bytes("{\"readings\":{\"dev\":\"M1\"}}"), ARRIVAL))
                .hasMessage("no array of readings at /readings");
        assertThatThrownBy(() -> mapper.map("gw/x/batch", bytes("{\"readings\":[7]}"), ARRIVAL))
                .hasMessage("reading 0 is a JSON NUMBER, not an object");
        assertThatThrownBy(() -> mapper.map("other/x/batch", bytes("{\"readings\":[]}"), ARRIVAL))
                .hasMessage("topic does not match pattern gw/{device}/batch");
    }

    @Test
    void plainPayloadsTakeDeviceAndSignalFromTheTopic() {
        MqttConnection c = new MqttConnection("gw", "tcp://x:1", null, "plain/{device}/{signal}", 1, null, null, null,
                null, null, PayloadFormat.PLAIN, null, null, null, null, Map.of("status", Signals.STATE), null, null);
        PayloadMapper mapper = new PlainPayloadMapper(c, new SignalTable(plant(c), c));

        assertThat(mapper.map("plain/M1/count.total", bytes(" 1,234 \n"), ARRIVAL).samples())
                .containsExactly(sample("M1", Signals.COUNT_TOTAL, ARRIVAL, 1234));
        assertThat(mapper.map("plain/M2/status", bytes("S"), ARRIVAL).samples())
                .containsExactly(sample("M2", Signals.STATE, ARRIVAL, MachineState.DOWN.code()));
        assertThatThrownBy(() -> mapper.map("plain/M1/power", bytes("3"), ARRIVAL))
                .hasMessage("device 'M1' has no signal 'power' on connection gw");
        assertThatThrownBy(() -> mapper.map("plain/M1/count.total", new byte[]{(byte) 0xFF}, ARRIVAL))
                .hasMessage("not UTF-8 text");
        assertThatThrownBy(() -> mapper.map("plain/M1/count.total", bytes("NaN"), ARRIVAL))
                .hasMessageContaining("not a finite number");
    }

    private static PayloadMapper json(String topic, String readings, String device, String ts, TimestampFormat format) {
        MqttConnection c = new MqttConnection("gw", "tcp://x:1", null, topic, 1, null, null, null, null, null,
                PayloadFormat.JSON, device, readings, ts, format, null, null, null);
        return new JsonPayloadMapper(c, new SignalTable(plant(c), c), plant(c).zone());
    }

    /** M1 and M2 with a state (R/S) and a total count at /s and /n of each reading. */
    static Plant plant(MqttConnection c) {
        List<SignalMapping> signals = List.of(
                new SignalMapping(SignalKind.STATE, 60, true, null, new MqttSource(c.id(), "/s"), null, null,
                        Map.of("R", MachineState.RUNNING, "S", MachineState.DOWN)),
                new SignalMapping(SignalKind.COUNT_TOTAL, 60, true, null, new MqttSource(c.id(), "/n"), null, null, null));
        return new Plant(new Enterprise("Test", null, null, null), "Asia/Shanghai", List.of(new Workshop("WS", "W")),
                List.of(new Equipment("M1", "M1", "WS", true, true, true, null, null, null, 30.0, signals),
                        new Equipment("M2", "M2", "WS", true, true, true, null, null, null, 30.0, signals)),
                null, null, null, List.of(c), null, null);
    }

    private static Sample sample(String device, String signal, long ts, double value) {
        return new Sample(device, signal, ts, value, 0, Provenance.MEASURED);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
