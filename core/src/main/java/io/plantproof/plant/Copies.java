package io.plantproof.plant;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Unmodifiable copies of the plant file's lists, sets and maps that keep an empty YAML entry ({@code - }) as a null
 * element, so validation can name it instead of the copy failing without saying where.
 */
final class Copies {

    private Copies() {
    }

    static <T> List<T> list(List<T> in) {
        return in == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(in));
    }

    static <T> Set<T> set(Set<T> in) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(in));
    }

    /** Sorted by key, so register snapshots and generated plant files list entries in a stable order. */
    static <V> Map<String, V> sorted(Map<String, V> in) {
        return in == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(in));
    }
}
