package io.plantproof.exports;

import java.util.List;

/**
 * One column of an export table: the key the plant file maps it by, the headers it is found under by default
 * (first is the canonical one), and whether a file of that table must have it.
 */
record Field(String key, List<String> headers, boolean required) {

    static Field required(String key, String... headers) {
        return new Field(key, List.of(headers), true);
    }

    static Field optional(String key, String... headers) {
        return new Field(key, List.of(headers), false);
    }
}
