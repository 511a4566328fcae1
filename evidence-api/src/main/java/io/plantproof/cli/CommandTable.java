package io.plantproof.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The README's command table, written from the same picocli declarations as the usage help, so the two cannot disagree
 * ({@code CommandTableTest} compares it with README.md).
 */
final class CommandTable {

    static final String BEGIN = "<!-- commands: generated from the CLI's declarations (CommandTable); CommandTableTest checks it -->";
    static final String END = "<!-- /commands -->";

    private CommandTable() {
    }

    /** The markdown table between {@link #BEGIN} and {@link #END}, one row per runnable command. */
    static String markdown() {
        CommandLine root = PlantProof.commandLine(new PrintWriter(System.out), new PrintWriter(System.err));
        StringBuilder table = new StringBuilder(BEGIN + "\n| command | what it does |\n|---|---|\n");
        for (CommandSpec command : runnable(root.getCommandSpec()).toList()) {
            table.append("| `").append(synopsis(command).replace("|", "\\|")).append("` | ")
                    .append(command.usageMessage().description()[0].replace("|", "\\|")).append(" |\n");
        }
        return table.append(END).append('\n').toString();
    }

    /** The commands that run something, depth first in declaration order (not the groups like {@code evidence}, not help). */
    private static Stream<CommandSpec> runnable(CommandSpec command) {
        if (command.subcommands().isEmpty()) {
            return command.userObject() instanceof PlantCommand ? Stream.of(command) : Stream.empty();
        }
        return command.subcommands().values().stream().map(CommandLine::getCommandSpec).distinct().flatMap(CommandTable::runnable);
    }

    /** The command with its required options, its parameters, then its optional options in brackets. */
    static String synopsis(CommandSpec command) {
        List<String> parts = new ArrayList<>(List.of(command.qualifiedName()));
        List<OptionSpec> options = command.options().stream().filter(o -> !o.usageHelp() && !o.versionHelp()).toList();
        options.stream().filter(ArgSpec::required).forEach(o -> parts.add(option(o)));
        for (PositionalParamSpec p : command.positionalParameters()) {
            parts.add(p.paramLabel() + (p.arity().max() > 1 ? "…" : ""));
        }
        options.stream().filter(o -> !o.required()).forEach(o -> parts.add("[" + option(o) + "]"));
        return String.join(" ", parts);
    }

    private static String option(OptionSpec o) {
        return o.longestName() + (o.arity().max() == 0 ? "" : " " + o.paramLabel());
    }

    /** Prints the table, to paste into README.md after a command or option changed. */
    public static void main(String[] args) {
        System.out.print(markdown());
    }
}
