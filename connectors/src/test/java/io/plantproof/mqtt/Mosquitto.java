package io.plantproof.mqtt;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Debian {@code mosquitto} process on a loopback port for interop tests; tests using it are skipped with a message
 * when the binary is not installed ({@code apt-get install mosquitto}). Stoppable and restartable on the same port.
 */
final class Mosquitto implements AutoCloseable {

    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/mosquitto"), Path.of("/usr/bin/mosquitto"));

    private final int port;
    private final Path config;
    private final Path log;
    private Process process;

    /** A broker on {@code port}; {@code config} is a mosquitto.conf, or null for plain {@code -p PORT}. */
    Mosquitto(int port, Path config, Path log) {
        this.port = port;
        this.config = config;
        this.log = log;
    }

    /** Skips the calling test unless the mosquitto binary is installed. */
    static Path binaryOrSkip() {
        Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(binary != null,
                "mosquitto is not installed (apt-get install -y mosquitto mosquitto-clients): interop test skipped");
        return binary;
    }

    Mosquitto start() {
        List<String> command = new ArrayList<>(List.of(binaryOrSkip().toString()));
        if (config == null) {
            command.addAll(List.of("-p", Integer.toString(port)));
        } else {
            command.addAll(List.of("-c", config.toString()));
        }
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MqttConnectorTest.await(() -> accepts() || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ", see " + log);
        }
        return this;
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The broker's {@code tcp://} URL on the loopback interface. */
    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Kills the broker (SIGKILL), as a crash or power loss would. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            kill();
        }
    }
}
