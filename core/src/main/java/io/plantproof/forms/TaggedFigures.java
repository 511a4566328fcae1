package io.plantproof.forms;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads the tagged figures back out of a document, with no office library: DOCX content controls
 * ({@code w:sdt} with {@code w:tag}), XLSX cells listed in the hidden {@value #INDEX_SHEET} sheet (field id →
 * cell), HTML elements with {@code data-field}. The documents are untrusted input: XML is read without DTDs
 * or external entities, and a document's parts are size-limited as they are inflated.
 */
public final class TaggedFigures {

    /** The XLSX sheet that lists each tagged cell: column A the field id, column B the cell ({@code 'Sheet'!C5}). */
    public static final String INDEX_SHEET = "字段索引";

    private static final long MAX_PART = 64L << 20;
    private static final String W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private static final String S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static final Pattern HTML_FIELD = Pattern.compile(
            "<([a-zA-Z][a-zA-Z0-9]*)\\b[^>]*\\bdata-field=\"([^\"]*)\"[^>]*>(.*?)</\\1\\s*>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("^'?(.+?)'?!\\$?([A-Z]+)\\$?([0-9]+)$");

    /** One tagged figure as the document shows it: text, or for a numeric spreadsheet cell its number. */
    public record Tag(String id, String text, Double number) {
    }

    private TaggedFigures() {
    }

    /** The tags of a document by its file name's extension; empty for other kinds of file. */
    public static List<Tag> read(String name, byte[] bytes) throws IOException {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".docx")) {
            return docx(bytes);
        }
        if (lower.endsWith(".xlsx")) {
            return xlsx(bytes);
        }
        if (lower.endsWith(".html") || lower.endsWith(".htm")) {
            return html(new String(bytes, StandardCharsets.UTF_8));
        }
        return List.of();
    }

    /** Content controls of the body: tag → concatenated text of its runs. */
    static List<Tag> docx(byte[] bytes) throws IOException {
        byte[] document = parts(bytes, List.of("word/document.xml")).get("word/document.xml");
        if (document == null) {
            throw new IOException("not a DOCX: no word/document.xml");
        }
        List<Tag> out = new ArrayList<>();
        try {
            XMLStreamReader x = reader(document);
            String tag = null;
            StringBuilder text = null;
            int depth = 0;
            while (x.hasNext()) {
                int event = x.next();
                if (event == XMLStreamConstants.START_ELEMENT && W.equals(x.getNamespaceURI())) {
                    switch (x.getLocalName()) {
                        case "sdt" -> {
                            depth++;
                            if (depth == 1) {
                                tag = null;
                                text = new StringBuilder();
                            }
                        }
                        case "tag" -> {
                            if (depth == 1 && tag == null) {
                                tag = x.getAttributeValue(W, "val");
                            }
                        }
                        case "t" -> {
                            if (depth >= 1) {
                                text.append(x.getElementText());
                            }
                        }
                        default -> { }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && W.equals(x.getNamespaceURI())
                        && x.getLocalName().equals("sdt")) {
                    depth--;
                    if (depth == 0 && tag != null) {
                        out.add(new Tag(tag, text.toString(), null));
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw new IOException("DOCX word/document.xml is not well-formed: " + e.getMessage(), e);
        }
        return out;
    }

    /** The cells the index sheet lists, each with its text or number. */
    static List<Tag> xlsx(byte[] bytes) throws IOException {
        Map<String, byte[]> parts = parts(bytes, null);
        byte[] workbook = parts.get("xl/workbook.xml");
        if (workbook == null) {
            throw new IOException("not an XLSX: no xl/workbook.xml");
        }
        Map<String, String> sheetFiles = sheetFiles(workbook, parts.get("xl/_rels/workbook.xml.rels"));
        List<String> shared = sharedStrings(parts.get("xl/sharedStrings.xml"));
        String indexFile = sheetFiles.get(INDEX_SHEET);
        if (indexFile == null || parts.get(indexFile) == null) {
            return List.of();
        }
        Map<String, Map<String, Cell>> sheets = new HashMap<>();
        Map<String, Cell> index = cells(parts.get(indexFile), shared);
        List<Tag> out = new ArrayList<>();
        for (int row = 1; index.containsKey("A" + row); row++) {
            String id = index.get("A" + row).text();
            Cell refCell = index.get("B" + row);
            Matcher m = CELL.matcher(refCell == null ? "" : refCell.text());
            if (!m.matches()) {
                throw new IOException(INDEX_SHEET + " row " + row + ": '" + (refCell == null ? "" : refCell.text())
                        + "' is not a cell reference like 'Sheet'!C5");
            }
            String file = sheetFiles.get(m.group(1).replace("''", "'"));
            if (file == null || parts.get(file) == null) {
                throw new IOException(INDEX_SHEET + " row " + row + " names sheet '" + m.group(1) + "', which the workbook does not have");
            }
            Cell c = sheets.computeIfAbsent(file, f -> {
                try {
                    return cells(parts.get(f), shared);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(m.group(2) + m.group(3));
            out.add(c == null ? new Tag(id, "", null) : new Tag(id, c.text(), c.number()));
        }
        return out;
    }

    /** Elements with a {@code data-field} attribute: their text without markup, entities decoded. */
    static List<Tag> html(String html) {
        List<Tag> out = new ArrayList<>();
        Matcher m = HTML_FIELD.matcher(html);
        while (m.find()) {
            out.add(new Tag(unescape(m.group(2)), unescape(m.group(3).replaceAll("<[^>]*>", "")), null));
        }
        return out;
    }

    private record Cell(String text, Double number) {
    }

    private static Map<String, String> sheetFiles(byte[] workbook, byte[] rels) throws IOException {
        Map<String, String> targets = new HashMap<>();
        try {
            if (rels != null) {
                XMLStreamReader x = reader(rels);
                while (x.hasNext()) {
                    if (x.next() == XMLStreamConstants.START_ELEMENT && x.getLocalName().equals("Relationship")) {
                        String target = x.getAttributeValue(null, "Target");
                        targets.put(x.getAttributeValue(null, "Id"), target.startsWith("/") ? target.substring(1) : "xl/" + target);
                    }
                }
            }
            Map<String, String> out = new HashMap<>();
            XMLStreamReader x = reader(workbook);
            while (x.hasNext()) {
                if (x.next() == XMLStreamConstants.START_ELEMENT && S.equals(x.getNamespaceURI()) && x.getLocalName().equals("sheet")) {
                    out.put(x.getAttributeValue(null, "name"), targets.get(x.getAttributeValue(R, "id")));
                }
            }
            return out;
        } catch (XMLStreamException e) {
            throw new IOException("XLSX workbook is not well-formed: " + e.getMessage(), e);
        }
    }

    private static List<String> sharedStrings(byte[] xml) throws IOException {
        List<String> out = new ArrayList<>();
        if (xml == null) {
            return out;
        }
        try {
            XMLStreamReader x = reader(xml);
            StringBuilder current = null;
            while (x.hasNext()) {
                int event = x.next();
                if (event == XMLStreamConstants.START_ELEMENT && x.getLocalName().equals("si")) {
                    current = new StringBuilder();
                } else if (event == XMLStreamConstants.START_ELEMENT && x.getLocalName().equals("t") && current != null) {
                    current.append(x.getElementText());
                } else if (event == XMLStreamConstants.END_ELEMENT && x.getLocalName().equals("si")) {
                    out.add(current.toString());
                    current = null;
                }
            }
            return out;
        } catch (XMLStreamException e) {
            throw new IOException("XLSX shared strings are not well-formed: " + e.getMessage(), e);
        }
    }

    /** Cell reference → value: shared, inline and formula strings as text, other values as numbers. */
    private static Map<String, Cell> cells(byte[] sheet, List<String> shared) throws IOException {
        Map<String, Cell> out = new HashMap<>();
        try {
            XMLStreamReader x = reader(sheet);
            String ref = null;
            String type = null;
            StringBuilder value = null;
            while (x.hasNext()) {
                int event = x.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    switch (x.getLocalName()) {
                        case "c" -> {
                            ref = x.getAttributeValue(null, "r");
                            type = x.getAttributeValue(null, "t");
                            value = new StringBuilder();
                        }
                        case "v", "t" -> {
                            if (value != null) {
                                value.append(x.getElementText());
                            }
                        }
                        default -> { }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && x.getLocalName().equals("c") && ref != null) {
                    String v = value.toString();
                    if ("s".equals(type)) {
                        int i = Integer.parseInt(v.trim());
                        out.put(ref, new Cell(i >= 0 && i < shared.size() ? shared.get(i) : "", null));
                    } else if ("inlineStr".equals(type) || "str".equals(type) || "b".equals(type) || "e".equals(type)) {
                        out.put(ref, new Cell(v, null));
                    } else {
                        out.put(ref, new Cell(v, v.isBlank() ? null : Double.valueOf(v.trim())));
                    }
                    ref = null;
                    value = null;
                }
            }
            return out;
        } catch (XMLStreamException | NumberFormatException e) {
            throw new IOException("XLSX sheet is not well-formed: " + e.getMessage(), e);
        }
    }

    /** The named parts of an OOXML package ({@code null}: every part), inflated with a size limit. */
    private static Map<String, byte[]> parts(byte[] zip, List<String> wanted) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (!e.isDirectory() && (wanted == null || wanted.contains(e.getName()))) {
                    out.put(e.getName(), limited(in, e.getName()));
                }
            }
        }
        return out;
    }

    private static byte[] limited(InputStream in, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > MAX_PART) {
                throw new IOException("document part " + name + " inflates past " + (MAX_PART >> 20) + " MiB; refused");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static XMLStreamReader reader(byte[] xml) throws XMLStreamException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return f.createXMLStreamReader(new ByteArrayInputStream(xml));
    }

    private static String unescape(String s) {
        Matcher m = Pattern.compile("&(#x?[0-9a-fA-F]+|amp|lt|gt|quot|apos);").matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r = switch (e) {
                case "amp" -> "&";
                case "lt" -> "<";
                case "gt" -> ">";
                case "quot" -> "\"";
                case "apos" -> "'";
                default -> new String(Character.toChars(e.startsWith("#x") ? Integer.parseInt(e.substring(2), 16)
                        : Integer.parseInt(e.substring(1))));
            };
            m.appendReplacement(out, Matcher.quoteReplacement(r));
        }
        return m.appendTail(out).toString();
    }
}
