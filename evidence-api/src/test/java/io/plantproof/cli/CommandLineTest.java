package io.plantproof.cli;

import io.plantproof.cli.SmallBundle.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.plantproof.cli.SmallBundle.plantproof;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher's contract with a plant admin: per-command help (exit 0), and every bad command line or unreadable input
 * answered with one message naming what is wrong and exit 2 — never a stack trace.
 */
class CommandLineTest {

    private static final String DAYS = "2025-07-01..2025-07-31";

    @Test
    void everyCommandHasItsOwnHelp() {
        for (List<String> command : commands(PlantProof.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .getCommandSpec())) {
            List<String> argv = new ArrayList<>(command);
            argv.add("--help");
            Run help = plantproof(argv.toArray(String[]::new));

            assertThat(help.code()).as(String.join(" ", argv)).isZero();
            assertThat(help.out()).as(String.join(" ", argv)).startsWith("Usage: plantproof " + String.join(" ", command))
                    .contains("Exit codes: 0 success, 1 a check failed, 2 bad usage or unreadable input.");
        }
    }

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                Arguments.of(List.of(), "Missing required subcommand"),
                Arguments.of(List.of("no-such-command"), "'no-such-command'"),
                Arguments.of(List.of("evidence"), "Missing required subcommand"),
                Arguments.of(List.of("evidence", "verify"), "bundle.zip"),
                Arguments.of(List.of("evidence", "verify", "b.zip", "--bogus"), "--bogus"),
                Arguments.of(List.of("metrics", "--type", "digital-workshop", "--baseline", DAYS, "--current", DAYS), "--config"),
                Arguments.of(List.of("metrics", "--config", "p.yml", "--type", "smart-plant", "--baseline", DAYS, "--current", DAYS),
                        "Invalid value for option '--type': unknown application type 'smart-plant'"),
                Arguments.of(List.of("metrics", "--config", "p.yml", "--type", "smart-factory", "--baseline", "2025-07-01", "--current", DAYS),
                        "Invalid value for option '--baseline': period '2025-07-01' must look like 2025-07-01..2025-12-31"),
                Arguments.of(List.of("metrics", "--config", "p.yml", "--type", "smart-factory", "--baseline", "2025-07-31..2025-07-01",
                        "--current", DAYS), "is empty or reversed"),
                Arguments.of(List.of("demo", "--for", "ninety"), "Invalid value for option '--for': 'ninety' is not a duration"),
                Arguments.of(List.of("demo", "--history-days", "0", "--out", "/nonexistent/never"), "--history-days must be 1..60"),
                Arguments.of(List.of("demo", "--mqtt", "xml"), "--mqtt"),
                Arguments.of(List.of("serve", "--config", "p.yml", "--port", "eighty"), "--port"),
                Arguments.of(List.of("collect", "--config", "/nonexistent/plant.yml"), "plant file /nonexistent/plant.yml does not exist"),
                Arguments.of(List.of("opcua", "browse"), "--endpoint URL is needed"));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void badCommandLineIsExitTwoWithAMessageAndNoStackTrace(List<String> argv, String message) {
        Run run = plantproof(argv.toArray(String[]::new));

        assertThat(run.code()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains(message).startsWith("plantproof: ");
        assertNoStackTrace(run);
    }

    @Test
    void importOfAMissingFileNamesItBeforeOpeningTheDataFolder(@TempDir Path dir) throws IOException {
        Path plant = Files.writeString(dir.resolve("plant.yml"), "enterprise: {name: X}\nworkshops: [{id: W, name: a}]\nequipment: []\ndataDir: data\n");

        Run run = plantproof("import", "--config", plant.toString(), dir.resolve("missing.csv").toString());

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("export file " + dir.resolve("missing.csv") + " does not exist");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void anUnexpectedFailureIsReportedByItsMessageWithoutAStackTrace(@TempDir Path dir) throws IOException {
        // the data folder is a file: opening the ledger fails deep inside, with no message written for this case
        Files.writeString(dir.resolve("data"), "not a folder");
        Path plant = Files.writeString(dir.resolve("plant.yml"), "enterprise: {name: X}\nworkshops: [{id: W, name: a}]\nequipment: []\ndataDir: data\n");

        Run run = plantproof("ledger", "checkpoint", "--config", plant.toString());

        assertThat(run.code()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).startsWith("plantproof: ledger checkpoint failed: ").contains(dir.resolve("data").toString())
                .contains("PLANTPROOF_LOG_LEVEL=DEBUG");
        assertNoStackTrace(run);
    }

    private static void assertNoStackTrace(Run run) {
        assertThat(run.all()).doesNotContainPattern("\\tat [a-z]+\\.").doesNotContain("Exception:").doesNotContain("Caused by");
    }

    /** Every runnable command as its words, e.g. [evidence, verify]. */
    private static List<List<String>> commands(CommandSpec spec) {
        List<List<String>> all = new ArrayList<>();
        for (CommandLine sub : spec.subcommands().values()) {
            CommandSpec s = sub.getCommandSpec();
            if (s.userObject() instanceof PlantCommand) {
                all.add(List.of(s.qualifiedName().substring("plantproof ".length()).split(" ")));
            }
            all.addAll(commands(s));
        }
        return all.stream().distinct().toList();
    }
}
