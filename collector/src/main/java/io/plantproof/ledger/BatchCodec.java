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
 * Writes version 2 (docs/ledger.md, "Record payload"); reads versions 1 and 2, as records are never re-encoded.
 */
final class BatchCodec {

    /**
     * Leads a versioned payload; a version-1 payload starts with its source's length instead, which
     * {@link SampleBatch#MAX_SOURCE_LENGTH} keeps far below 0xFFFF.
     */
    static final int MARKER = 0xFFFF;
    /** Version 1 had no marker and no server time; version 2 adds each sample's server time. */
    static final int VERSION = 2;

    private BatchCodec() {
    }

    static byte[] encode(SampleBatch batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + batch.size() * 56);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeShort(MARKER);
            out.writeByte(VERSION);
            out.writeUTF(batch.source());
            out.writeInt(batch.size());
            for (Sample s : batch.samples()) {
                out.writeUTF(s.device());
                out.writeUTF(s.signal());
                out.writeLong(s.epochMillis());
                out.writeDouble(s.value());
                out.writeLong(s.status());
                out.writeByte(s.provenance().ordinal());
                out.writeLong(s.serverMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static SampleBatch decode(byte[] payload) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int version = 1;
            if (payload.length >= 2 && ((payload[0] & 0xFF) << 8 | (payload[1] & 0xFF)) == MARKER) {
                in.skipNBytes(2);
                version = in.readUnsignedByte();
                if (version != VERSION) {
                    throw new IOException("payload version " + version + " is not one this PlantProof reads (1 or " + VERSION + ")");
                }
            }
            String source = in.readUTF();
            int n = in.readInt();
            List<Sample> samples = new ArrayList<>(n);
            Provenance[] provenances = Provenance.values();
            for (int i = 0; i < n; i++) {
                samples.add(new Sample(in.readUTF(), in.readUTF(), in.readLong(), in.readDouble(), in.readLong(),
                        provenances[in.readByte()], version == 1 ? Sample.UNKNOWN_SERVER_TIME : in.readLong()));
            }
            return new SampleBatch(source, samples);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt ledger batch: " + e.getMessage(), e);
        }
    }
}
