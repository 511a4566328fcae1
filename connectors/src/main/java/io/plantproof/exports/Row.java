package io.plantproof.exports;

import io.plantproof.plant.Equipment;
import io.plantproof.plant.Plant;
import io.plantproof.plant.Workshop;
import io.plantproof.sample.Signals;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The data row being read, with typed accessors that record a {@link RowError} naming file, sheet, row and
 * column for every cell they cannot use; a table's converter reads through it and emits only if it stayed clean.
 */
final class Row {

    private static final Map<String, Boolean> FLAGS = Map.ofEntries(Map.entry("是", true), Map.entry("否", false),
            Map.entry("Y", true), Map.entry("N", false), Map.entry("YES", true), Map.entry("NO", false),
            Map.entry("TRUE", true), Map.entry("FALSE", false), Map.entry("1", true), Map.entry("0", false),
            Map.entry("√", true), Map.entry("×", false), Map.entry("有", true), Map.entry("无", false));

    private final String file;
    private final Layout layout;
    private final Plant plant;
    private final Map<String, String> workshopIds = new HashMap<>();
    private final Map<String, Equipment> equipment = new HashMap<>();
    private final Map<String, Boolean> flags = new HashMap<>(FLAGS);
    private final LongKeys keys = new LongKeys();
    private final Consumer<RowError> errors;
    private final LocalDate today;
    private final Map<String, Double> tallies = new HashMap<>();
    private List<String> cells;
    private int number;
    private boolean ok;

    Row(String file, Layout layout, Plant plant, Map<String, Boolean> flagValues, LocalDate today,
        Consumer<RowError> errors) {
        this.file = file;
        this.today = today;
        this.layout = layout;
        this.plant = plant;
        this.errors = errors;
        for (Equipment e : plant.equipment()) {
            equipment.putIfAbsent(e.id(), e);
        }
        for (Workshop w : plant.workshops()) {
            workshopIds.put(w.name(), w.id());
            workshopIds.put(w.id(), w.id()); // an id wins over another workshop's identical name
        }
        flagValues.forEach((k, v) -> flags.put(k.trim().toUpperCase(java.util.Locale.ROOT), v));
    }

    void begin(int number, List<String> cells) {
        this.number = number;
        this.cells = cells;
        this.ok = true;
    }

    int number() {
        return number;
    }

    boolean ok() {
        return ok;
    }

    Plant plant() {
        return plant;
    }

    /** The register's equipment with this id, or {@code null}: a map lookup, as every historian row needs one. */
    Equipment equipment(String id) {
        return equipment.get(id);
    }

    /** The import day in the plant's zone: undelivered lines due before it are late. */
    LocalDate today() {
        return today;
    }

    /** Adds to a running total kept for this file, e.g. the 表1 lines checked against its 合计 row; returns the new total. */
    double tally(String name, double add) {
        return tallies.merge(name, add, Double::sum);
    }

    boolean has(String field) {
        return layout.columns().containsKey(field);
    }

    /** The trimmed cell text; "" for an absent optional column. */
    String text(String field) {
        Integer i = layout.columns().get(field);
        return i == null || i >= cells.size() ? "" : cells.get(i).trim();
    }

    /** The cell text, recording an error when a required value is empty. */
    String required(String field) {
        String v = text(field);
        if (v.isEmpty()) {
            error(field, "empty; a value is required");
        }
        return v;
    }

    LocalDate day(String field) {
        return checkedDay(field, CellText.day(text(field)), "yyyy-MM-dd, yyyy/M/d, yyyy年M月d日 or an Excel date");
    }

    LocalDate dayOrMonth(String field) {
        return checkedDay(field, CellText.dayOrMonth(text(field)), "a day (yyyy-MM-dd …) or a month (yyyy-MM, yyyy年M月)");
    }

    /** An optional day: {@code null} when the cell is empty, an error when it holds something else. */
    LocalDate optionalDay(String field) {
        return text(field).isEmpty() ? null : day(field);
    }

    private LocalDate checkedDay(String field, LocalDate d, String accepted) {
        if (d == null) {
            error(field, text(field).isEmpty() ? "empty; a date is required" : "not a date; accepted: " + accepted);
        }
        return d;
    }

    /** A non-negative quantity or amount. */
    double quantity(String field) {
        Double d = CellText.number(text(field));
        if (d == null) {
            error(field, text(field).isEmpty() ? "empty; a number is required" : "not a number");
            return 0;
        }
        if (d < 0) {
            error(field, "negative");
        }
        return d;
    }

    /** A workshop id from its id or name; an optional column left empty or absent means the plant as a whole. */
    String workshop(String field, boolean required) {
        String v = text(field);
        if (v.isEmpty() && !required) {
            return Signals.PLANT;
        }
        String id = workshopIds.get(v);
        if (id == null) {
            error(field, v.isEmpty() ? "empty; a workshop is required"
                    : "unknown workshop; the plant file has " + plant.workshops().stream().map(Workshop::id).toList());
            return v;
        }
        return id;
    }

    /** A yes/no cell (是/否, Y/N, 1/0, √/×, plus the table's mapped values); {@code null} when empty. */
    Boolean flag(String field) {
        String v = text(field);
        if (v.isEmpty()) {
            return null;
        }
        Boolean b = flags.get(v.toUpperCase(java.util.Locale.ROOT));
        if (b == null) {
            error(field, "not a yes/no value; accepted: " + flags.keySet());
        }
        return b;
    }

    /** Records an error when another row of this file already had the same key. */
    void unique(String what, String key, String field) {
        unique(what, LongKeys.hash(key), field);
    }

    /** As above with the key's {@link LongKeys} hash. */
    void unique(String what, long key, String field) {
        int earlier = keys.putIfAbsent(key, number);
        if (earlier != 0) {
            error(field, "duplicate " + what + ": row " + earlier + " has the same");
        }
    }

    void error(String field, String reason) {
        ok = false;
        errors.accept(new RowError(file, layout.sheet(), number, layout.label(field), text(field), reason));
    }
}
