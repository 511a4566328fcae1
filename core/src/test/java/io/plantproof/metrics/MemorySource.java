package io.plantproof.metrics;

import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.store.SampleSource;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * An in-memory {@link SampleSource} for tests: one sorted series per device and signal, the last
 * sample written at a timestamp wins, as in the stores.
 */
public final class MemorySource implements SampleSource {

    private final Map<String, NavigableMap<Long, Sample>> series = new HashMap<>();

    public MemorySource add(String device, String signal, long epochMillis, double value, Provenance provenance) {
        series.computeIfAbsent(device + '\u0000' + signal, k -> new TreeMap<>())
                .put(epochMillis, Sample.of(device, signal, epochMillis, value, provenance));
        return this;
    }

    public MemorySource measured(String device, String signal, long epochMillis, double value) {
        return add(device, signal, epochMillis, value, Provenance.MEASURED);
    }

    public MemorySource imported(String device, String signal, long epochMillis, double value) {
        return add(device, signal, epochMillis, value, Provenance.IMPORTED);
    }

    @Override
    public void scan(String device, String signal, long fromMillis, long toMillis, Consumer<Sample> consumer) {
        NavigableMap<Long, Sample> s = series.get(device + '\u0000' + signal);
        if (s != null && fromMillis < toMillis) {
            s.subMap(fromMillis, true, toMillis, false).values().forEach(consumer);
        }
    }
}
