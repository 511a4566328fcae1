package io.plantproof.sample;

import java.util.List;

/**
 * The unit a connector hands to the collector: accepted, made durable and acknowledged as a whole.
 * {@code source} names the connector instance (e.g. {@code opcua:line1}) or the imported file hash.
 */
public record SampleBatch(String source, List<Sample> samples) {

    public SampleBatch {
        samples = List.copyOf(samples);
    }

    public int size() {
        return samples.size();
    }
}
