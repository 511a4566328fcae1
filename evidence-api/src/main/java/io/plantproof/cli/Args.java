package io.plantproof.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of one subcommand: {@code --name value} options, {@code --flag} flags and
 * positional arguments. Anything not declared is a usage error (exit 2).
 */
final class Args {

    private final Map<String, String> options = new HashMap<>();
    private final Set<String> flags = new java.util.HashSet<>();
    private final List<String> positional = new ArrayList<>();

    Args(List<String> argv, Set<String> valueOptions, Set<String> flagOptions) {
        for (int i = 0; i < argv.size(); i++) {
            String a = argv.get(i);
            if (a.startsWith("--")) {
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flagOptions.contains(name) && value == null) {
                    flags.add(name);
                } else if (valueOptions.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= argv.size()) {
                            throw new UsageException("--" + name + " needs a value");
                        }
                        value = argv.get(++i);
                    }
                    options.put(name, value);
                } else {
                    throw new UsageException("unknown option --" + name);
                }
            } else {
                positional.add(a);
            }
        }
    }

    String get(String name) {
        return options.get(name);
    }

    String required(String name) {
        String v = options.get(name);
        if (v == null) {
            throw new UsageException("--" + name + " is required");
        }
        return v;
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    List<String> positional() {
        return positional;
    }
}
