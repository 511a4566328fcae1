package io.plantproof.evidence;

import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChunkTest {

    private static final LocalDate DAY = LocalDate.of(2025, 3, 1);
    private static final long START = 1_740_758_400_000L;
    private static final String[] SIGNALS = {"state", "count.total", "count.good", "energy", "report.cost"};

    @Test
    void randomChunksRoundTripToTheirCanonicalSamples() {
        for (long seed = 0; seed < 300; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<Sample> samples = new ArrayList<>();
            int n = random.nextInt(400);
            for (int i = 0; i < n; i++) {
                long ts = START + random.nextInt(50) * 1000L * (random.nextBoolean() ? 1 : 60);
                samples.add(new Sample("M-1", SIGNALS[random.nextInt(SIGNALS.length)], ts, value(random, samples),
                        random.nextInt(10) == 0 ? random.nextLong(-5, 1L << 33) : 0, Provenance.values()[random.nextInt(3)]));
            }
            Chunk chunk = new Chunk("M-1", DAY, random.nextInt(3), samples);
            byte[] bytes = chunk.encode();

            Chunk back = Chunk.decode(bytes, "seed-" + seed);

            assertThat(back).as("seed %d", seed).isEqualTo(chunk);
            assertThat(back.encode()).as("seed %d", seed).isEqualTo(bytes);
        }
    }

    /** Repeats, small and huge integers of either sign, decimals of mixed scales, extremes and signed zeros, as sensors and imports give them. */
    private static double value(SplittableRandom random, List<Sample> before) {
        return switch (random.nextInt(10)) {
            case 0 -> before.isEmpty() ? 1 : before.get(before.size() - 1).value();
            case 1 -> random.nextInt(-1000, 1000);
            case 2 -> (double) random.nextLong(-(1L << 53) + 1, 1L << 53);
            case 3 -> (double) random.nextLong(1L << 53, Long.MAX_VALUE) * (random.nextBoolean() ? 1 : -1);
            case 4 -> random.nextInt(10_000_000) / 100.0;
            case 5 -> random.nextBoolean() ? random.nextInt(-1_000_000, 1_000_000) / 1000.0 : -random.nextDouble() * 1e-5;
            case 6 -> random.nextDouble() * Math.pow(10, random.nextInt(-300, 300));
            case 7 -> random.nextBoolean() ? 0.0 : -0.0;
            case 8 -> new double[]{Double.MAX_VALUE, Double.MIN_VALUE, 1e300, 0x1p53, -0x1p53, 4.35, 0.1 + 0.2}[random.nextInt(7)];
            default -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL); // any finite positive double
        };
    }

    @Test
    void encodesSignalsOnceTimesAsDeltasAndValuesAsChanges() {
        Chunk chunk = new Chunk("M-1", DAY, 0, List.of(
                Sample.of("M-1", "energy", START + 60_000, 12.5, Provenance.MEASURED),
                Sample.of("M-1", "count.total", START + 60_000, 105, Provenance.MEASURED),
                Sample.of("M-1", "count.total", START, 100, Provenance.MEASURED),
                Sample.of("M-1", "count.total", START + 120_000, 99, Provenance.MEASURED),
                Sample.of("M-1", "count.total", START + 120_000, 98, Provenance.IMPORTED),
                Sample.of("M-1", "energy", START, 12.5, Provenance.MEASURED),
                new Sample("M-1", "energy", START + 120_000, 12.75, 3, Provenance.MEASURED),
                new Sample("M-1", "energy", START + 180_000, 13.1, 3, Provenance.MEASURED),
                new Sample("M-1", "energy", START + 240_000, 1e300, 3, Provenance.MEASURED),
                new Sample("M-1", "energy", START + 300_000, -0.0, 3, Provenance.MEASURED)));

        assertThat(new String(chunk.encode(), StandardCharsets.UTF_8)).isEqualTo("""
                # plantproof-chunk 2
                # device=M-1 day=2025-03-01 part=0
                @count.total
                1740758400000,=100.0,0,MEASURED
                60000,+5
                60000,-7,0,IMPORTED
                @energy
                1740758400000,=12.5,0,MEASURED
                60000,=
                60000,+0.25,3,MEASURED
                60000,+0.35
                60000,=1.0E300
                60000,=-0.0
                """);
    }

    @Test
    void decodesVersionOneChunks() {
        String v1 = """
                # plantproof-chunk 1
                # device=M-1 day=2025-03-01 part=1
                ts,signal,value,status,provenance
                1740758460000,count.total,105.0,0,MEASURED
                1740758400000,count.total,100.0,0,MEASURED
                1740758400000,energy,12.5,7,DECLARED
                """;

        Chunk chunk = Chunk.decode(v1.getBytes(StandardCharsets.UTF_8), "old.csv");

        assertThat(chunk).isEqualTo(new Chunk("M-1", DAY, 1, List.of(
                Sample.of("M-1", "count.total", START, 100, Provenance.MEASURED),
                Sample.of("M-1", "count.total", START + 60_000, 105, Provenance.MEASURED),
                new Sample("M-1", "energy", START, 12.5, 7, Provenance.DECLARED))));
    }

    @Test
    void malformedVersionTwoLinesAreNamedByNumber() {
        String head = "# plantproof-chunk 2\n# device=M-1 day=2025-03-01 part=0\n@energy\n1740758400000,=1.0E300,0,MEASURED\n";
        assertThatThrownBy(() -> decode(head + "60000,=12.x\n")).hasMessage("c.csv: line 5: bad value '12.x'");
        assertThatThrownBy(() -> decode(head + "60000,12.5\n")).hasMessageContaining("line 5: bad value '12.5' (expected =");
        assertThatThrownBy(() -> decode(head + "60000,+1\n")).hasMessageContaining("line 5: delta '+1' does not apply");
        assertThatThrownBy(() -> decode(head + "0,=\n")).hasMessageContaining("line 5: time delta 0 is not positive");
        assertThatThrownBy(() -> decode(head + "60000,=,0,GUESSED\n")).hasMessage("c.csv: line 5: unknown provenance 'GUESSED'");
        assertThatThrownBy(() -> decode(head + "60000,=")).hasMessageContaining("line 5: unexpected end of file");
        assertThatThrownBy(() -> decode(head + "@count.total\n1,=\n")).hasMessageContaining("line 5: signal 'count.total' is blank or not after");
        assertThatThrownBy(() -> decode(head + "@state\n1,=2.0\n")).hasMessageContaining("line 6: the first row of a block must carry");
        assertThatThrownBy(() -> decode(head.replace("@energy\n", ""))).hasMessageContaining("line 3: sample before the first @signal");
    }

    private static Chunk decode(String text) {
        return Chunk.decode(text.getBytes(StandardCharsets.UTF_8), "c.csv");
    }
}
