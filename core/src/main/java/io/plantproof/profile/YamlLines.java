package io.plantproof.profile;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where each field of a YAML document is, by path ({@code enterprise.contact.email},
 * {@code digitalWorkshop.checklist["3.4"].ticked[0]}), so a problem found after binding still names its line.
 */
public final class YamlLines {

    private static final Pattern SIMPLE_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, Integer> lines = new HashMap<>();

    private YamlLines() {
    }

    /** The lines of {@code yaml}; empty when it does not parse (binding reports that error with its own line). */
    public static YamlLines of(String yaml) {
        YamlLines out = new YamlLines();
        try {
            new Compose(LoadSettings.builder().build()).composeString(yaml).ifPresent(root -> out.walk(root, ""));
        } catch (RuntimeException e) {
            // the binder reports the syntax error with its position; without a tree there are no lines to give
        }
        return out;
    }

    /** The path of a child field: {@code parent.key}, or {@code parent["1.1"]} for a key that is not a plain name. */
    public static String child(String parent, String key) {
        return parent.isEmpty() && SIMPLE_KEY.matcher(key).matches() ? key : parent + key(key);
    }

    /** A key as a path segment: {@code .name} or {@code ["3.4"]}. */
    public static String key(String key) {
        return SIMPLE_KEY.matcher(key).matches() ? "." + key : "[\"" + key + "\"]";
    }

    /** The 1-based line of the field at {@code path}, or of its nearest enclosing field that exists; 0 when none. */
    public int line(String path) {
        for (String p = path; !p.isEmpty(); p = parent(p)) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
        }
        return 0;
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        // a dot inside a bracketed key such as ["1.1"] is not a separator
        int bracket = path.lastIndexOf('[');
        if (bracket >= 0 && path.lastIndexOf('.') > bracket && path.indexOf(']', bracket) > path.lastIndexOf('.')) {
            cut = bracket;
        }
        return cut <= 0 ? "" : path.substring(0, cut);
    }

    private void walk(Node node, String path) {
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key) {
                    String p = child(path, key.getValue());
                    key.getStartMark().ifPresent(m -> lines.put(p, m.getLine() + 1));
                    walk(t.getValueNode(), p);
                }
            }
        } else if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                String p = path + "[" + i + "]";
                item.getStartMark().ifPresent(m -> lines.put(p, m.getLine() + 1));
                walk(item, p);
            }
        }
    }
}
