package io.plantproof.tlog;

import io.plantproof.merkle.Signer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * A signed note (c2sp.org/signed-note): a UTF-8 text ending in a newline, a blank line, then one or more
 * signature lines {@code — <key name> base64(key ID || signature)}. Parsing checks the format only; a note's text
 * means nothing until {@link #verify} found a signature by a trusted key.
 */
public record Note(String text, List<Signature> signatures) {

    /** Em dash (U+2014) and space: the start of every signature line. */
    static final String DASH = "\u2014 ";
    /** More signatures than this make a note unreadable (the spec asks for at least 16). */
    static final int MAX_SIGNATURES = 100;

    /** One signature line: the key name and the decoded bytes (4-byte key ID, then the signature). */
    public record Signature(String name, byte[] bytes) {

        public Signature {
            if (!NoteKey.validName(name)) {
                throw new IllegalArgumentException("signature key name '" + name + "' is empty or has spaces or '+'");
            }
            if (bytes.length < 5) {
                throw new IllegalArgumentException("signature by " + name + " is too short (" + bytes.length + " bytes)");
            }
            bytes = bytes.clone();
        }

        public int keyId() {
            return ByteBuffer.wrap(bytes, 0, 4).getInt();
        }

        /** The signature proper, after the key ID. */
        public byte[] signature() {
            return Arrays.copyOfRange(bytes, 4, bytes.length);
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        public boolean by(NoteKey key) {
            return name.equals(key.name()) && keyId() == key.keyId();
        }

        public String line() {
            return DASH + name + " " + Base64.getEncoder().encodeToString(bytes) + "\n";
        }
    }

    /** How a key's signature on a note turned out. */
    public enum Check { ABSENT, VALID, INVALID }

    public Note {
        checkText(text);
        signatures = List.copyOf(signatures);
    }

    private static void checkText(String text) {
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new IllegalArgumentException("note text must end in a newline");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new IllegalArgumentException("note holds control character U+" + String.format("%04X", (int) c));
            }
        }
    }

    /** Signs {@code text} as a new note with an Ed25519 key: {@code sign} signs bytes with the key's private half. */
    public static Note signed(String text, NoteKey key, Function<byte[], byte[]> sign) {
        checkText(text);
        byte[] sig = sign.apply(text.getBytes(StandardCharsets.UTF_8));
        return new Note(text, List.of(new Signature(key.name(), concat(ByteBuffer.allocate(4).putInt(key.keyId()).array(), sig))));
    }

    /** Parses a note; the text is separated from the signatures by the last blank line. */
    public static Note parse(String note) {
        if (!note.endsWith("\n")) {
            throw new IllegalArgumentException("a signed note ends in a newline");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new IllegalArgumentException("a signed note has a blank line between its text and its signatures");
        }
        String text = note.substring(0, split + 1);
        List<Signature> signatures = new ArrayList<>();
        for (String line : note.substring(split + 2).split("\n")) {
            signatures.add(parseSignature(line));
            if (signatures.size() > MAX_SIGNATURES) {
                throw new IllegalArgumentException("a note with more than " + MAX_SIGNATURES + " signatures is refused");
            }
        }
        return new Note(text, signatures);
    }

    public static Note parse(byte[] utf8) {
        String s = new String(utf8, StandardCharsets.UTF_8);
        if (!Arrays.equals(s.getBytes(StandardCharsets.UTF_8), utf8)) {
            throw new IllegalArgumentException("a signed note must be valid UTF-8");
        }
        return parse(s);
    }

    /** Parses one {@code — <name> <base64>} line (without its newline). */
    public static Signature parseSignature(String line) {
        if (!line.startsWith(DASH)) {
            throw new IllegalArgumentException("signature line does not start with '— ': " + abbreviate(line));
        }
        String[] parts = line.substring(DASH.length()).split(" ", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("signature line is not '— <key name> <base64>': " + abbreviate(line));
        }
        try {
            return new Signature(parts[0], Base64.getDecoder().decode(parts[1]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signature line of " + parts[0] + ": " + e.getMessage(), e);
        }
    }

    /** Parses the signature lines a witness returns (tlog-witness add-checkpoint response). */
    public static List<Signature> parseSignatures(String lines) {
        if (!lines.endsWith("\n")) {
            throw new IllegalArgumentException("signature lines end in a newline");
        }
        return Arrays.stream(lines.split("\n")).map(Note::parseSignature).toList();
    }

    /**
     * Checks the Ed25519 note signature (type 0x01) of {@code key}: signatures by other keys are ignored, as the spec
     * requires; one by this key that does not verify is {@link Check#INVALID}.
     */
    public Check verify(NoteKey key) {
        if (key.type() != NoteKey.ED25519) {
            throw new IllegalArgumentException(key.name() + " is not a note-signing key (type 0x01)");
        }
        Check out = Check.ABSENT;
        for (Signature s : signatures) {
            if (s.by(key)) {
                if (!Signer.verify(key.javaKey(), text.getBytes(StandardCharsets.UTF_8), s.signature())) {
                    return Check.INVALID;
                }
                out = Check.VALID;
            }
        }
        return out;
    }

    /** This note with more signature lines (a witness's cosignatures), each line kept once. */
    public Note with(List<Signature> more) {
        List<Signature> all = new ArrayList<>(signatures);
        for (Signature s : more) {
            if (all.stream().noneMatch(t -> t.name().equals(s.name()) && Arrays.equals(t.bytes(), s.bytes()))) {
                all.add(s);
            }
        }
        return new Note(text, all);
    }

    /** The note as text: body, blank line, signature lines. */
    public String format() {
        StringBuilder out = new StringBuilder(text).append('\n');
        signatures.forEach(s -> out.append(s.line()));
        return out.toString();
    }

    public byte[] bytes() {
        return format().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String abbreviate(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "…" : line;
    }
}
