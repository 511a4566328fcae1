package io.plantproof.mqtt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Thread-safe {@link DeadLetters} that keeps the most recent letters in memory, dropping the oldest past its capacity.
 * {@link #total()} counts every letter ever added, kept or dropped.
 */
public final class InMemoryDeadLetters implements DeadLetters {

    private final int capacity;
    private final Deque<DeadLetter> recent = new ArrayDeque<>();
    private long total;

    /** Keeps at most {@code capacity} letters. */
    public InMemoryDeadLetters(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Keeps at most 1000 letters. */
    public InMemoryDeadLetters() {
        this(1000);
    }

    @Override
    public synchronized void add(DeadLetter letter) {
        if (recent.size() == capacity) {
            recent.removeFirst();
        }
        recent.addLast(letter);
        total++;
    }

    /** The kept letters, oldest first. */
    public synchronized List<DeadLetter> recent() {
        return List.copyOf(recent);
    }

    /** How many letters were ever added. */
    public synchronized long total() {
        return total;
    }
}
