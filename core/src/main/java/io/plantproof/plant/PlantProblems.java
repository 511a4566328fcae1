package io.plantproof.plant;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects what is wrong in a plant file, one problem per field, so that every problem is reported at once.
 * The helpers state the common rules (required, ranges) in one wording; records add their own checks with {@link #add}.
 */
public final class PlantProblems {

    /** One problem: the field it is about and what is wrong, in words a plant admin acts on. */
    public record Problem(FieldPath at, String message) {

        @Override
        public String toString() {
            return at.isRoot() ? message : at + " " + message;
        }
    }

    // keyed by pointer: the first problem found for a field is the one reported (a bad value is not also "required")
    private final Map<String, Problem> problems = new LinkedHashMap<>();

    /** Records a problem of a field unless that field already has one. */
    public void add(FieldPath at, String message) {
        problems.putIfAbsent(at.pointer(), new Problem(at, message));
    }

    /** Whether a problem is already recorded for this field. */
    public boolean has(FieldPath at) {
        return problems.containsKey(at.pointer());
    }

    /** A field the file must set; returns whether it is set. */
    public boolean required(FieldPath at, Object value) {
        if (value == null || value instanceof String s && s.isBlank()) {
            add(at, "is required");
            return false;
        }
        return true;
    }

    /** A field the file must set to true or false. */
    public void requiredFlag(FieldPath at, Boolean value) {
        if (value == null) {
            add(at, "is required: write true or false");
        }
    }

    /** An optional whole number that, when set, must lie within [min, max]. */
    public void range(FieldPath at, Integer value, long min, long max) {
        if (value != null && (value < min || value > max)) {
            add(at, "is " + value + "; it must be " + bounds(min, max));
        }
    }

    /** An optional number that, when set, must lie within [min, max]. */
    public void range(FieldPath at, Double value, double min, double max) {
        if (value != null && (!Double.isFinite(value) || value < min || value > max)) {
            add(at, "is " + value + "; it must be between " + plain(min) + " and " + plain(max));
        }
    }

    /** An optional number that, when set, must be greater than zero. */
    public void positive(FieldPath at, Double value) {
        if (value != null && (!Double.isFinite(value) || value <= 0)) {
            add(at, "is " + value + "; it must be greater than 0");
        }
    }

    /** An optional number that, when set, must be zero or more. */
    public void notNegative(FieldPath at, Double value) {
        if (value != null && (!Double.isFinite(value) || value < 0)) {
            add(at, "is " + value + "; it must be 0 or more");
        }
    }

    /** An optional list that, when given, must not be empty (omit it to take the default). */
    public void notEmpty(FieldPath at, Collection<?> value) {
        if (value != null && value.isEmpty()) {
            add(at, "is an empty list; leave it out to take the default, or list at least one entry");
        }
    }

    /** A list or set whose entries must all be written; an empty YAML entry ({@code - }) is a problem. */
    public void noEmptyEntries(FieldPath at, Collection<?> value) {
        if (value != null && value.stream().anyMatch(java.util.Objects::isNull)) {
            add(at, "has an empty entry");
        }
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<Problem> list() {
        return new ArrayList<>(problems.values());
    }

    /** The problems as text lines, e.g. {@code equipment[0] (E1).workshop 'W9' is not a workshop id}. */
    public List<String> messages() {
        return problems.values().stream().map(Problem::toString).toList();
    }

    private static String bounds(long min, long max) {
        if (max == Integer.MAX_VALUE || max == Long.MAX_VALUE) {
            return min == 1 ? "1 or more" : min + " or more";
        }
        return "between " + min + " and " + max;
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
