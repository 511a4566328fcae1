package io.plantproof.ledger;

import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's binary encoding of a batch. Deterministic, so the record hash chain depends only on content.
 */
final class BatchCodec {

    private BatchCodec() {
    }

    static byte[] encode(SampleBatch batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + batch.size() * 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(batch.source());
            out.writeInt(batch.size());
            for (Sample s : batch.samples()) {
                out.writeUTF(s.device());
                out.writeUTF(s.signal());
                out.writeLong(s.epochMillis());
                out.writeDouble(s.value());
                out.writeLong(s.status());
                out.writeByte(s.provenance().ordinal());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static SampleBatch decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            String source = in.readUTF();
            int n = in.readInt();
            List<Sample> samples = new ArrayList<>(n);
            Provenance[] provenances = Provenance.values();
            for (int i = 0; i < n; i++) {
                samples.add(new Sample(in.readUTF(), in.readUTF(), in.readLong(), in.readDouble(), in.readLong(),
                        provenances[in.readByte()]));
            }
            return new SampleBatch(source, samples);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt ledger batch", e);
        }
    }
}
