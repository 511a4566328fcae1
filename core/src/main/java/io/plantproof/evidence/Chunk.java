package io.plantproof.evidence;

import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An evidence chunk: the raw samples of one device for one day (one part per sealing), in a
 * canonical text encoding a reviewer can read and hash: sorted by (signal, ts), one row per key, last write wins.
 * {@link #encode()} writes version 2 (docs/bundle-format.md, "Chunk encoding"); {@link #decode} reads versions 1 and 2.
 */
public record Chunk(String device, LocalDate day, int part, List<Sample> samples) {

    static final String MAGIC = "# plantproof-chunk 2";
    static final String MAGIC_V1 = "# plantproof-chunk 1";
    static final String COLUMNS_V1 = "ts,signal,value,status,provenance";

    /** Integers below this magnitude are exact doubles, and so are their differences. */
    private static final double EXACT_INTEGERS = 0x1p53;
    private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);
    private static final Provenance[] PROVENANCES = Provenance.values();

    public Chunk {
        samples = canonical(samples);
    }

    /** Sorts by (signal, ts) and keeps the last sample written for each key (the sort is stable). */
    private static List<Sample> canonical(List<Sample> samples) {
        List<Sample> sorted = new ArrayList<>(samples);
        sorted.sort(Comparator.comparing(Sample::signal).thenComparingLong(Sample::epochMillis));
        List<Sample> out = new ArrayList<>(sorted.size());
        for (Sample s : sorted) {
            int last = out.size() - 1;
            if (last >= 0 && out.get(last).epochMillis() == s.epochMillis() && out.get(last).signal().equals(s.signal())) {
                out.set(last, s);
            } else {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    /** File name inside a bundle or the local evidence folder: {@code <day>/<device>.<part>.csv}. */
    public String path() {
        return day + "/" + device + "." + part + ".csv";
    }

    /**
     * The version-2 bytes: one {@code @signal} block per signal, each row {@code <dt>,<value>[,<status>,<provenance>]}
     * relative to the row before it in the block (docs/bundle-format.md, "Chunk encoding").
     */
    public byte[] encode() {
        StringBuilder out = new StringBuilder(96 + samples.size() * 10);
        out.append(MAGIC).append('\n')
                .append("# device=").append(device).append(" day=").append(day).append(" part=").append(part).append('\n');
        Sample previous = null;
        for (Sample s : samples) {
            boolean first = previous == null || !previous.signal().equals(s.signal());
            if (first) {
                out.append('@').append(s.signal()).append('\n').append(s.epochMillis());
            } else {
                out.append(s.epochMillis() - previous.epochMillis());
            }
            out.append(',');
            double v = s.value();
            if (!first && Double.doubleToLongBits(v) == Double.doubleToLongBits(previous.value())) {
                out.append('=');
            } else if (!first && deltaEncodable(v) && deltaEncodable(previous.value())) {
                long delta = (long) v - (long) previous.value();
                out.append(delta > 0 ? '+' : '-').append(Math.abs(delta));
            } else {
                out.append(v); // Double.toString: the shortest text that reads back to the same double
            }
            if (first || s.status() != previous.status() || s.provenance() != previous.provenance()) {
                out.append(',').append(s.status()).append(',').append(s.provenance().name());
            }
            out.append('\n');
            previous = s;
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An integer whose difference to another such integer is exact in a long and back in a double; -0.0 keeps its sign only as full text. */
    private static boolean deltaEncodable(double v) {
        return (long) v == v && Math.abs(v) < EXACT_INTEGERS && Double.doubleToRawLongBits(v) != NEGATIVE_ZERO;
    }

    /**
     * Parses a chunk file of version 1 or 2 (the magic line says which); throws {@link IllegalArgumentException}
     * naming the file and the line that cannot be read.
     */
    public static Chunk decode(byte[] bytes, String name) {
        int firstEnd = lineEnd(bytes, 0);
        String magic = new String(bytes, 0, firstEnd, StandardCharsets.UTF_8);
        if (magic.equals(MAGIC)) {
            return new Reader(bytes, name, firstEnd + 1).chunk();
        }
        if (magic.equals(MAGIC_V1)) {
            return decodeV1(bytes, name);
        }
        throw new IllegalArgumentException(name + ": not a plantproof chunk (bad header)");
    }

    private static int lineEnd(byte[] bytes, int from) {
        int i = from;
        while (i < bytes.length && bytes[i] != '\n') {
            i++;
        }
        return i;
    }

    /** Device, day and part from the second line, {@code # device=<id> day=<YYYY-MM-DD> part=<n>}. */
    private record Header(String device, LocalDate day, int part) {
        static Header parse(String line, String name) {
            Map<String, String> meta = new LinkedHashMap<>();
            for (String kv : line.substring(Math.min(2, line.length())).split(" ")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    meta.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            try {
                return new Header(meta.get("device"), LocalDate.parse(meta.get("day")), Integer.parseInt(meta.get("part")));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + ": bad chunk header line 2: " + e.getMessage());
            }
        }
    }

    /** Version 1 (one self-contained CSV row per sample), kept for chunks sealed before version 2. */
    private static Chunk decodeV1(byte[] bytes, String name) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length < 4 || !lines[2].equals(COLUMNS_V1)) {
            throw new IllegalArgumentException(name + ": not a plantproof chunk (bad header)");
        }
        Header header = Header.parse(lines[1], name);
        List<Sample> samples = new ArrayList<>();
        for (int i = 3; i < lines.length; i++) {
            if (lines[i].isEmpty() && i == lines.length - 1) {
                break;
            }
            String[] f = lines[i].split(",", -1);
            if (f.length != 5) {
                throw new IllegalArgumentException(name + ": line " + (i + 1) + " has " + f.length + " fields, expected 5");
            }
            try {
                samples.add(new Sample(header.device(), f[1], Long.parseLong(f[0]), Double.parseDouble(f[2]), Long.parseLong(f[3]),
                        Provenance.valueOf(f[4])));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + ": line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return new Chunk(header.device(), header.day(), header.part(), samples);
    }

    /**
     * A single pass over version-2 bytes: no intermediate strings but one per signal name and one per
     * value that is neither repeated, an integer delta nor a short decimal, because parsing is most of
     * a verifier's recompute time.
     */
    private static final class Reader {
        /** Exact powers of ten: a mantissa below 2^53 divided by one of them rounds exactly as {@link Double#parseDouble}. */
        private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

        private final byte[] bytes;
        private final String name;
        private int pos;
        private int line = 2;
        private int lineStart;

        Reader(byte[] bytes, String name, int pos) {
            this.bytes = bytes;
            this.name = name;
            this.pos = pos;
        }

        Chunk chunk() {
            int end = lineEnd(bytes, pos);
            if (end == bytes.length) {
                throw fail("missing the header line # device=… day=… part=…");
            }
            Header header = Header.parse(new String(bytes, pos, end - pos, StandardCharsets.UTF_8), name);
            pos = end + 1;
            List<Sample> samples = new ArrayList<>();
            String signal = null;
            Sample previous = null;
            while (pos < bytes.length) {
                line++;
                lineStart = pos;
                if (bytes[pos] == '@') {
                    if (signal != null && previous == null) {
                        throw fail("block @" + signal + " has no samples");
                    }
                    end = lineEnd(bytes, pos);
                    String next = new String(bytes, pos + 1, end - pos - 1, StandardCharsets.UTF_8);
                    if (next.isBlank() || (signal != null && next.compareTo(signal) <= 0)) {
                        throw fail("signal '" + next + "' is blank or not after '" + signal + "' (blocks are sorted by signal)");
                    }
                    signal = next;
                    previous = null;
                    pos = end + 1;
                    continue;
                }
                if (signal == null) {
                    throw fail("sample before the first @signal line");
                }
                previous = row(header.device(), signal, previous);
                samples.add(previous);
            }
            if (signal != null && previous == null) {
                throw fail("block @" + signal + " has no samples");
            }
            return new Chunk(header.device(), header.day(), header.part(), samples);
        }

        /** One {@code <dt>,<value>[,<status>,<provenance>]} line; {@code previous} is the block's row before, or null. */
        private Sample row(String device, String signal, Sample previous) {
            long dt = number();
            if (previous != null && dt <= 0) {
                throw fail("time delta " + dt + " is not positive (rows are sorted by time, one per time)");
            }
            expect(',');
            double value = value(previous);
            long status;
            Provenance provenance;
            if (pos < bytes.length && bytes[pos] == ',') {
                pos++;
                status = number();
                expect(',');
                provenance = provenance();
            } else if (previous == null) {
                throw fail("the first row of a block must carry status and provenance");
            } else {
                status = previous.status();
                provenance = previous.provenance();
            }
            expect('\n');
            return new Sample(device, signal, previous == null ? dt : previous.epochMillis() + dt, value, status, provenance);
        }

        /** {@code =}, {@code +<d>} / {@code -<d>} from an integer previous value, or a full {@link Double#toString} value. */
        private double value(Sample previous) {
            int from = pos;
            while (pos < bytes.length && bytes[pos] != ',' && bytes[pos] != '\n') {
                pos++;
            }
            if (pos == from) {
                throw fail("missing value");
            }
            byte c = bytes[from];
            if (c == '=' && pos == from + 1) {
                if (previous == null) {
                    throw fail("'=' in the first row of a block");
                }
                return previous.value();
            }
            if (c == '+' || (c == '-' && digitsOnly(from + 1, pos))) {
                return delta(previous, from);
            }
            return decimal(from, pos);
        }

        private double delta(Sample previous, int from) {
            if (previous == null || !deltaEncodable(previous.value())) {
                throw fail("an integer delta needs an integer previous value in the block");
            }
            if (!digitsOnly(from + 1, pos)) {
                throw fail("bad integer delta '" + text(from, pos) + "'");
            }
            int end = pos;
            pos = from + 1;
            long d = number();
            pos = end;
            // both ends lie below 2^53, so a valid delta does too and the sum below cannot overflow
            long v = d < 2 * (long) EXACT_INTEGERS ? (long) previous.value() + (bytes[from] == '+' ? d : -d) : Long.MAX_VALUE;
            if (d == 0 || Math.abs(v) >= EXACT_INTEGERS) {
                throw fail("integer delta '" + text(from, pos) + "' is zero or leaves the exact integers");
            }
            return v;
        }

        private boolean digitsOnly(int from, int to) {
            for (int i = from; i < to; i++) {
                if (bytes[i] < '0' || bytes[i] > '9') {
                    return false;
                }
            }
            return to > from;
        }

        /**
         * A decimal as {@link Double#parseDouble} reads it. Up to 15 digits without exponent (most sensor values)
         * take the exact fast path: mantissa and power of ten are both exact doubles, so the one division rounds correctly.
         */
        private double decimal(int from, int to) {
            int i = bytes[from] == '-' ? from + 1 : from;
            long mantissa = 0;
            int digits = 0;
            int fraction = -1;
            for (; i < to; i++) {
                byte c = bytes[i];
                if (c == '.' && fraction < 0) {
                    fraction = 0;
                } else if (c >= '0' && c <= '9' && digits < 15) {
                    mantissa = mantissa * 10 + (c - '0');
                    digits++;
                    fraction += fraction >= 0 ? 1 : 0;
                } else {
                    break;
                }
            }
            if (i == to && digits > 0 && fraction != 0) {
                double v = fraction < 0 ? mantissa : mantissa / POWERS_OF_TEN[fraction];
                return bytes[from] == '-' ? -v : v;
            }
            try {
                return Double.parseDouble(text(from, to));
            } catch (NumberFormatException e) {
                throw fail("bad value '" + text(from, to) + "'");
            }
        }

        /** A decimal long with an optional minus sign. */
        private long number() {
            int from = pos;
            boolean negative = pos < bytes.length && bytes[pos] == '-';
            if (negative) {
                pos++;
            }
            long v = 0;
            int start = pos;
            while (pos < bytes.length && bytes[pos] >= '0' && bytes[pos] <= '9') {
                int digit = bytes[pos++] - '0';
                if (v > (Long.MAX_VALUE - digit) / 10) {
                    throw fail("number out of range at column " + (from - lineStart + 1));
                }
                v = v * 10 + digit;
            }
            if (pos == start) {
                throw fail("expected a number at column " + (from - lineStart + 1));
            }
            return negative ? -v : v;
        }

        private Provenance provenance() {
            int from = pos;
            pos = lineEnd(bytes, pos);
            for (Provenance p : PROVENANCES) {
                String n = p.name();
                if (n.length() == pos - from && n.equals(text(from, pos))) {
                    return p;
                }
            }
            throw fail("unknown provenance '" + text(from, pos) + "'");
        }

        private void expect(char c) {
            if (pos >= bytes.length || bytes[pos] != c) {
                throw fail(pos >= bytes.length ? "unexpected end of file (every line ends in LF)"
                        : "expected " + (c == '\n' ? "end of line" : "'" + c + "'") + " at column " + (pos - lineStart + 1));
            }
            pos++;
        }

        private String text(int from, int to) {
            return new String(bytes, from, to - from, StandardCharsets.UTF_8);
        }

        private IllegalArgumentException fail(String why) {
            return new IllegalArgumentException(name + ": line " + line + ": " + why);
        }
    }
}
