package io.plantproof.mqtt;

import io.plantproof.plant.MqttConnection;
import io.plantproof.plant.MqttConnection.PayloadFormat;
import io.plantproof.plant.MqttConnection.Tls;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.SampleSink;
import io.plantproof.sample.Signals;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Interop with Debian's Mosquitto: MQTT 5 with acknowledgement after the sink and a broker crash and restart
 * mid-stream, and MQTT 3.1.1 over mutual TLS with user and password. Skipped when mosquitto is not installed.
 */
class MqttMosquittoTest {

    @TempDir
    Path dir;

    private final List<SampleBatch> stored = new CopyOnWriteArrayList<>();
    private final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();

    @Test
    void mqtt5RedeliversWhatTheSinkRefusedAndSurvivesABrokerRestart() throws Exception {
        Mosquitto.binaryOrSkip();
        int port = MqttTestBroker.freePort();
        String url = "tcp://127.0.0.1:" + port;
        AtomicInteger calls = new AtomicInteger();
        SampleSink failingOnce = batch -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("disk full");
            }
            stored.add(batch);
        };
        MqttConnection c = new MqttConnection("gw", url, "5", "factory/{device}/data", 1, "v5-collector", null, null,
                null, null, PayloadFormat.JSON, null, null, "/meta/ts", null, null, null, null);
        Mosquitto broker = new Mosquitto(port, null, dir.resolve("mosquitto.log")).start();
        try (MqttConnector connector = new MqttConnector(MqttConnectorTest.plant(c), c, failingOnce, deadLetters)) {
            connector.start();
            MqttConnectorTest.await(connector::subscribed);
            publish(url, null, 1);
            MqttConnectorTest.await(() -> ids().contains(1L));
            assertThat(connector.sinkFailures()).isEqualTo(1);
            assertThat(connector.messagesReceived()).isEqualTo(2);

            broker.kill();
            MqttConnectorTest.await(() -> !connector.connected());
            broker = new Mosquitto(port, null, dir.resolve("mosquitto.log")).start();
            // a restarted Mosquitto without persistence has forgotten the subscription: the connector must renew it
            MqttConnectorTest.await(connector::subscribed, 30);
            publish(url, null, 2);
            MqttConnectorTest.await(() -> ids().contains(2L));
            assertThat(ids()).containsExactly(1L, 2L);
            assertThat(deadLetters.total()).isZero();
        } finally {
            broker.close();
        }
    }

    @Test
    void mutualTlsWithUserAndPassword() throws Exception {
        Mosquitto.binaryOrSkip();
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed: TLS test skipped");
        Path ca = dir.resolve("ca.pem");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=plantproof-test-ca");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        for (String name : List.of("server", "client")) {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                    "-subj", "/CN=" + name);
            openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", name + ".pem", "-days", "2", "-extfile", "san.ext");
        }
        run(List.of("mosquitto_passwd", "-b", "-c", dir.resolve("passwd").toString(), "collector", "s3cret"));
        int port = MqttTestBroker.freePort();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "user root",
                "listener " + port + " 127.0.0.1",
                "cafile " + ca, "certfile " + dir.resolve("server.pem"), "keyfile " + dir.resolve("server.key"),
                "require_certificate true",
                "allow_anonymous false",
                "password_file " + dir.resolve("passwd"), ""));
        String url = "ssl://127.0.0.1:" + port;
        Tls clientTls = new Tls(ca.toString(), dir.resolve("client.pem").toString(), dir.resolve("client.key").toString(),
                true);
        try (Mosquitto broker = new Mosquitto(port, conf, dir.resolve("mosquitto.log")).start();
             MqttConnector withoutCertificate = connector(url, "no-cert", new Tls(ca.toString(), null, null, true));
             MqttConnector connector = connector(url, "tls-collector", clientTls)) {
            MqttConnectorTest.await(connector::subscribed);
            publish(url, clientTls, 3);
            MqttConnectorTest.await(() -> ids().contains(3L));
            assertThat(ids()).containsExactly(3L);
            // the broker demands a client certificate, so the same settings without one never get a session
            assertThat(withoutCertificate.connected()).isFalse();
        }
    }

    private MqttConnector connector(String url, String clientId, Tls tls) {
        MqttConnection c = new MqttConnection("gw", url, "3.1.1", "factory/{device}/data", 1, clientId, null,
                "collector", "s3cret", tls, PayloadFormat.JSON, null, null, "/meta/ts", null, null, null, null);
        MqttConnector connector = new MqttConnector(MqttConnectorTest.plant(c), c, stored::add, deadLetters);
        connector.start();
        return connector;
    }

    private List<Long> ids() {
        return stored.stream().flatMap(b -> b.samples().stream()).filter(s -> s.signal().equals(Signals.COUNT_TOTAL))
                .map(s -> (long) s.value()).toList();
    }

    private void publish(String url, Tls tls, long id) throws Exception {
        MqttClient publisher = new MqttClient(url, "publisher-" + id, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        if (tls != null) {
            options.setSocketFactory(TlsSocketFactories.of(tls));
            options.setUserName("collector");
            options.setPassword("s3cret".toCharArray());
        }
        publisher.connect(options);
        publisher.publish("factory/M1/data", MqttConnectorTest.numbered(id), 1, false);
        publisher.disconnect();
        publisher.close();
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        run(command);
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("tools.log").toFile())).start();
        assertThat(p.waitFor()).as("%s, see %s", command, dir.resolve("tools.log")).isZero();
    }
}
