package io.plantproof.sim;

/**
 * Stateless seeded randomness: the same (seed, key, index) always gives the same number, so a
 * simulated day can be replayed for the historian export and for live telemetry alike.
 */
final class SimRandom {

    private SimRandom() {
    }

    /** A uniform double in [0, 1) for the given seed, key and index (SplitMix64 finaliser). */
    static double uniform(long seed, String key, long index) {
        long z = seed ^ (key.hashCode() * 0x9E3779B97F4A7C15L) ^ (index * 0xBF58476D1CE4E5B9L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
