package io.plantproof.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's {@code mosquitto} on a loopback port, configured by the project's {@code deploy/mosquitto.conf} with only
 * the listener and the persistence folder changed, so the benchmark measures the broker as the docs set it up.
 */
final class MosquittoProcess implements AutoCloseable {

    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/mosquitto"), Path.of("/usr/bin/mosquitto"));

    private final Process process;
    private final int port;
    private final Path log;

    private MosquittoProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a broker with {@code deployConf}'s settings in {@code dir} (config, persistence, log). */
    static MosquittoProcess start(Path deployConf, Path dir) throws IOException, InterruptedException {
        Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new IllegalStateException(
                "mosquitto is not installed: apt-get install -y mosquitto mosquitto-clients"));
        int port = freePort();
        Path persistence = Files.createDirectories(dir.resolve("persistence"));
        try {
            // started as root, mosquitto drops to its own user, which must be able to save its database there
            Files.setOwner(persistence, persistence.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("mosquitto"));
        } catch (IOException e) {
            // not root, or no such user: the broker runs as this user and can write its own folder
        }
        List<String> conf = new ArrayList<>();
        for (String line : Files.readAllLines(deployConf)) {
            String t = line.strip();
            if (t.startsWith("listener ")) {
                conf.add("listener " + port + " 127.0.0.1");
            } else if (t.startsWith("persistence_location ")) {
                conf.add("persistence_location " + dir.resolve("persistence") + "/");
            } else if (!t.startsWith("log_dest ")) {
                conf.add(line);
            }
        }
        conf.add("log_dest stderr");
        Path confFile = dir.resolve("mosquitto.conf");
        Files.write(confFile, conf);
        Path log = dir.resolve("mosquitto.log");
        Process p = new ProcessBuilder(binary.toString(), "-c", confFile.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!accepts(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("mosquitto did not start, see " + log + ":\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
        return new MosquittoProcess(p, port, log);
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Lines of the broker's log that say it dropped messages (a queue limit was reached). */
    long droppedLines() throws IOException {
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains("dropped")).count();
        }
    }

    Path log() {
        return log;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
