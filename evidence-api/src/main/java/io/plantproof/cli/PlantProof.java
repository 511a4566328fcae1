package io.plantproof.cli;

import io.plantproof.plant.PlantConfigException;
import io.plantproof.profile.ProfileException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code plantproof} launcher: one entry point for every subcommand of DESIGN.md, declared with picocli.
 * Exit codes: 0 success, 1 a check failed, 2 bad usage or unreadable input (never a stack trace).
 */
@Command(name = "plantproof", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        sortOptions = false, sortSynopsis = false, versionProvider = PlantProof.Version.class,
        description = "Collects a plant's evidence, computes the application's indicators and proves them.",
        subcommands = {HelpCommand.class, DemoCommand.class, CollectCommand.class, ServeCommand.class, ImportCommand.class,
                MetricsCommand.class, EvidenceCommands.class, DocumentsCommands.class, OpcUaCommands.class, LedgerCommands.class,
                KeyCommands.class, WitnessCommand.class},
        footer = {"", PlantProof.FOOTER_TYPES, PlantProof.FOOTER_EXIT_CODES,
                "'plantproof COMMAND --help' shows a command's options."})
public final class PlantProof {

    static final String FOOTER_TYPES = "T is smart-factory or digital-workshop; dates are ISO days, inclusive, in the plant's"
            + " time zone (2025-07-01..2025-12-31).";
    static final String FOOTER_EXIT_CODES = "Exit codes: 0 success, 1 a check failed, 2 bad usage or unreadable input."
            + " evidence verify: 3 intact but origin not established, 4 not anchored in time, 5 rule set unknown (docs/trust.md).";

    private static final Logger LOG = LoggerFactory.getLogger(PlantProof.class);

    private PlantProof() {
    }

    public static void main(String[] argv) {
        // Tomcat and other JUL users log through logback, with its format and levels, not JUL's two-line console form
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(run(Arrays.asList(argv), System.out, System.err));
    }

    /** Runs one command line, printing to {@code out} and {@code err}; returns the exit code. */
    static int run(List<String> argv, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        try {
            return commandLine(o, e).execute(argv.toArray(String[]::new));
        } finally {
            o.flush();
            e.flush();
        }
    }

    /** The whole command tree with its converters and error handling; also the source of the README's command table. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(PlantProof.class);
        cl.registerConverter(io.plantproof.metrics.Period.class, Converters::period);
        cl.registerConverter(Duration.class, Converters::duration);
        cl.registerConverter(io.plantproof.rules.ApplicationType.class, Converters::applicationType);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(PlantProof::badUsage);
        cl.setExecutionExceptionHandler(PlantProof::failed);
        return cl;
    }

    /** A command line picocli cannot parse: the reason, then the usage of the command it was meant for. */
    private static int badUsage(ParameterException e, String[] argv) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("plantproof: " + e.getMessage());
        if (UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("see: " + cmd.getCommandSpec().qualifiedName() + " --help");
        } else {
            err.print(cmd.getUsageMessage());
        }
        return 2;
    }

    /**
     * An error while a command ran. Bad input ({@link UsageException}, a plant file error, a rejected value) is the
     * user's to fix; anything else is reported by its message too, with the stack trace only in the DEBUG log.
     */
    private static int failed(Exception e, CommandLine cmd, ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof UsageException || e instanceof PlantConfigException || e instanceof ProfileException
                || e instanceof IllegalArgumentException) {
            err.println("plantproof: " + e.getMessage());
            if (e instanceof UsageException) {
                err.println("see: " + cmd.getCommandSpec().qualifiedName() + " --help");
            }
        } else {
            String command = cmd.getCommandSpec().qualifiedName(" ").substring(cmd.getCommandSpec().root().name().length()).strip();
            LOG.debug("{} failed", command, e);
            err.println("plantproof: " + command + " failed: " + messages(e)
                    + " (PLANTPROOF_LOG_LEVEL=DEBUG logs the stack trace)");
        }
        return 2;
    }

    /** The messages of an exception and its causes, each once. */
    static String messages(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(m) < 0) {
                text.append(text.length() == 0 ? "" : ": ").append(m);
            }
        }
        return text.toString();
    }

    /** The version Maven recorded in the jar, or "development build" when run from classes. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = PlantProof.class.getPackage().getImplementationVersion();
            return new String[] {"plantproof " + (version == null ? "development build" : version)};
        }
    }
}
