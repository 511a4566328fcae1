package io.plantproof.exports;

import io.plantproof.plant.Plant;
import io.plantproof.plant.PlantFile;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.SampleSink;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** A two-workshop plant and a recording sink shared by the export tests. */
final class ExportFixtures {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    /** Import day for order on-time decisions: 2025-08-01 in the plant's zone. */
    static final Clock AUG_1 = Clock.fixed(Instant.parse("2025-08-01T02:00:00Z"), ZONE);

    private ExportFixtures() {
    }

    /** The plant file text; {@code exports} is the YAML body of the exports section (indented two spaces) or "". */
    static Plant plant(String exports) {
        return PlantFile.parse("""
                enterprise: {name: 绍兴测试机械有限公司}
                workshops:
                  - {id: W1, name: 一车间}
                  - {id: W2, name: 二车间}
                equipment:
                  - id: M1
                    name: 数控车床
                    workshop: W1
                    keyProcess: true
                    numericalControl: true
                    automated: true
                    idealCycleTimeSeconds: 30
                    signals:
                      - {kind: power, intervalSeconds: 10, required: false}
                      - {kind: state, intervalSeconds: 10, required: true, stateCodes: {"1": RUNNING, "0": IDLE}}
                  - id: M2
                    name: 装配线
                    workshop: W2
                    keyProcess: false
                    numericalControl: false
                    automated: true
                    idealCycleTimeSeconds: 30
                    signals:
                      - {kind: power, intervalSeconds: 10, required: false}
                """ + (exports.isEmpty() ? "" : "exports:\n" + exports), "test-plant.yml");
    }

    static Plant plant() {
        return plant("");
    }

    static long day(String iso) {
        return LocalDate.parse(iso).atStartOfDay(ZONE).toInstant().toEpochMilli();
    }

    static Path write(Path dir, String name, String text, Charset charset) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, text.getBytes(charset));
        return f;
    }

    /** Keeps every batch it accepts. */
    static final class RecordingSink implements SampleSink {
        final List<SampleBatch> batches = new ArrayList<>();

        @Override
        public void accept(SampleBatch batch) {
            batches.add(batch);
        }

        List<Sample> samples() {
            return batches.stream().flatMap(b -> b.samples().stream()).toList();
        }

        double value(String device, String signal, long at) {
            return samples().stream().filter(s -> s.device().equals(device) && s.signal().equals(signal)
                    && s.epochMillis() == at).mapToDouble(Sample::value).findFirst().orElseThrow(
                    () -> new AssertionError("no sample " + device + "/" + signal + " at " + at + " in " + samples()));
        }
    }
}
