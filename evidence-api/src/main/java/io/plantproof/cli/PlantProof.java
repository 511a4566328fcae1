package io.plantproof.cli;

import io.plantproof.plant.PlantConfigException;

import org.slf4j.bridge.SLF4JBridgeHandler;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code plantproof} launcher: one entry point for every subcommand of DESIGN.md.
 * Exit codes: 0 success, 1 a check failed, 2 bad usage or unreadable input.
 */
public final class PlantProof {

    static final String USAGE = """
            usage: plantproof <command> [options]

              demo [--for 90s] [--out DIR] [--seed N] [--history-days N] [--mqtt json|sparkplug]
                                       simulated plant end to end: collect, import, bundle, verify
              collect --config plant.yml           run the connectors until stopped
              serve --config plant.yml [--port 8787] [--baseline A..B --current C..D]
                                       collect and serve the REST API (/api/indicators) and Actuator (/actuator/health, /actuator/metrics)
              import --config plant.yml FILE...     import ERP/MES/historian export files
              metrics --config plant.yml --type T --baseline A..B --current C..D [--workshop W] [--json]
              evidence build --config plant.yml --type T --baseline A..B --current C..D --out bundle.zip [--workshop W]
              evidence verify bundle.zip [--json] [--key FINGERPRINT] [--checkpoints FILE]
              opcua browse --config plant.yml --connection ID [--path GLOB]     (as the plant file connects), or
              opcua browse --endpoint URL [--path GLOB] [--connection ID] [--config plant.yml | --pki-dir DIR]
                           [--security-policy P --security-mode M] [--username U --password-env VAR|--password-file F]
                           [--user-certificate F.p12 [--user-certificate-alias A] [--user-certificate-password-env VAR|-file F]]
                           [--application-certificate F.p12 [...-alias A] [...-password-env VAR|-file F]]
                                       list a server's variables and print a plant-file skeleton (docs/opcua.md)
              ledger verify --config plant.yml
              ledger checkpoint --config plant.yml [--out FILE]

            T is smart-factory or digital-workshop; dates are ISO days, inclusive (2025-07-01..2025-12-31).
            Exit codes: 0 success, 1 a check failed, 2 bad usage or unreadable input.
            """;

    private PlantProof() {
    }

    public static void main(String[] argv) {
        // Tomcat and other JUL users log through logback, with its format and levels, not JUL's two-line console form
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(run(Arrays.asList(argv), System.out, System.err));
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) {
        if (argv.isEmpty() || argv.get(0).equals("--help") || argv.get(0).equals("help")) {
            (argv.isEmpty() ? err : out).print(USAGE);
            return argv.isEmpty() ? 2 : 0;
        }
        String command = argv.get(0);
        List<String> rest = argv.subList(1, argv.size());
        Commands commands = new Commands(out, err);
        try {
            return switch (command) {
                case "demo" -> new Demo(out, err).run(rest);
                case "collect" -> commands.collect(rest);
                case "serve" -> new Serve(out, err).run(rest);
                case "import" -> commands.importFiles(rest);
                case "metrics" -> commands.metrics(rest);
                case "evidence" -> sub(rest, "build", commands::evidenceBuild, "verify", commands::evidenceVerify);
                case "ledger" -> sub(rest, "verify", commands::ledgerVerify, "checkpoint", commands::ledgerCheckpoint);
                case "opcua" -> sub(rest, "browse", commands::opcuaBrowse, null, null);
                default -> throw new UsageException("unknown command '" + command + "'");
            };
        } catch (UsageException | PlantConfigException | IllegalArgumentException e) {
            err.println("plantproof: " + e.getMessage());
            if (e instanceof UsageException) {
                err.print(USAGE);
            }
            return 2;
        }
    }

    /** A command with sub-verbs, e.g. {@code evidence build}. */
    interface Verb {
        int run(List<String> args);
    }

    private static int sub(List<String> args, String a, Verb va, String b, Verb vb) {
        if (args.isEmpty()) {
            throw new UsageException("missing sub-command: " + a + (b == null ? "" : " or " + b));
        }
        List<String> rest = args.subList(1, args.size());
        if (args.get(0).equals(a)) {
            return va.run(rest);
        }
        if (b != null && args.get(0).equals(b)) {
            return vb.run(rest);
        }
        throw new UsageException("unknown sub-command '" + args.get(0) + "'");
    }
}
