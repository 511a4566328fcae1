package io.plantproof.sample;

import java.util.List;

/**
 * The unit a connector hands to the collector: accepted, made durable and acknowledged as a whole.
 * {@code source} names the connector instance (e.g. {@code opcua:line1}) or the imported file hash.
 */
public record SampleBatch(String source, List<Sample> samples) {

    /** At most 3,000 bytes of modified UTF-8, so a ledger payload's source length never reads as its 0xFFFF version marker. */
    public static final int MAX_SOURCE_LENGTH = 1000;

    public SampleBatch {
        if (source == null || source.length() > MAX_SOURCE_LENGTH) {
            throw new IllegalArgumentException("batch source must name a connector instance or an imported file in at most "
                    + MAX_SOURCE_LENGTH + " characters, got " + (source == null ? "none" : source.length() + " characters"));
        }
        samples = List.copyOf(samples);
    }

    public int size() {
        return samples.size();
    }
}
