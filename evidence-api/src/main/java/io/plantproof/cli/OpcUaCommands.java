package io.plantproof.cli;

import io.plantproof.opcua.OpcUaBrowser;
import io.plantproof.plant.OpcUaConnection;
import io.plantproof.plant.OpcUaConnection.KeyStoreEntry;
import io.plantproof.plant.OpcUaConnection.SecurityMode;
import io.plantproof.plant.OpcUaConnection.SecurityPolicy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code plantproof opcua browse}: discovers an OPC UA server's variables for the plant file.
 */
@Command(name = "opcua", description = "discover an OPC UA server's variables", subcommands = OpcUaCommands.Browse.class)
final class OpcUaCommands {

    private OpcUaCommands() {
    }

    /**
     * Lists a server's variables and prints a plant-file skeleton for them, connecting with the security, user and
     * certificates given as the collector would. Passwords come from an environment variable or a file, never the
     * command line (it shows in {@code ps} and shell history). Without {@code --pki-dir} the PKI is the plant's
     * {@code <dataDir>/opcua-pki} when {@code --config} is given, else {@code ./opcua-pki}. With {@code --config} and
     * {@code --connection} naming one of the plant's connections, that connection is used as the collector uses it.
     */
    @Command(name = "browse", description = {"discover nodes (also on secured endpoints, see docs/opcua.md), print a plant-file skeleton",
            "With --config and --connection naming one of its connections, connects as the plant file says."})
    static final class Browse extends PlantCommand {

        /** The options that may accompany a plant-file connection; every other one would change how it connects. */
        private static final Set<String> WITH_PLANT_CONNECTION = Set.of("--path", "--connection", "--config");

        @Option(names = "--endpoint", paramLabel = "URL", description = "opc.tcp:// endpoint (needed unless --connection names a plant-file connection)")
        String endpoint;

        @Option(names = "--path", paramLabel = "GLOB", description = "browse path to list, e.g. Objects/Plant/*/CNC-01/*")
        String path;

        @Option(names = "--connection", paramLabel = "ID", description = "connection id for the skeleton, or a connection of --config")
        String connection;

        @Option(names = "--config", paramLabel = "plant.yml", description = "plant file: its connections and its data folder's PKI")
        Path config;

        @Option(names = "--pki-dir", paramLabel = "DIR", description = "OPC UA PKI folder (own certificate, trusted/ and rejected/ servers)")
        Path pkiDir;

        @Option(names = "--security-policy", paramLabel = "P", description = "None, Basic256Sha256, Aes128_Sha256_RsaOaep or Aes256_Sha256_RsaPss")
        String securityPolicy;

        @Option(names = "--security-mode", paramLabel = "M", description = "None, Sign or SignAndEncrypt")
        String securityMode;

        @Option(names = "--username", paramLabel = "U", description = "user name; the password comes from --password-env or --password-file")
        String username;

        @Option(names = "--password-env", paramLabel = "VAR", description = "environment variable holding the password")
        String passwordEnv;

        @Option(names = "--password-file", paramLabel = "F", description = "file whose first line is the password")
        Path passwordFile;

        @Option(names = "--user-certificate", paramLabel = "F.p12", description = "PKCS#12 file of an X.509 user identity")
        Path userCertificate;

        @Option(names = "--user-certificate-alias", paramLabel = "A", description = "its key alias")
        String userCertificateAlias;

        @Option(names = "--user-certificate-password-env", paramLabel = "VAR", description = "environment variable holding its password")
        String userCertificatePasswordEnv;

        @Option(names = "--user-certificate-password-file", paramLabel = "F", description = "file holding its password")
        Path userCertificatePasswordFile;

        @Option(names = "--application-certificate", paramLabel = "F.p12", description = "PKCS#12 file of the client's application instance certificate")
        Path applicationCertificate;

        @Option(names = "--application-certificate-alias", paramLabel = "A", description = "its key alias")
        String applicationCertificateAlias;

        @Option(names = "--application-certificate-password-env", paramLabel = "VAR", description = "environment variable holding its password")
        String applicationCertificatePasswordEnv;

        @Option(names = "--application-certificate-password-file", paramLabel = "F", description = "file holding its password")
        Path applicationCertificatePasswordFile;

        @Override
        public Integer call() {
            PlantConfig plant = config == null ? null : PlantConfig.load(config);
            Path dataDir = plant == null ? Path.of("").toAbsolutePath() : plant.dataDir();
            OpcUaConnection planned = plant == null ? null : plant.plant().opcua().stream()
                    .filter(c -> c.id().equals(connection)).findFirst().orElse(null);
            OpcUaConnection browsed = planned != null ? asPlanned(planned) : fromOptions();
            List<OpcUaBrowser.BrowsedNode> nodes;
            try {
                nodes = OpcUaBrowser.browse(browsed, dataDir, path, Duration.ofSeconds(30));
            } catch (IllegalStateException e) {
                err().println("plantproof: " + e.getMessage());
                return 1;
            }
            err().println(nodes.size() + " variable(s) found");
            out().print(OpcUaBrowser.skeleton(nodes, browsed));
            return nodes.isEmpty() ? 1 : 0;
        }

        /** The plant file's connection; options that would change how it connects are refused rather than half applied. */
        private OpcUaConnection asPlanned(OpcUaConnection planned) {
            for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
                if (!WITH_PLANT_CONNECTION.contains(option.longestName())) {
                    throw new UsageException("--connection " + planned.id() + " connects as the plant file says; drop "
                            + option.longestName() + " (or browse without --config to give every setting as an option)");
                }
            }
            return planned;
        }

        private OpcUaConnection fromOptions() {
            if (endpoint == null) {
                throw new UsageException("--endpoint URL is needed unless --config and --connection name a plant-file connection");
            }
            String password = secret("--password", passwordEnv, passwordFile);
            if (username != null && password == null) {
                throw new UsageException("--username needs --password-env VAR or --password-file FILE");
            }
            SecurityPolicy policy;
            SecurityMode mode;
            try {
                policy = OpcUaConnection.named(SecurityPolicy.class, securityPolicy);
                mode = OpcUaConnection.named(SecurityMode.class, securityMode);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--security-policy / --security-mode: " + e.getMessage());
            }
            return new OpcUaConnection(connection == null ? "line1" : connection, endpoint, policy, mode,
                    username, password, null, null, null, null, null, null, null, null, null, absolute(pkiDir),
                    keyStore("--application-certificate", applicationCertificate, applicationCertificateAlias,
                            secret("--application-certificate-password", applicationCertificatePasswordEnv, applicationCertificatePasswordFile)),
                    keyStore("--user-certificate", userCertificate, userCertificateAlias,
                            secret("--user-certificate-password", userCertificatePasswordEnv, userCertificatePasswordFile)),
                    null);
        }

        /** A PKCS#12 entry from {@code --<name> FILE} with its alias and password, or null when no file is given. */
        private static KeyStoreEntry keyStore(String option, Path file, String alias, String password) {
            if (file == null) {
                if (alias != null || password != null) {
                    throw new UsageException(option + "-alias and " + option + "-password-* need " + option + " FILE");
                }
                return null;
            }
            return new KeyStoreEntry(absolute(file), password, alias);
        }

        /** The secret named by {@code <option>-env VAR} or {@code <option>-file FILE} (its first line); null if neither. */
        private static String secret(String option, String variable, Path file) {
            if (variable != null && file != null) {
                throw new UsageException("give " + option + "-env or " + option + "-file, not both");
            }
            if (variable != null) {
                String value = System.getenv(variable);
                if (value == null) {
                    throw new UsageException(option + "-env: environment variable " + variable + " is not set");
                }
                return value;
            }
            if (file == null) {
                return null;
            }
            try {
                return Files.readAllLines(file).stream().findFirst().orElse("");
            } catch (IOException e) {
                throw new UsageException(option + "-file: cannot read " + file + ": " + e.getMessage());
            }
        }

        /** Command-line paths are relative to the working directory; the connection resolves relative ones against the data dir. */
        private static String absolute(Path path) {
            return path == null ? null : path.toAbsolutePath().normalize().toString();
        }
    }
}
