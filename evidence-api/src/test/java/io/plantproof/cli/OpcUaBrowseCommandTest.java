package io.plantproof.cli;

import io.plantproof.plant.PlantFile;
import io.plantproof.sim.SimulatedPlant;
import io.plantproof.sim.opcua.SimOpcUaServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plantproof opcua browse} on a signed and encrypted endpoint as a user whose password comes from a file: refused
 * while the server's certificate is untrusted, naming the file to move; after the move the skeleton carries the
 * security settings and user but never the password.
 */
class OpcUaBrowseCommandTest {

    private static final String PASSWORD = "From-A-File-0nly";

    private static SimOpcUaServer server;

    @BeforeAll
    static void startServer() {
        server = new SimOpcUaServer(new SimulatedPlant(7, Instant.now().getEpochSecond() - 3600), 0,
                new SimOpcUaServer.Users(Map.of("engineer", PASSWORD), Set.of()));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void securedBrowseIsRefusedUntilTheServerIsTrustedThenPrintsASkeletonWithoutThePassword(@TempDir Path dir) throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("password"), PASSWORD + "\n");
        Path pki = dir.resolve("pki");
        List<String> browse = List.of("opcua", "browse", "--endpoint", server.endpointUrl(), "--path", "Objects/Plant/*/CNC-01/*",
                "--security-policy", "Basic256Sha256", "--security-mode", "SignAndEncrypt",
                "--username", "engineer", "--password-file", passwordFile.toString(), "--pki-dir", pki.toString());

        Run refused = run(browse);
        assertThat(refused.code()).isEqualTo(1);
        Path rejected;
        try (Stream<Path> files = Files.list(pki.resolve("rejected"))) {
            rejected = files.findFirst().orElseThrow();
        }
        assertThat(refused.err()).contains("server certificate of " + server.endpointUrl() + " is not trusted: move "
                + rejected + " to " + pki.resolve("trusted") + "/ to trust it");

        Files.move(rejected, pki.resolve("trusted").resolve(rejected.getFileName()));
        Run browsed = run(browse);

        assertThat(browsed.code()).as(browsed.err()).isZero();
        assertThat(browsed.out()).contains("securityPolicy: Basic256Sha256", "securityMode: SignAndEncrypt",
                "username: \"engineer\"", "pkiDir: \"" + pki + "\"").doesNotContain(PASSWORD);
        var connection = PlantFile.parse("enterprise: {name: X}\nworkshops: [{id: WS-MACH, name: a}]\n" + browsed.out(), "browse")
                .opcua().get(0);
        assertThat(connection.problems()).isEmpty();
        assertThat(connection.pkiDir()).isEqualTo(pki.toString());
    }

    @Test
    void aPlantFileConnectionIsBrowsedAsTheCollectorConnectsAndRefusesOptionsThatWouldChangeIt(@TempDir Path dir) throws Exception {
        Path plantFile = Files.writeString(dir.resolve("plant.yml"), """
                enterprise: {name: X}
                workshops: [{id: WS-MACH, name: a}]
                equipment: []
                dataDir: data
                opcua:
                  - id: line2
                    endpoint: %s
                    username: engineer
                    password: %s
                """.formatted(server.endpointUrl(), PASSWORD));

        Run browsed = run(List.of("opcua", "browse", "--config", plantFile.toString(), "--connection", "line2",
                "--path", "Objects/Plant/*/CNC-01/*"));

        assertThat(browsed.code()).as(browsed.err()).isZero();
        assertThat(browsed.out()).contains("id: \"line2\"", "username: \"engineer\"").doesNotContain(PASSWORD);
        assertThat(dir.resolve("data/opcua-pki/own")).as("the plant's PKI under its data dir").isDirectory();

        Run mixed = run(List.of("opcua", "browse", "--config", plantFile.toString(), "--connection", "line2",
                "--security-mode", "Sign"));
        assertThat(mixed.code()).isEqualTo(2);
        assertThat(mixed.err()).contains("--connection line2 connects as the plant file says; drop --security-mode");
    }

    @Test
    void usernameWithoutAPasswordSourceIsAUsageError() {
        Run run = run(List.of("opcua", "browse", "--endpoint", server.endpointUrl(), "--username", "engineer"));

        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--username needs --password-env VAR or --password-file FILE");
    }

    private static Run run(List<String> argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PlantProof.run(new ArrayList<>(argv), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int code, String out, String err) {
    }
}
