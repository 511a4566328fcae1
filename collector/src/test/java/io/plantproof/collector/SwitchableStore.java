package io.plantproof.collector;

import io.plantproof.sample.Sample;
import io.plantproof.store.SampleStore;
import io.plantproof.store.StoreUnavailableException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A store wrapper a test can switch off (every call throws {@link StoreUnavailableException}) and on,
 * recording the timestamps it passed on in write order to check ordering and duplicates.
 */
final class SwitchableStore implements SampleStore {

    private final SampleStore delegate;
    private final List<Long> written = new ArrayList<>();
    private volatile boolean down;

    SwitchableStore(SampleStore delegate) {
        this.delegate = delegate;
    }

    void down() {
        down = true;
    }

    void up() {
        down = false;
    }

    synchronized List<Long> writtenTimestamps() {
        return List.copyOf(written);
    }

    private void check() {
        if (down) {
            throw new StoreUnavailableException("switched off by the test", null);
        }
    }

    @Override
    public synchronized void write(List<Sample> samples) {
        check();
        delegate.write(samples);
        samples.forEach(s -> written.add(s.epochMillis()));
    }

    @Override
    public void scan(String device, String signal, long fromMillis, long toMillis, Consumer<Sample> consumer) {
        check();
        delegate.scan(device, signal, fromMillis, toMillis, consumer);
    }

    @Override
    public void awaitVisible() {
        check();
        delegate.awaitVisible();
    }

    @Override
    public long count(String device, String signal, long fromMillis, long toMillis) {
        check();
        return delegate.count(device, signal, fromMillis, toMillis);
    }

    /** The delegate belongs to the test, which closes it. */
    @Override
    public void close() {
    }
}
