package io.plantproof.exports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 CSV file in UTF-8 (with or without BOM) or GBK/GB18030, comma or tab separated.
 * The encoding is UTF-8 when the whole file decodes as UTF-8, otherwise GB18030 (a superset of GBK, which Excel saves in China).
 */
final class CsvFile implements TabularFile {

    private static final Charset GB18030 = Charset.forName("GB18030");

    private final Path file;
    private final Charset charset;
    private final char delimiter;

    CsvFile(Path file) throws IOException {
        this.file = file;
        this.charset = isUtf8(file) ? StandardCharsets.UTF_8 : GB18030;
        try (BufferedReader in = reader()) {
            String first = in.readLine();
            // the header line decides: an export uses one separator throughout
            this.delimiter = first != null && count(first, '\t') > count(first, ',') ? '\t' : ',';
        }
    }

    Charset charset() {
        return charset;
    }

    @Override
    public void close() {
        // every pass opens and closes its own reader
    }

    @Override
    public List<String> sheets() {
        return java.util.Collections.singletonList(null);
    }

    @Override
    public void rows(String sheet, RowVisitor visitor) throws IOException {
        try (Reader in = reader()) {
            Chars chars = new Chars(in);
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            int line = 1;
            int recordStart = 1;
            boolean quoted = false;
            while (chars.available()) {
                if (!quoted) {
                    // the common case: a run of plain characters, taken in bulk up to the next special one
                    int from = chars.pos;
                    int to = chars.plainRun(delimiter);
                    if (to > from) {
                        cell.append(chars.buf, from, to - from);
                        continue;
                    }
                }
                int c = chars.next();
                if (quoted) {
                    if (c == '"') {
                        if (chars.peek() == '"') {
                            chars.next();
                            cell.append('"');
                        } else {
                            quoted = false;
                        }
                    } else {
                        line += c == '\n' ? 1 : 0;
                        cell.append((char) c);
                    }
                } else if (c == '"' && cell.isEmpty()) {
                    quoted = true;
                } else if (c == delimiter) {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && chars.peek() == '\n') {
                        chars.next();
                    }
                    cells.add(cell.toString());
                    cell.setLength(0);
                    if (!blank(cells) && !visitor.row(recordStart, cells)) {
                        return;
                    }
                    cells = new ArrayList<>(cells.size());
                    line++;
                    recordStart = line;
                } else {
                    cell.append((char) c);
                }
            }
            cells.add(cell.toString());
            if (!blank(cells)) {
                visitor.row(recordStart, cells);
            }
        }
    }

    /** Characters from a reader through a buffer of its own: {@code Reader.read()} per character takes a lock each time. */
    private static final class Chars {
        private final Reader in;
        final char[] buf = new char[1 << 16];
        int pos;
        private int len;

        Chars(Reader in) {
            this.in = in;
        }

        /** Whether a character is left, refilling the buffer when it is used up. */
        boolean available() throws IOException {
            return pos < len || fill();
        }

        /** Moves past the characters that are none of delimiter, quote, CR, LF in the buffer; returns the new position. */
        int plainRun(char delimiter) {
            int i = pos;
            while (i < len) {
                char c = buf[i];
                if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
                    break;
                }
                i++;
            }
            pos = i;
            return i;
        }

        int next() throws IOException {
            return pos < len || fill() ? buf[pos++] : -1;
        }

        int peek() throws IOException {
            return pos < len || fill() ? buf[pos] : -1;
        }

        private boolean fill() throws IOException {
            int n;
            do {
                n = in.read(buf, 0, buf.length);
            } while (n == 0);
            pos = 0;
            len = Math.max(n, 0);
            return n > 0;
        }
    }

    private static boolean blank(List<String> cells) {
        for (String s : cells) {
            if (!s.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private BufferedReader reader() throws IOException {
        InputStream in = Files.newInputStream(file);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, charset), 1 << 16);
        r.mark(1);
        if (r.read() != '\uFEFF') {
            r.reset();
        }
        return r;
    }

    private static boolean isUtf8(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader r = new InputStreamReader(Files.newInputStream(file), decoder)) {
            char[] buf = new char[1 << 16];
            while (r.read(buf) != -1) {
                // decoding the whole file is the check
            }
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }
}
