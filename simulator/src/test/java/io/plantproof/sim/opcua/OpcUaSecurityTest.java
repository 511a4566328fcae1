package io.plantproof.sim.opcua;

import io.plantproof.opcua.OpcUaConnector;
import io.plantproof.plant.OpcUaConnection;
import io.plantproof.plant.OpcUaConnection.SecurityPolicy;
import io.plantproof.plant.OpcUaConnection.SecurityMode;
import io.plantproof.plant.OpcUaConnection.KeyStoreEntry;
import io.plantproof.plant.Plant;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sim.SimulatedPlant;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.plantproof.sim.opcua.OpcUaTestSupport.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Message security and user authentication against the simulator's Milo server, which offers every endpoint: each
 * security policy and mode connects and delivers data, as does each kind of user; an untrusted server certificate is
 * refused with a message naming the file to move, and is accepted once it has been moved; a server that does not trust
 * the collector's certificate is reported naming the collector's file to add there, and data flows once it is added.
 */
class OpcUaSecurityTest {

    private static final int NODES = 3;
    private static final String USER = "operator";
    private static final String PASSWORD = "s3cret-Passw0rd";
    private static final String USER_KEYSTORE_PASSWORD = "changeit";

    @TempDir
    static Path shared;

    private static SimOpcUaServer server;
    private static KeyStoreEntry userCertificate;

    @BeforeAll
    static void startServerAndTrustIt() throws Exception {
        KeyPair userKeys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate userCert = new SelfSignedCertificateBuilder(userKeys).setCommonName("line operator").build();
        Path userStore = shared.resolve("user.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("operator", userKeys.getPrivate(), USER_KEYSTORE_PASSWORD.toCharArray(), new X509Certificate[]{userCert});
        try (OutputStream out = Files.newOutputStream(userStore)) {
            store.store(out, USER_KEYSTORE_PASSWORD.toCharArray());
        }
        // Relative, as a plant file would write it: resolved against the data dir.
        userCertificate = new KeyStoreEntry("user.p12", USER_KEYSTORE_PASSWORD, null);

        server = new SimOpcUaServer(new SimulatedPlant(42, Instant.now().getEpochSecond() - 3600), 0,
                new SimOpcUaServer.Users(Map.of(USER, PASSWORD), Set.of(userCert)));
        server.loadVariables(NODES);
        server.start();
        Path trusted = Files.createDirectories(shared.resolve("opcua-pki/trusted"));
        Files.write(trusted.resolve("sim.der"), server.certificate().getEncoded());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static Stream<Arguments> endpoints() {
        Stream<Arguments> everyPolicyAndMode = Stream.of(
                Arguments.of("None", "None", "anonymous"),
                Arguments.of("Basic256Sha256", "Sign", "anonymous"),
                Arguments.of("Basic256Sha256", "SignAndEncrypt", "anonymous"),
                Arguments.of("Aes128_Sha256_RsaOaep", "Sign", "anonymous"),
                Arguments.of("Aes128_Sha256_RsaOaep", "SignAndEncrypt", "anonymous"),
                Arguments.of("Aes256_Sha256_RsaPss", "Sign", "anonymous"),
                Arguments.of("Aes256_Sha256_RsaPss", "SignAndEncrypt", "anonymous"));
        // Each user kind once without message security (the token itself is protected) and once with the strongest.
        Stream<Arguments> everyUserKind = Stream.of(
                Arguments.of("None", "None", "password"),
                Arguments.of("Aes256_Sha256_RsaPss", "SignAndEncrypt", "password"),
                Arguments.of("None", "None", "x509"),
                Arguments.of("Aes256_Sha256_RsaPss", "SignAndEncrypt", "x509"));
        return Stream.concat(everyPolicyAndMode, everyUserKind);
    }

    @ParameterizedTest(name = "{0}/{1} {2}")
    @MethodSource("endpoints")
    void connectsAndReceivesData(String policy, String mode, String user) {
        OpcUaConnection connection = connection(policy, mode,
                user.equals("password") ? USER : null, user.equals("password") ? PASSWORD : null,
                user.equals("x509") ? userCertificate : null);
        ConcurrentLinkedQueue<SampleBatch> batches = new ConcurrentLinkedQueue<>();
        try (OpcUaConnector connector = new OpcUaConnector(LoadPlant.of(connection, NODES, shared.toString()), connection,
                batches::add)) {
            connector.start();

            awaitTrue(Duration.ofSeconds(15), () -> devicesSignals(batches).size() == NODES,
                    () -> "a sample of each load variable via " + policy + "/" + mode + " as " + user + "; status " + connector.status());
            assertThat(connector.status().connected()).isTrue();
            assertThat(connector.status().itemsGood()).isEqualTo(NODES);
            assertThat(connector.status().lastError()).isNull();
        }
    }

    @Test
    void wrongPasswordIsReportedAndNothingArrives() {
        OpcUaConnection connection = connection("Basic256Sha256", "SignAndEncrypt", USER, "wrong", null);
        ConcurrentLinkedQueue<SampleBatch> batches = new ConcurrentLinkedQueue<>();
        try (OpcUaConnector connector = new OpcUaConnector(LoadPlant.of(connection, NODES, shared.toString()), connection,
                batches::add)) {
            connector.start();

            awaitTrue(Duration.ofSeconds(15), () -> connector.status().lastError() != null, () -> "the refusal to be reported");
            assertThat(connector.status().lastError()).contains("Bad_UserAccessDenied");
            assertThat(connector.status().connected()).isFalse();
            assertThat(batches).isEmpty();
        }
    }

    @Test
    void untrustedServerCertificateIsRefusedUntilItsFileIsMovedToTrusted(@TempDir Path dataDir) throws Exception {
        OpcUaConnection connection = connection("Basic256Sha256", "SignAndEncrypt", null, null, null);
        ConcurrentLinkedQueue<SampleBatch> batches = new ConcurrentLinkedQueue<>();
        try (OpcUaConnector connector = new OpcUaConnector(LoadPlant.of(connection, NODES, dataDir.toString()), connection,
                batches::add)) {
            connector.start();

            awaitTrue(Duration.ofSeconds(15), () -> connector.status().lastError() != null, () -> "the refusal to be reported");
            Path pki = dataDir.resolve("opcua-pki");
            List<Path> rejected;
            try (Stream<Path> files = Files.list(pki.resolve("rejected"))) {
                rejected = files.toList();
            }
            assertThat(rejected).singleElement().satisfies(f -> {
                assertThat(f.getFileName().toString()).startsWith("PlantProof-simulated-plant-").endsWith(".der");
                assertThat(Files.readAllBytes(f)).isEqualTo(server.certificate().getEncoded());
            });
            assertThat(connector.status().lastError()).isEqualTo("server certificate of " + server.endpointUrl()
                    + " is not trusted: move " + rejected.get(0) + " to " + pki.resolve("trusted") + "/ to trust it");
            assertThat(connector.status().connected()).isFalse();
            assertThat(batches).isEmpty();

            Files.move(rejected.get(0), pki.resolve("trusted").resolve(rejected.get(0).getFileName()));

            // The back-off has grown to a few seconds by now; the next attempt must succeed.
            awaitTrue(Duration.ofSeconds(40), () -> devicesSignals(batches).size() == NODES,
                    () -> "samples once the certificate is trusted; status " + connector.status());
            assertThat(connector.status().lastError()).isNull();
        }
    }

    @Test
    void serverRefusingTheCollectorsCertificateIsReportedNamingItsFileAndConnectsOnceTrusted(@TempDir Path dataDir,
                                                                                           @TempDir Path serverTrusted) throws Exception {
        try (SimOpcUaServer strict = new SimOpcUaServer(new SimulatedPlant(42, Instant.now().getEpochSecond() - 3600), 0)) {
            strict.loadVariables(NODES);
            strict.trustOnlyClientsIn(serverTrusted);
            strict.start();
            Path pki = Files.createDirectories(dataDir.resolve("opcua-pki/trusted")).getParent();
            Files.write(pki.resolve("trusted/sim.der"), strict.certificate().getEncoded());
            OpcUaConnection connection = new OpcUaConnection("sec", strict.endpointUrl(), SecurityPolicy.BASIC256_SHA256, SecurityMode.SIGN_AND_ENCRYPT,
                    null, null, 200, 100, 10);
            ConcurrentLinkedQueue<SampleBatch> batches = new ConcurrentLinkedQueue<>();
            try (OpcUaConnector connector = new OpcUaConnector(LoadPlant.of(connection, NODES, dataDir.toString()), connection,
                    batches::add)) {
                connector.start();

                awaitTrue(Duration.ofSeconds(15), () -> connector.status().lastError() != null, () -> "the refusal to be reported");
                Path own = pki.resolve("own/collector.der");
                assertThat(connector.status().lastError()).startsWith("the server at " + strict.endpointUrl()
                        + " refused the collector's application certificate (Bad_").endsWith("): its administrator must add "
                        + own + " to the server's trusted client certificates");
                assertThat(batches).isEmpty();

                // What plant IT does on the server; the collector keeps running.
                Files.copy(own, serverTrusted.resolve("plantproof-collector.der"));

                awaitTrue(Duration.ofSeconds(40), () -> devicesSignals(batches).size() == NODES,
                        () -> "samples once the server trusts the collector; status " + connector.status());
                assertThat(connector.status().lastError()).isNull();
            }
        }
    }

    private static OpcUaConnection connection(String policy, String mode, String username, String password, KeyStoreEntry userCert) {
        return new OpcUaConnection("sec", server.endpointUrl(), OpcUaConnection.named(SecurityPolicy.class, policy),
                OpcUaConnection.named(SecurityMode.class, mode), username, password, 200, 100, 10,
                null, null, null, null, null, null, null, null, userCert, null);
    }

    private static Set<String> devicesSignals(ConcurrentLinkedQueue<SampleBatch> batches) {
        return batches.stream().flatMap(b -> b.samples().stream()).map(s -> s.device() + "/" + s.signal())
                .collect(Collectors.toSet());
    }
}
