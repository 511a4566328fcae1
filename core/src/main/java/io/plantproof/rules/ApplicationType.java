package io.plantproof.rules;

/**
 * The two application types of the Shaoxing notice, by the ids the CLI and rule sets use.
 * Each knows its form's Chinese name, which the file names and titles are built from.
 */
public enum ApplicationType {
    SMART_FACTORY("smart-factory", "智能工厂"),
    DIGITAL_WORKSHOP("digital-workshop", "数字化车间");

    private final String id;
    private final String chinese;

    ApplicationType(String id, String chinese) {
        this.id = id;
        this.chinese = chinese;
    }

    public String id() {
        return id;
    }

    public String chinese() {
        return chinese;
    }

    /** The type with the given id ({@code smart-factory} or {@code digital-workshop}). */
    public static ApplicationType of(String id) {
        for (ApplicationType t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown application type '" + id + "' (smart-factory or digital-workshop)");
    }
}
