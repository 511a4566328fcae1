package io.plantproof.evidence;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON settings of bundle files: strict on read (unknown fields are refused), sorted and
 * indented on write so a statement reads the same for a person and hashes the same every time.
 */
public final class BundleJson {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private BundleJson() {
    }
}
