package io.plantproof.exports;

import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of a file's clean rows, kept in a temporary file while the rest of the file is still being checked,
 * so a file is parsed once and still reaches the sink only when it is accepted as a whole. Device and signal names
 * are written once and then referred to by number; a sample takes about 25 bytes. Deleted on close.
 */
final class SampleSpill implements AutoCloseable {

    private static final int NEW_NAME = -1;
    private static final int HAS_STATUS = 0x10;
    private static final int HAS_SERVER_TIME = 0x20;
    private static final int PROVENANCE = 0x0F;

    private final Path file;
    private final DataOutputStream out;
    private final Map<String, Integer> names = new HashMap<>();
    private long rows;

    /** A new spill file in {@code dir}. */
    SampleSpill(Path dir) throws IOException {
        this.file = Files.createTempFile(dir, ".spill-", ".bin");
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    /** Keeps one row's samples (possibly none). */
    void row(List<Sample> samples) throws IOException {
        out.writeInt(samples.size());
        for (Sample s : samples) {
            name(s.device());
            name(s.signal());
            boolean status = s.status() != 0;
            boolean server = s.serverMillis() != Sample.UNKNOWN_SERVER_TIME;
            out.writeByte(s.provenance().ordinal() | (status ? HAS_STATUS : 0) | (server ? HAS_SERVER_TIME : 0));
            out.writeLong(s.epochMillis());
            out.writeDouble(s.value());
            if (status) {
                out.writeLong(s.status());
            }
            if (server) {
                out.writeLong(s.serverMillis());
            }
        }
        rows++;
    }

    long rows() {
        return rows;
    }

    /** Hands the kept rows back in order, each as its list of samples. */
    void replay(RowConsumer consumer) throws IOException {
        out.flush();
        List<String> byNumber = new ArrayList<>();
        Provenance[] provenances = Provenance.values();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            List<Sample> samples = new ArrayList<>();
            for (long r = 0; r < rows; r++) {
                int n = in.readInt();
                samples.clear();
                for (int i = 0; i < n; i++) {
                    String device = name(in, byNumber);
                    String signal = name(in, byNumber);
                    int flags = in.readUnsignedByte();
                    long ts = in.readLong();
                    double value = in.readDouble();
                    long status = (flags & HAS_STATUS) != 0 ? in.readLong() : 0L;
                    long server = (flags & HAS_SERVER_TIME) != 0 ? in.readLong() : Sample.UNKNOWN_SERVER_TIME;
                    samples.add(new Sample(device, signal, ts, value, status, provenances[flags & PROVENANCE], server));
                }
                consumer.row(samples);
            }
        } catch (EOFException e) {
            throw new IOException("spill file " + file + " ended early: " + e.getMessage(), e);
        }
    }

    /** Receives the samples of one kept row; the list is reused, copy what you keep. */
    @FunctionalInterface
    interface RowConsumer {
        void row(List<Sample> samples) throws IOException;
    }

    private void name(String s) throws IOException {
        Integer n = names.get(s);
        if (n == null) {
            names.put(s, names.size());
            out.writeInt(NEW_NAME);
            out.writeUTF(s);
        } else {
            out.writeInt(n);
        }
    }

    private static String name(DataInputStream in, List<String> byNumber) throws IOException {
        int n = in.readInt();
        if (n == NEW_NAME) {
            String s = in.readUTF();
            byNumber.add(s);
            return s;
        }
        return byNumber.get(n);
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
