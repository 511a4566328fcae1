package io.plantproof.tlog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The text of a checkpoint (c2sp.org/tlog-checkpoint, "Note text"): the log's origin, the tree size and the
 * base64 RFC 6962 root hash, then optional extension lines. Signed as a {@link Note} by the log's key.
 */
public record TreeHead(String origin, long size, byte[] root, List<String> extensions) {

    public TreeHead {
        if (origin == null || origin.isEmpty() || origin.contains("\n")) {
            throw new IllegalArgumentException("a checkpoint origin is one non-empty line");
        }
        if (size < 0) {
            throw new IllegalArgumentException("tree size " + size + " is negative");
        }
        if (root.length != 32) {
            throw new IllegalArgumentException("root hash has " + root.length + " bytes, not 32");
        }
        root = root.clone();
        extensions = List.copyOf(extensions);
        for (String e : extensions) {
            if (e.isEmpty() || e.contains("\n")) {
                throw new IllegalArgumentException("checkpoint extension lines are non-empty single lines");
            }
        }
    }

    /** The note text: origin, size and root lines, then the extension lines, each ending in a newline. */
    public String text() {
        StringBuilder out = new StringBuilder(origin).append('\n').append(size).append('\n')
                .append(Base64.getEncoder().encodeToString(root)).append('\n');
        extensions.forEach(e -> out.append(e).append('\n'));
        return out.toString();
    }

    /** Parses a checkpoint's note text; refuses a size with leading zeroes or a root that is not 32 base64 bytes. */
    public static TreeHead parse(String text) {
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("checkpoint text must end in a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new IllegalArgumentException("a checkpoint has at least three lines: origin, size, root hash");
        }
        if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new IllegalArgumentException("checkpoint tree size '" + lines[1] + "' is not a decimal without leading zeroes");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint root hash '" + lines[2] + "' is not base64", e);
        }
        return new TreeHead(lines[0], Long.parseLong(lines[1]), root,
                new ArrayList<>(Arrays.asList(lines).subList(3, lines.length)));
    }

    /** The value of the first extension line {@code <key> <value>}, or {@code null}. */
    public String extension(String key) {
        return extensions.stream().filter(e -> e.startsWith(key + " ")).map(e -> e.substring(key.length() + 1))
                .findFirst().orElse(null);
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeHead t && t.origin.equals(origin) && t.size == size && Arrays.equals(t.root, root)
                && t.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + Long.hashCode(size);
    }

    @Override
    public String toString() {
        return origin + " size " + size;
    }
}
