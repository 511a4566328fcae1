package io.plantproof.plant;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns what the YAML binder cannot read (an unknown field, text where a number belongs, a value outside an enum) into
 * plant-file problems in plain words, and lets the binder go on, so that one load reports every problem at once.
 */
final class BindingProblems extends DeserializationProblemHandler {

    // writes an enum constant the way the plant file spells it (its @JsonValue or @JsonProperty name)
    private static final JsonMapper NAMES = JsonMapper.builder().build();

    private final PlantProblems out;

    BindingProblems(PlantProblems out) {
        this.out = out;
    }

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, ValueDeserializer<?> deserializer,
                                         Object beanOrClass, String propertyName) {
        // a record buffers what it does not know and reports it after the whole mapping is read, through a replay
        // parser whose position means nothing; the real parser then sits at the end of the mapping itself
        JsonParser real = ctxt.getParser();
        FieldPath at = p == real ? here(p) : here(real).field(propertyName);
        List<String> known = deserializer == null ? List.of() : names(deserializer.getKnownPropertyNames());
        String close = closest(propertyName, known);
        out.add(at, "is not a field here" + (close != null ? "; did you mean " + close + "?" : "")
                + (known.isEmpty() ? "" : " (fields: " + String.join(", ", known) + ")"));
        p.skipChildren();
        return true;
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value, String failureMsg) {
        out.add(here(ctxt.getParser()), "'" + value + "' is not " + expected(targetType));
        return null;
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value, String failureMsg) {
        out.add(here(ctxt.getParser()), value + " is not " + expected(targetType));
        return null;
    }

    @Override
    public Object handleWeirdKey(DeserializationContext ctxt, Class<?> rawKeyType, String key, String failureMsg) {
        out.add(here(ctxt.getParser()).field(key), "'" + key + "' is not " + expected(rawKeyType));
        return null;
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                                        String failureMsg) {
        out.add(here(p), "is " + found(t, p) + " where " + expected(targetType.getRawClass()) + " belongs");
        p.skipChildren();
        return null;
    }

    @Override
    public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass, ValueInstantiator inst,
                                            JsonParser p, String msg) {
        out.add(here(p), "is " + found(p.currentToken(), p) + " where " + expected(instClass) + " belongs");
        p.skipChildren();
        return null;
    }

    @Override
    public Object handleInstantiationProblem(DeserializationContext ctxt, Class<?> instClass, Object argument, Throwable t) {
        out.add(here(ctxt.getParser()), "cannot be used: " + t.getMessage());
        return null;
    }

    /** The plain words for what the binder could not step over (it stops there), e.g. 1.5 for a whole number. */
    static String plain(DatabindException e) {
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            String value = e instanceof InvalidFormatException f && f.getValue() != null ? "'" + f.getValue() + "' " : "";
            return value + "is not " + expected(m.getTargetType());
        }
        return "cannot be read here";
    }

    private static FieldPath here(JsonParser p) {
        return FieldPath.ofPointer(p.streamReadContext().pathAsPointer().toString());
    }

    /** What a value of this type looks like, in the plant admin's words. */
    static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(BindingProblems::spelling)
                    .collect(Collectors.joining(", "));
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "a number";
        }
        if (type == LocalDate.class) {
            return "a date such as 2025-10-01";
        }
        if (type == LocalTime.class) {
            return "a time of day such as 08:00";
        }
        if (type == String.class) {
            return "text";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping of fields";
    }

    private static String found(JsonToken t, JsonParser p) {
        if (t == null) {
            return "empty";
        }
        return switch (t) {
            case START_ARRAY -> "a list";
            case START_OBJECT, PROPERTY_NAME -> "a mapping of fields";
            case VALUE_NULL -> "empty";
            default -> "'" + p.getString() + "'";
        };
    }

    private static String spelling(Object constant) {
        return NAMES.writeValueAsString(constant).replace("\"", "");
    }

    private static List<String> names(Collection<Object> known) {
        return known.stream().map(String::valueOf).sorted().toList();
    }

    /** The known name nearest to a misspelt one (at most two edits away), or {@code null}. */
    static String closest(String name, List<String> known) {
        return known.stream().map(k -> Map.entry(k, distance(name.toLowerCase(), k.toLowerCase())))
                .filter(e -> e.getValue() <= 2).min(Comparator.comparingInt(Map.Entry::getValue))
                .map(Map.Entry::getKey).orElse(null);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int same = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + same);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
