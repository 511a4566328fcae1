package io.plantproof.cli;

import io.plantproof.evidence.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.plantproof.cli.SmallBundle.plantproof;
import static io.plantproof.cli.SmallBundle.sign;
import static io.plantproof.cli.SmallBundle.statement;
import static io.plantproof.cli.SmallBundle.write;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile bundles are refused as unreadable input (exit 2) with a message naming the problem, and
 * verification writes nothing anywhere: an entry that tries to escape is never extracted.
 */
class BundleHostileInputTest {

    @TempDir
    static Path tmp;
    static SmallBundle small;

    @BeforeAll
    static void build() {
        small = SmallBundle.get();
    }

    private static SmallBundle.Run verify(Path zip) {
        return plantproof("evidence", "verify", zip.toString());
    }

    private static Map<String, byte[]> withExtra(String name, byte[] bytes) {
        Map<String, byte[]> e = new LinkedHashMap<>();
        e.put(name, bytes);
        e.putAll(small.entries());
        return e;
    }

    @Test
    void zipSlipEntryIsRefusedAndNotWritten() {
        // extracted naively into tmp, the entry would land next to it
        Path escape = tmp.getParent().resolve("plantproof-zip-slip-" + ProcessHandle.current().pid() + ".txt");
        SmallBundle.Run run = verify(write(withExtra("chunks/../../" + escape.getFileName(), new byte[]{1}), tmp.resolve("slip.zip")));
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("'chunks/../../" + escape.getFileName() + "'").contains("zip-slip");
        assertThat(escape).doesNotExist();
    }

    @Test
    void absolutePathEntryIsRefusedAndNotWritten() {
        Path target = tmp.resolve("absolute-target.txt");
        SmallBundle.Run run = verify(write(withExtra(target.toString(), new byte[]{1}), tmp.resolve("absolute.zip")));
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("'" + target + "'").contains("absolute or parent path");
        assertThat(target).doesNotExist();
    }

    @Test
    void duplicateEntriesAreRefused() throws IOException {
        // ZipOutputStream refuses duplicates, so the second name is patched into the first in the written bytes
        Map<String, byte[]> e = small.entries();
        e.put("statement.dsse.jsoX", e.get(Statement.ENVELOPE));
        Path zip = write(e, tmp.resolve("duplicate.zip"));
        byte[] bytes = Files.readAllBytes(zip);
        byte[] from = "statement.dsse.jsoX".getBytes(StandardCharsets.US_ASCII);
        int patched = 0;
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                bytes[i + from.length - 1] = 'n';
                patched++;
            }
        }
        assertThat(patched).as("local header and central directory").isEqualTo(2);
        Files.write(zip, bytes);
        SmallBundle.Run run = verify(zip);
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("entry 'statement.dsse.json' appears twice");
    }

    @Test
    void zipBombIsRefused() throws IOException {
        Path zip = tmp.resolve("bomb.zip");
        byte[] zeros = new byte[1 << 20];
        try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(os)) {
            out.putNextEntry(new ZipEntry("chunks/bomb.csv"));
            for (int i = 0; i < 260; i++) {
                out.write(zeros);
            }
            out.closeEntry();
        }
        assertThat(Files.size(zip)).as("a bomb: small on disk").isLessThan(1 << 20);
        SmallBundle.Run run = verify(zip);
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("'chunks/bomb.csv'").contains("zip bomb");
    }

    @Test
    void oversizedStatementIsRefused() throws IOException {
        Path zip = tmp.resolve("oversized.zip");
        byte[] spaces = new byte[1 << 20];
        java.util.Arrays.fill(spaces, (byte) ' ');
        try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(os)) {
            out.putNextEntry(new ZipEntry(Statement.ENVELOPE));
            out.write('{');
            for (int i = 0; i < 65; i++) {
                out.write(spaces);
            }
            out.write('}');
            out.closeEntry();
        }
        SmallBundle.Run run = verify(zip);
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("'" + Statement.ENVELOPE + "' is larger than the 64 MiB allowed");
    }

    @Test
    void envelopeWithWrongJsonTypesIsRefused() {
        Map<String, byte[]> e = small.entries();
        e.put(Statement.ENVELOPE, "{\"payloadType\": 7, \"payload\": [1, 2], \"signatures\": \"none\"}".getBytes(StandardCharsets.UTF_8));
        SmallBundle.Run run = verify(write(e, tmp.resolve("envelope-types.zip")));
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains(Statement.ENVELOPE + " is not a valid Envelope (wrong JSON types or fields)");
    }

    @Test
    void signedStatementWithWrongJsonTypesIsRefused() {
        Map<String, byte[]> e = small.entries();
        ObjectNode statement = statement(e);
        statement.put("version", "two");
        sign(e, statement, small.key);
        SmallBundle.Run run = verify(write(e, tmp.resolve("statement-types.zip")));
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("the statement in " + Statement.ENVELOPE + " is not a valid Statement (wrong JSON types or fields)");
    }

    @Test
    void unknownFormatVersionIsRefused() {
        Map<String, byte[]> e = small.entries();
        ObjectNode statement = statement(e);
        statement.put("version", 99);
        sign(e, statement, small.key);
        SmallBundle.Run run = verify(write(e, tmp.resolve("version.zip")));
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("unsupported bundle format plantproof-bundle v99 (this verifier reads plantproof-bundle v"
                + Statement.VERSION_2 + " and v" + Statement.VERSION + ")");
    }

    @Test
    void notAPlantProofBundleIsRefused() {
        SmallBundle.Run run = verify(write(Map.of("readme.txt", new byte[]{1}), tmp.resolve("foreign.zip")));
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("lacks " + Statement.KEY);
    }
}
