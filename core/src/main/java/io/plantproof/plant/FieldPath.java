package io.plantproof.plant;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a value sits in the plant file, e.g. {@code equipment[3] (CNC-04).signals[0].kind}: shown to plant admins
 * in problems and turned into a JSON Pointer to find the value's line and column in the file.
 */
public final class FieldPath {

    private static final FieldPath ROOT = new FieldPath(List.of());

    private final List<Segment> segments;

    private FieldPath(List<Segment> segments) {
        this.segments = segments;
    }

    /** The whole file. */
    public static FieldPath root() {
        return ROOT;
    }

    /** The path of a JSON Pointer such as {@code /equipment/0/signals/1/kind}; numbers are taken as list indexes. */
    public static FieldPath ofPointer(String pointer) {
        FieldPath path = ROOT;
        if (pointer == null || pointer.isEmpty()) {
            return path;
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            String name = raw.replace("~1", "/").replace("~0", "~");
            path = name.matches("\\d{1,9}") ? path.index(Integer.parseInt(name)) : path.field(name);
        }
        return path;
    }

    /** A field of the object at this path. */
    public FieldPath field(String name) {
        return with(new Segment(name, -1, null));
    }

    /** An element of the list at this path. */
    public FieldPath index(int i) {
        return index(i, null);
    }

    /** An element of the list at this path, shown with its id ({@code equipment[3] (CNC-04)}) when it has one. */
    public FieldPath index(int i, String label) {
        return with(new Segment(null, i, label == null || label.isBlank() ? null : label));
    }

    /** The same path with the id of each list element that has one in {@code labels} (JSON Pointer → id). */
    public FieldPath labelled(java.util.function.Function<String, String> labels) {
        FieldPath out = ROOT;
        for (Segment s : segments) {
            out = s.name != null ? out.field(s.name) : out.index(s.index, s.label != null ? s.label : labels.apply(out.index(s.index).pointer()));
        }
        return out;
    }

    /** The JSON Pointer of this path, e.g. {@code /equipment/3/signals/0/kind}; empty for the root. */
    public String pointer() {
        StringBuilder out = new StringBuilder();
        for (Segment s : segments) {
            out.append('/').append(s.name != null ? s.name.replace("~", "~0").replace("/", "~1") : Integer.toString(s.index));
        }
        return out.toString();
    }

    /** The path one level up; the root for the root. */
    public FieldPath parent() {
        return segments.isEmpty() ? this : new FieldPath(segments.subList(0, segments.size() - 1));
    }

    /** The last field name of the path, or {@code null} when it ends in a list index or is the root. */
    public String lastField() {
        return segments.isEmpty() ? null : segments.get(segments.size() - 1).name;
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    private FieldPath with(Segment s) {
        List<Segment> out = new ArrayList<>(segments.size() + 1);
        out.addAll(segments);
        out.add(s);
        return new FieldPath(List.copyOf(out));
    }

    @Override
    public String toString() {
        if (segments.isEmpty()) {
            return "(top level)";
        }
        StringBuilder out = new StringBuilder();
        for (Segment s : segments) {
            if (s.name != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(s.name);
            } else {
                out.append('[').append(s.index).append(']');
                if (s.label != null) {
                    out.append(" (").append(s.label).append(')');
                }
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath p && p.pointer().equals(pointer());
    }

    @Override
    public int hashCode() {
        return pointer().hashCode();
    }

    private record Segment(String name, int index, String label) {
    }
}
