package io.plantproof.exports;

import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    /** The largest sample: two name numbers, flags, time, value, status and server time. */
    private static final int MAX_SAMPLE_BYTES = 4 + 4 + 1 + 8 + 8 + 8 + 8;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    private final Map<String, Integer> names = new HashMap<>();
    private long rows;

    /** A new spill file in {@code dir}. */
    SampleSpill(Path dir) throws IOException {
        this.file = Files.createTempFile(dir, ".spill-", ".bin");
        this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Keeps one row's samples (possibly none). */
    void row(List<Sample> samples) throws IOException {
        room(4);
        buf.putInt(samples.size());
        for (Sample s : samples) {
            name(s.device());
            name(s.signal());
            boolean status = s.status() != 0;
            boolean server = s.serverMillis() != Sample.UNKNOWN_SERVER_TIME;
            room(MAX_SAMPLE_BYTES);
            buf.put((byte) (s.provenance().ordinal() | (status ? HAS_STATUS : 0) | (server ? HAS_SERVER_TIME : 0)));
            buf.putLong(s.epochMillis()).putDouble(s.value());
            if (status) {
                buf.putLong(s.status());
            }
            if (server) {
                buf.putLong(s.serverMillis());
            }
        }
        rows++;
    }

    long rows() {
        return rows;
    }

    /** Hands the kept rows back in order, each as its list of samples. */
    void replay(RowConsumer consumer) throws IOException {
        flush();
        channel.position(0);
        buf.clear().flip();
        List<String> byNumber = new ArrayList<>();
        Provenance[] provenances = Provenance.values();
        List<Sample> samples = new ArrayList<>();
        for (long r = 0; r < rows; r++) {
            int n = available(4).getInt();
            samples.clear();
            for (int i = 0; i < n; i++) {
                String device = name(byNumber);
                String signal = name(byNumber);
                int flags = available(17).get();
                long ts = buf.getLong();
                double value = buf.getDouble();
                long status = (flags & HAS_STATUS) != 0 ? available(8).getLong() : 0L;
                long server = (flags & HAS_SERVER_TIME) != 0 ? available(8).getLong() : Sample.UNKNOWN_SERVER_TIME;
                samples.add(new Sample(device, signal, ts, value, status, provenances[flags & PROVENANCE], server));
            }
            consumer.row(samples);
        }
    }

    /** Receives the samples of one kept row; the list is reused, copy what you keep. */
    @FunctionalInterface
    interface RowConsumer {
        void row(List<Sample> samples) throws IOException;
    }

    private void name(String s) throws IOException {
        Integer n = names.get(s);
        if (n != null) {
            room(4);
            buf.putInt(n);
            return;
        }
        names.put(s, names.size());
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        room(8 + utf8.length);
        buf.putInt(NEW_NAME).putInt(utf8.length).put(utf8);
    }

    private String name(List<String> byNumber) throws IOException {
        int n = available(4).getInt();
        if (n != NEW_NAME) {
            return byNumber.get(n);
        }
        byte[] utf8 = new byte[available(4).getInt()];
        available(utf8.length).get(utf8);
        String s = new String(utf8, StandardCharsets.UTF_8);
        byNumber.add(s);
        return s;
    }

    /** Writing: makes room for {@code n} bytes in the buffer. */
    private void room(int n) throws IOException {
        if (buf.remaining() < n) {
            flush();
            if (buf.capacity() < n) {
                throw new IOException("a name of " + n + " bytes does not fit the spill buffer");
            }
        }
    }

    private void flush() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        buf.clear();
    }

    /** Reading: the buffer with at least {@code n} unread bytes. */
    private ByteBuffer available(int n) throws IOException {
        if (buf.remaining() < n) {
            buf.compact();
            while (buf.position() < n) {
                if (channel.read(buf) < 0) {
                    throw new IOException("spill file " + file + " ended early");
                }
            }
            buf.flip();
        }
        return buf;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
