package io.plantproof.bench;

import java.util.HashMap;
import java.util.Map;

/** The benchmarks' {@code key=value} arguments; anything else is refused so a typo does not run with defaults. */
final class BenchArgs {

    private BenchArgs() {
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> kv = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected key=value, got " + a);
            }
            kv.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return kv;
    }
}
