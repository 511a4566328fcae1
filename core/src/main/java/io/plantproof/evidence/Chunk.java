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
 */
public record Chunk(String device, LocalDate day, int part, List<Sample> samples) {

    static final String MAGIC = "# plantproof-chunk 1";
    static final String COLUMNS = "ts,signal,value,status,provenance";

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

    public byte[] encode() {
        StringBuilder out = new StringBuilder(64 + samples.size() * 48);
        out.append(MAGIC).append('\n')
                .append("# device=").append(device).append(" day=").append(day).append(" part=").append(part).append('\n')
                .append(COLUMNS).append('\n');
        for (Sample s : samples) {
            out.append(s.epochMillis()).append(',').append(s.signal()).append(',').append(s.value()).append(',')
                    .append(s.status()).append(',').append(s.provenance().name()).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a chunk file; throws {@link IllegalArgumentException} naming the line that is not canonical.
     */
    public static Chunk decode(byte[] bytes, String name) {
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length < 4 || !lines[0].equals(MAGIC) || !lines[2].equals(COLUMNS)) {
            throw new IllegalArgumentException(name + ": not a plantproof chunk (bad header)");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (String kv : lines[1].substring(2).split(" ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                meta.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        String device = meta.get("device");
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
                samples.add(new Sample(device, f[1], Long.parseLong(f[0]), Double.parseDouble(f[2]), Long.parseLong(f[3]),
                        Provenance.valueOf(f[4])));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(name + ": line " + (i + 1) + ": " + e.getMessage());
            }
        }
        try {
            return new Chunk(device, LocalDate.parse(meta.get("day")), Integer.parseInt(meta.get("part")), samples);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + ": bad chunk header line 2: " + e.getMessage());
        }
    }
}
