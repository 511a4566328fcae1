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
 * {@link #encode()} writes version 3 (docs/bundle-format.md, "Chunk encoding"); {@link #decode} reads versions 1 to 3.
 */
public record Chunk(String device, LocalDate day, int part, List<Sample> samples) {

    static final String MAGIC = "# plantproof-chunk 3";
    static final String MAGIC_V2 = "# plantproof-chunk 2";
    static final String MAGIC_V1 = "# plantproof-chunk 1";
    static final String COLUMNS_V1 = "ts,signal,value,status,provenance";
    /** The lag written when a row's server time is unknown after one that was known. */
    static final char UNKNOWN_LAG = '?';

    private static final Provenance[] PROVENANCES = Provenance.values();

    public Chunk {
        samples = canonical(samples);
    }

    /** Sorts by (signal, ts) and keeps the last sample written for each key (the sort is stable). */
    private static List<Sample> canonical(List<Sample> samples) {
        if (isCanonical(samples)) {
            return List.copyOf(samples); // a decoded chunk already is: sorting it again was most of the decoding time
        }
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

    private static boolean isCanonical(List<Sample> samples) {
        for (int i = 1; i < samples.size(); i++) {
            Sample a = samples.get(i - 1);
            Sample b = samples.get(i);
            int bySignal = a.signal() == b.signal() ? 0 : a.signal().compareTo(b.signal());
            if (bySignal > 0 || (bySignal == 0 && a.epochMillis() >= b.epochMillis())) {
                return false;
            }
        }
        return true;
    }

    /** File name inside a bundle or the local evidence folder: {@code <day>/<device>.<part>.csv}. */
    public String path() {
        return day + "/" + device + "." + part + ".csv";
    }

    /**
     * The version-3 bytes: one {@code @signal} block per signal, each row {@code <dt>,<value>[,<status>,<provenance>][;<lag>]}
     * relative to the row before it in the block (docs/bundle-format.md, "Chunk encoding").
     */
    public byte[] encode() {
        StringBuilder out = new StringBuilder(96 + samples.size() * 10);
        out.append(MAGIC).append('\n')
                .append("# device=").append(device).append(" day=").append(day).append(" part=").append(part).append('\n');
        Sample previous = null;
        Decimal previousDecimal = null;
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
            } else {
                Decimal decimal = Decimal.of(v);
                if (first || !Decimal.appendDelta(previousDecimal, decimal, out)) {
                    out.append('=').append(v); // Double.toString: the shortest text that reads back to the same double
                }
                previousDecimal = decimal;
            }
            if (first || s.status() != previous.status() || s.provenance() != previous.provenance()) {
                out.append(',').append(s.status()).append(',').append(s.provenance().name());
            }
            if (first ? s.serverTimeKnown() : !sameLag(previous, s)) {
                out.append(';');
                if (s.serverTimeKnown()) {
                    out.append(s.serverMillis() - s.epochMillis());
                } else {
                    out.append(UNKNOWN_LAG);
                }
            }
            out.append('\n');
            previous = s;
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Whether both server times are unknown, or both known and as far from their sample's time. */
    private static boolean sameLag(Sample a, Sample b) {
        return a.serverTimeKnown() == b.serverTimeKnown()
                && (!a.serverTimeKnown() || a.serverMillis() - a.epochMillis() == b.serverMillis() - b.epochMillis());
    }

    /**
     * The exact decimal {@code mantissa / 10^scale} (no trailing zero, |mantissa| < 2^53) a value is written as.
     * Both parts are exact doubles, so one division gives the value as {@link Double#parseDouble} reads its text;
     * a delta between two of them is exact integer arithmetic, which is why only such values are written as deltas.
     */
    private record Decimal(long mantissa, int scale) {
        private static final long EXACT = 1L << 53;
        private static final int MAX_SCALE = 22;
        /** Returned by {@link #at} when the mantissa would leave the exact range. */
        private static final long INEXACT = Long.MIN_VALUE;
        private static final double[] POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

        /** Strips trailing zeros, so every value has one form whichever scale a delta was written at. */
        static Decimal exact(long mantissa, int scale) {
            long m = mantissa;
            int s = scale;
            while (s > 0 && m % 10 == 0) {
                m /= 10;
                s--;
            }
            return new Decimal(m, s);
        }

        /** The form of a value: its integer, else the digits of its {@link Double#toString}; {@code null} when neither is exact. */
        static Decimal of(double v) {
            Decimal integer = integer(v);
            if (integer != null) {
                return integer;
            }
            byte[] text = Double.toString(v).getBytes(StandardCharsets.ISO_8859_1);
            return plain(text, 0, text.length);
        }

        /** An integer below 2^53 other than -0.0 (whose sign a mantissa cannot carry). */
        static Decimal integer(double v) {
            boolean exact = (long) v == v && Math.abs(v) < EXACT && Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(-0.0);
            return exact ? new Decimal((long) v, 0) : null;
        }

        /** {@code -?digits[.digits]} as an exact decimal, or {@code null} (exponent, too many digits, -0). */
        static Decimal plain(byte[] b, int from, int to) {
            boolean negative = from < to && b[from] == '-';
            long m = 0;
            int digits = 0;
            int fraction = -1;
            for (int i = negative ? from + 1 : from; i < to; i++) {
                byte c = b[i];
                if (c == '.' && fraction < 0) {
                    fraction = 0;
                    continue;
                }
                if (c < '0' || c > '9' || m >= EXACT / 10 + 1) {
                    return null;
                }
                m = m * 10 + (c - '0');
                digits++;
                fraction += fraction >= 0 ? 1 : 0;
            }
            if (digits == 0 || fraction == 0 || m >= EXACT || fraction > MAX_SCALE || (negative && m == 0)) {
                return null;
            }
            return exact(negative ? -m : m, Math.max(fraction, 0));
        }

        double value() {
            return mantissa / POWERS[scale];
        }

        /** The mantissa at a scale at least this one, or {@link #INEXACT}. */
        long at(int s) {
            int shift = s - scale;
            if (shift < 0 || s > MAX_SCALE) {
                return INEXACT;
            }
            long m = mantissa;
            for (int i = 0; i < shift && m != 0; i++) {
                if (Math.abs(m) >= EXACT / 10 + 1) {
                    return INEXACT;
                }
                m *= 10;
            }
            return Math.abs(m) < EXACT ? m : INEXACT;
        }

        /** Writes {@code +d} or {@code -d} at the larger scale of the two; false when either is not exact there. */
        static boolean appendDelta(Decimal from, Decimal to, StringBuilder out) {
            if (from == null || to == null) {
                return false;
            }
            int s = Math.max(from.scale, to.scale);
            long a = from.at(s);
            long b = to.at(s);
            if (a == INEXACT || b == INEXACT) {
                return false;
            }
            String digits = Long.toString(Math.abs(b - a));
            out.append(b > a ? '+' : '-');
            if (s == 0) {
                out.append(digits);
            } else {
                String padded = "0".repeat(Math.max(0, s + 1 - digits.length())) + digits;
                out.append(padded, 0, padded.length() - s).append('.').append(padded, padded.length() - s, padded.length());
            }
            return true;
        }
    }

    /**
     * Parses a chunk file of version 1, 2 or 3 (the magic line says which); throws {@link IllegalArgumentException}
     * naming the file and the line that cannot be read.
     */
    public static Chunk decode(byte[] bytes, String name) {
        return decode(bytes, name, null);
    }

    /**
     * The chunk with only the samples of {@code signal} (all when {@code null}). The metric engine reads one signal
     * at a time, so the rows of other signals' blocks are skipped unparsed: what no number is computed from is not read.
     */
    public static Chunk decode(byte[] bytes, String name, String signal) {
        int firstEnd = lineEnd(bytes, 0);
        String magic = new String(bytes, 0, firstEnd, StandardCharsets.UTF_8);
        if (magic.equals(MAGIC) || magic.equals(MAGIC_V2)) {
            return new Reader(bytes, name, firstEnd + 1, magic.equals(MAGIC), signal).chunk();
        }
        if (magic.equals(MAGIC_V1)) {
            Chunk all = decodeV1(bytes, name);
            return signal == null ? all : new Chunk(all.device(), all.day(), all.part(),
                    all.samples().stream().filter(s -> s.signal().equals(signal)).toList());
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
     * A single pass over version-2 or -3 bytes: no intermediate strings but one per signal name and one per
     * value written in full that is not a plain decimal, because parsing is most of a verifier's recompute time.
     */
    private static final class Reader {
        private final byte[] bytes;
        private final String name;
        /** Version 3 rows may end in {@code ;<lag>}; version 2 rows have no server time. */
        private final boolean lags;
        /** The only signal whose rows are parsed, or {@code null} for all. */
        private final String only;
        private int pos;
        private int line = 2;
        private int lineStart;
        /** The exact decimal of the block's previous value, which a delta applies to. */
        private Decimal decimal;

        Reader(byte[] bytes, String name, int pos, boolean lags, String only) {
            this.bytes = bytes;
            this.name = name;
            this.pos = pos;
            this.lags = lags;
            this.only = only;
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
            int blockRows = 0;
            while (pos < bytes.length) {
                line++;
                lineStart = pos;
                if (bytes[pos] == '@') {
                    if (signal != null && blockRows == 0) {
                        throw fail("block @" + signal + " has no samples");
                    }
                    end = lineEnd(bytes, pos);
                    String next = new String(bytes, pos + 1, end - pos - 1, StandardCharsets.UTF_8);
                    if (next.isBlank() || (signal != null && next.compareTo(signal) <= 0)) {
                        throw fail("signal '" + next + "' is blank or not after '" + signal + "' (blocks are sorted by signal)");
                    }
                    if (only != null && next.compareTo(only) > 0) {
                        break; // blocks are sorted: the wanted one is behind
                    }
                    signal = next;
                    previous = null;
                    blockRows = 0;
                    pos = end + 1;
                    if (only != null && !only.equals(signal)) {
                        blockRows = skipBlock();
                    }
                    continue;
                }
                if (signal == null) {
                    throw fail("sample before the first @signal line");
                }
                previous = row(header.device(), signal, previous);
                samples.add(previous);
                blockRows++;
            }
            if (signal != null && blockRows == 0) {
                throw fail("block @" + signal + " has no samples");
            }
            return new Chunk(header.device(), header.day(), header.part(), samples);
        }

        /** Moves to the next {@code @signal} line (or the end), counting the rows passed over. */
        private int skipBlock() {
            int rows = 0;
            while (pos < bytes.length && bytes[pos] != '@') {
                pos = lineEnd(bytes, pos) + 1;
                line++;
                rows++;
            }
            return rows;
        }

        /** One {@code <dt>,<value>[,<status>,<provenance>][;<lag>]} line; {@code previous} is the block's row before, or null. */
        private Sample row(String device, String signal, Sample previous) {
            long dt = number();
            if (previous != null && dt <= 0) {
                throw fail("time delta " + dt + " is not positive (rows are sorted by time, one per time)");
            }
            long epochMillis = previous == null ? dt : previous.epochMillis() + dt;
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
            long serverMillis = previous == null || !previous.serverTimeKnown() ? Sample.UNKNOWN_SERVER_TIME
                    : epochMillis + (previous.serverMillis() - previous.epochMillis());
            if (lags && pos < bytes.length && bytes[pos] == ';') {
                pos++;
                serverMillis = serverMillis(epochMillis);
            }
            expect('\n');
            return new Sample(device, signal, epochMillis, value, status, provenance, serverMillis);
        }

        /** {@code ?} (unknown) or the signed milliseconds from the sample's time to its server time. */
        private long serverMillis(long epochMillis) {
            if (pos < bytes.length && bytes[pos] == UNKNOWN_LAG) {
                pos++;
                return Sample.UNKNOWN_SERVER_TIME;
            }
            if (pos >= bytes.length || (bytes[pos] != '-' && (bytes[pos] < '0' || bytes[pos] > '9'))) {
                throw fail("bad server time lag at column " + (pos - lineStart + 1) + " (expected ;<milliseconds> or ;"
                        + UNKNOWN_LAG + ")");
            }
            long lag = number();
            if (epochMillis + lag == Sample.UNKNOWN_SERVER_TIME) {
                throw fail("server time lag " + lag + " gives server time 0, which stands for unknown (written ;" + UNKNOWN_LAG + ")");
            }
            return epochMillis + lag;
        }

        /** {@code =} (unchanged), {@code =<value>} in full, or {@code +<d>} / {@code -<d>} from the previous exact decimal. */
        private double value(Sample previous) {
            int from = pos;
            while (pos < bytes.length && bytes[pos] != ',' && bytes[pos] != ';' && bytes[pos] != '\n') {
                pos++;
            }
            if (pos == from) {
                throw fail("missing value");
            }
            if (bytes[from] == '=') {
                if (pos == from + 1) {
                    if (previous == null) {
                        throw fail("'=' in the first row of a block");
                    }
                    return previous.value();
                }
                return full(from + 1, pos);
            }
            if ((bytes[from] == '+' || bytes[from] == '-') && previous != null) {
                return delta(from);
            }
            throw fail("bad value '" + text(from, pos) + "' (expected =, =<value>, +<delta> or -<delta>)");
        }

        private double full(int from, int to) {
            decimal = Decimal.plain(bytes, from, to);
            if (decimal != null) {
                return decimal.value();
            }
            double v;
            try {
                v = Double.parseDouble(text(from, to));
            } catch (NumberFormatException e) {
                throw fail("bad value '" + text(from, to) + "'");
            }
            decimal = Decimal.integer(v);
            return v;
        }

        private double delta(int from) {
            int scale = 0;
            long step = 0;
            for (int i = from + 1; i < pos && step != Decimal.INEXACT; i++) {
                byte c = bytes[i];
                if (c == '.' && scale == 0 && i > from + 1 && i < pos - 1) {
                    scale = pos - i - 1;
                } else if (c >= '0' && c <= '9' && step < Decimal.EXACT) {
                    step = step * 10 + (c - '0'); // two values below 2^53 differ by less than 2^54
                } else {
                    step = Decimal.INEXACT;
                }
            }
            long base = decimal == null || pos == from + 1 ? Decimal.INEXACT : decimal.at(scale);
            long m = bytes[from] == '+' ? base + step : base - step;
            if (step == Decimal.INEXACT || base == Decimal.INEXACT || Math.abs(m) >= Decimal.EXACT) {
                throw fail("delta '" + text(from, pos) + "' does not apply to the previous value exactly");
            }
            decimal = Decimal.exact(m, scale);
            return decimal.value();
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
            while (pos < bytes.length && bytes[pos] != ';' && bytes[pos] != '\n') {
                pos++;
            }
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
