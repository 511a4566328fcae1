package io.plantproof.plant;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.ObjectMapper;

import java.util.HashMap;
import java.util.Map;

/**
 * Line and column of every value in a plant file, by JSON Pointer, and the {@code id} of every mapping that has one:
 * what turns a problem's field path into "line 9, column 15: equipment[0] (E1).signals[0].kind …".
 */
final class SourceLocations {

    /** A 1-based line and column in the file. */
    record Position(int line, int column) implements Comparable<Position> {

        @Override
        public int compareTo(Position o) {
            return line != o.line ? Integer.compare(line, o.line) : Integer.compare(column, o.column);
        }

        @Override
        public String toString() {
            return "line " + line + ", column " + column;
        }
    }

    private final Map<String, Position> values = new HashMap<>();
    private final Map<String, String> ids = new HashMap<>();

    private SourceLocations() {
    }

    /** No file behind the model (built in code): problems are named by field only. */
    static SourceLocations none() {
        return new SourceLocations();
    }

    /**
     * Reads the whole file once as tokens.
     *
     * @throws tools.jackson.core.exc.StreamReadException when it is not well-formed YAML (or JSON)
     */
    static SourceLocations of(ObjectMapper mapper, String text) {
        SourceLocations out = new SourceLocations();
        try (JsonParser p = mapper.createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.PROPERTY_NAME || t.isStructEnd()) {
                    continue;
                }
                // a container start is already in its own context, whose pointer is its place in the parent
                String pointer = p.streamReadContext().pathAsPointer().toString();
                out.values.putIfAbsent(pointer, position(p.currentTokenLocation()));
                if (t.isScalarValue() && "id".equals(p.currentName())) {
                    out.ids.put(pointer.substring(0, pointer.length() - "/id".length()), p.getString());
                }
            }
        }
        return out;
    }

    static Position position(TokenStreamLocation location) {
        return location == null || location.getLineNr() < 1 ? null : new Position(location.getLineNr(), location.getColumnNr());
    }

    /** Whether the file writes a value at this pointer. */
    boolean has(String pointer) {
        return values.containsKey(pointer);
    }

    /** Where the field's value is written, or where its nearest written parent is; {@code null} without a file. */
    Position of(FieldPath path) {
        for (FieldPath p = path; ; p = p.parent()) {
            Position at = values.get(p.pointer());
            if (at != null || p.isRoot()) {
                return at;
            }
        }
    }

    /** The id written in the mapping at this pointer, or {@code null}. */
    String idOf(String pointer) {
        return ids.get(pointer);
    }
}
