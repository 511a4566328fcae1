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
                        random.nextInt(10) == 0 ? random.nextLong(-5, 1L << 33) : 0, Provenance.values()[random.nextInt(3)],
                        serverMillis(random, ts)));
            }
            Chunk chunk = new Chunk("M-1", DAY, random.nextInt(3), samples);
            byte[] bytes = chunk.encode();

            Chunk back = Chunk.decode(bytes, "seed-" + seed);

            assertThat(back).as("seed %d", seed).isEqualTo(chunk);
            assertThat(back.encode()).as("seed %d", seed).isEqualTo(bytes);
            for (String signal : SIGNALS) {
                assertThat(Chunk.decode(bytes, "seed-" + seed, signal).samples()).as("seed %d, only %s", seed, signal)
                        .isEqualTo(chunk.samples().stream().filter(s -> s.signal().equals(signal)).toList());
            }
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

    /** Unknown, or a lag that often repeats, of either sign, now and then far off (a server clock set wrong). */
    private static long serverMillis(SplittableRandom random, long ts) {
        return switch (random.nextInt(4)) {
            case 0 -> Sample.UNKNOWN_SERVER_TIME;
            case 1 -> ts + random.nextLong(-86_400_000L, 86_400_000L);
            default -> ts + new long[]{0, 3, -2, 250}[random.nextInt(4)];
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
                # plantproof-chunk 3
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
    void writesTheServerTimeLagOnlyWhenItChanges() {
        Chunk chunk = new Chunk("M-1", DAY, 0, List.of(
                new Sample("M-1", "energy", START, 1, 0, Provenance.MEASURED, START + 4),
                new Sample("M-1", "energy", START + 1_000, 2, 0, Provenance.MEASURED, START + 1_004),
                new Sample("M-1", "energy", START + 2_000, 3, 0x40900000L, Provenance.MEASURED, START + 1_990),
                new Sample("M-1", "energy", START + 3_000, 4, 0, Provenance.MEASURED),
                new Sample("M-1", "energy", START + 4_000, 5, 0, Provenance.MEASURED),
                new Sample("M-1", "energy", START + 5_000, 6, 0, Provenance.MEASURED, START + 4_990),
                Sample.of("M-1", "state", START, 2, Provenance.MEASURED),
                new Sample("M-1", "state", START + 1_000, 2, 0, Provenance.MEASURED, START + 1_000)));

        byte[] bytes = chunk.encode();

        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("""
                # plantproof-chunk 3
                # device=M-1 day=2025-03-01 part=0
                @energy
                1740758400000,=1.0,0,MEASURED;4
                1000,+1
                1000,+1,1083179008,MEASURED;-10
                1000,+1,0,MEASURED;?
                1000,+1
                1000,+1;-10
                @state
                1740758400000,=2.0,0,MEASURED
                1000,=;0
                """);
        assertThat(Chunk.decode(bytes, "c.csv")).isEqualTo(chunk);
    }

    @Test
    void decodesVersionTwoChunksWithoutServerTimes() {
        String v2 = """
                # plantproof-chunk 2
                # device=M-1 day=2025-03-01 part=0
                @energy
                1740758400000,=12.5,0,MEASURED
                60000,+0.25,3,MEASURED
                """;

        assertThat(decode(v2).samples()).containsExactly(
                new Sample("M-1", "energy", START, 12.5, 0, Provenance.MEASURED, Sample.UNKNOWN_SERVER_TIME),
                new Sample("M-1", "energy", START + 60_000, 12.75, 3, Provenance.MEASURED, Sample.UNKNOWN_SERVER_TIME));
        assertThatThrownBy(() -> decode(v2 + "60000,=;5\n")).hasMessage("c.csv: line 6: expected end of line at column 8");
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

    @Test
    void decodingOneSignalSkipsTheOtherBlocksButNamesLinesAsAWholeDecodeDoes() {
        String head = "# plantproof-chunk 3\n# device=M-1 day=2025-03-01 part=0\n@count.total\n1740758400000,=5,0,MEASURED\n60000,+1\n"
                + "@energy\n1740758400000,=1.5,0,MEASURED\n";
        assertThat(Chunk.decode(bytes(head), "c.csv", "energy").samples()).extracting(Sample::value).containsExactly(1.5);
        assertThat(Chunk.decode(bytes(head), "c.csv", "state").samples()).isEmpty();
        assertThatThrownBy(() -> Chunk.decode(bytes(head + "60000,=x\n"), "c.csv", "energy"))
                .hasMessage("c.csv: line 8: bad value 'x'");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void malformedServerTimeLagsAreNamedByLine() {
        String head = "# plantproof-chunk 3\n# device=M-1 day=2025-03-01 part=0\n@energy\n1740758400000,=1.0,0,MEASURED;4\n";
        assertThatThrownBy(() -> decode(head + "60000,=;x5\n"))
                .hasMessage("c.csv: line 5: bad server time lag at column 9 (expected ;<milliseconds> or ;?)");
        assertThatThrownBy(() -> decode(head + "60000,=;\n")).hasMessageContaining("line 5: bad server time lag at column 9");
        assertThatThrownBy(() -> decode(head + "60000,=;5x\n")).hasMessage("c.csv: line 5: expected end of line at column 10");
        assertThatThrownBy(() -> decode(head + "60000,=;-\n")).hasMessage("c.csv: line 5: expected a number at column 9");
        assertThatThrownBy(() -> decode(head + "60000,=;4;4\n")).hasMessageContaining("line 5: expected end of line at column 10");
        assertThatThrownBy(() -> decode(head + "60000,=,0,MEASURED;?x\n")).hasMessageContaining("line 5: expected end of line");
        assertThatThrownBy(() -> decode(head + "60000,=;-1740758460000\n"))
                .hasMessage("c.csv: line 5: server time lag -1740758460000 gives server time 0, which stands for unknown (written ;?)");
    }

    private static Chunk decode(String text) {
        return Chunk.decode(text.getBytes(StandardCharsets.UTF_8), "c.csv");
    }
}
