package io.plantproof.ledger;

import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;

import java.util.ArrayList;
import java.util.List;

/** Test batches for the ledger and evidence log tests: one device's power readings, one a second. */
final class Batches {

    private Batches() {
    }

    /** {@code n} readings of {@code device} from {@code fromMillis}, valued 0, 1, 2, … */
    static SampleBatch power(String device, long fromMillis, int n) {
        List<Sample> samples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            samples.add(Sample.of(device, "power", fromMillis + i * 1_000L, i, Provenance.MEASURED));
        }
        return new SampleBatch("test", samples);
    }
}
