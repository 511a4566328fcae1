package io.plantproof.tlog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A self-contained inclusion proof (c2sp.org/tlog-proof@v1): optional unauthenticated extra data, the leaf index,
 * the RFC 6962 audit path from the leaf's sibling up, then the checkpoint verbatim (with any cosignatures).
 * Stored with the extension {@code .tlog-proof}.
 */
public record TlogProof(byte[] extra, long index, List<byte[]> path, Note checkpoint) {

    public static final String HEADER = "c2sp.org/tlog-proof@v1";
    public static final String EXTENSION = ".tlog-proof";

    public TlogProof {
        if (index < 0) {
            throw new IllegalArgumentException("proof index " + index + " is negative");
        }
        path = List.copyOf(path);
    }

    public String format() {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        if (extra != null) {
            out.append("extra ").append(Base64.getEncoder().encodeToString(extra)).append('\n');
        }
        out.append("index ").append(index).append('\n');
        path.forEach(h -> out.append(Base64.getEncoder().encodeToString(h)).append('\n'));
        return out.append('\n').append(checkpoint.format()).toString();
    }

    public byte[] bytes() {
        return format().getBytes(StandardCharsets.UTF_8);
    }

    public static TlogProof parse(byte[] utf8) {
        String s = new String(utf8, StandardCharsets.UTF_8);
        int blank = s.indexOf("\n\n");
        if (!s.startsWith(HEADER + "\n") || blank < 0) {
            throw new IllegalArgumentException("not a " + HEADER + " proof (header line, index, path, blank line, checkpoint)");
        }
        String[] lines = s.substring(HEADER.length() + 1, blank).split("\n", -1);
        int i = 0;
        byte[] extra = null;
        if (lines.length > 0 && lines[0].startsWith("extra ")) {
            extra = Base64.getDecoder().decode(lines[i++].substring("extra ".length()));
        }
        if (i >= lines.length || !lines[i].matches("index (0|[1-9][0-9]{0,18})")) {
            throw new IllegalArgumentException("tlog-proof lacks 'index <n>' (decimal, no leading zeroes)");
        }
        long index = Long.parseLong(lines[i++].substring("index ".length()));
        List<byte[]> path = new ArrayList<>();
        for (; i < lines.length; i++) {
            byte[] h = Base64.getDecoder().decode(lines[i]);
            if (h.length != 32) {
                throw new IllegalArgumentException("tlog-proof path line " + (path.size() + 1) + " is not a 32-byte hash");
            }
            path.add(h);
        }
        return new TlogProof(extra, index, path, Note.parse(s.substring(blank + 2)));
    }
}
