package io.plantproof.ledger;

import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Ledger payloads: version 2 keeps each sample's server time, and a version-1 payload (no marker, no server
 * time) written before it still decodes from its own bytes, which the hash chain covers.
 */
class BatchCodecTest {

    private static final long T0 = 1_767_225_600_000L;

    @Test
    void versionTwoKeepsServerTimesKnownOrNot() {
        SampleBatch batch = new SampleBatch("opcua:line1", List.of(
                new Sample("CNC-01", "state", T0, 2, 0x40900000L, Provenance.MEASURED, T0 + 7),
                new Sample("CNC-01", "energy", T0 - 1, -0.5, 0, Provenance.MEASURED, T0 - 20),
                Sample.of("CNC-02", "count.total", T0, 120, Provenance.IMPORTED)));

        byte[] payload = BatchCodec.encode(batch);

        assertThat(Arrays.copyOf(payload, 3)).containsExactly(0xFF, 0xFF, 2);
        assertThat(BatchCodec.decode(payload)).isEqualTo(batch);
        assertThat(BatchCodec.encode(BatchCodec.decode(payload))).isEqualTo(payload);
    }

    @Test
    void versionOnePayloadsDecodeWithTheServerTimeUnknown() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("opcua:line1");
            out.writeInt(2);
            for (int i = 0; i < 2; i++) {
                out.writeUTF("CNC-01");
                out.writeUTF("energy");
                out.writeLong(T0 + i * 1_000L);
                out.writeDouble(12.5 + i);
                out.writeLong(i == 0 ? 0 : 0x40900000L);
                out.writeByte(Provenance.MEASURED.ordinal());
            }
        }

        assertThat(BatchCodec.decode(bytes.toByteArray())).isEqualTo(new SampleBatch("opcua:line1", List.of(
                new Sample("CNC-01", "energy", T0, 12.5, 0, Provenance.MEASURED, Sample.UNKNOWN_SERVER_TIME),
                new Sample("CNC-01", "energy", T0 + 1_000, 13.5, 0x40900000L, Provenance.MEASURED, Sample.UNKNOWN_SERVER_TIME))));
    }

    @Test
    void anUnknownVersionIsRefusedByNumber() {
        byte[] payload = BatchCodec.encode(new SampleBatch("test", List.of()));
        payload[2] = 9;

        assertThatThrownBy(() -> BatchCodec.decode(payload)).isInstanceOf(UncheckedIOException.class)
                .hasMessage("corrupt ledger batch: payload version 9 is not one this PlantProof reads (1 or 2)");
    }

    @Test
    void aSourceTooLongToTellFromTheMarkerIsRefused() {
        String longest = "x".repeat(SampleBatch.MAX_SOURCE_LENGTH);
        assertThat(BatchCodec.decode(BatchCodec.encode(new SampleBatch(longest, List.of()))).source()).isEqualTo(longest);

        assertThatThrownBy(() -> new SampleBatch(longest + "x", List.of()))
                .hasMessage("batch source must name a connector instance or an imported file in at most 1000 characters, got 1001 characters");
    }
}
