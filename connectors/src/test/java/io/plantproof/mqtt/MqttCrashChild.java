package io.plantproof.mqtt;

import io.plantproof.plant.MqttConnection;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.Signals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The collector process of {@link MqttCrashTest}: an MQTT connector (QoS 1, persistent session) into a store file
 * that fsyncs one fixed-width line per message id before the connector may acknowledge it. Runs until killed.
 * Arguments: broker URL, store file, ready-marker file, data directory.
 */
final class MqttCrashChild {

    /** Width of one stored id line, so a line torn by SIGKILL is recognisable and ignored. */
    static final int ID_DIGITS = 10;
    /** Slower than the publisher's period, so a backlog of unacknowledged messages is in flight when it is killed. */
    static final long STORE_MILLIS = 8;

    private MqttCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        MqttConnection c = MqttConnection.json("gw", args[0], "factory/{device}/data", 1, "crash-collector", "/meta/ts");
        Path dataDir = Path.of(args[3]);
        try (FileChannel store = FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
             FileDeadLetters deadLetters = FileDeadLetters.open(dataDir)) {
            MqttConnector connector = new MqttConnector(MqttConnectorTest.plant(c), c, batch -> append(store, batch),
                    deadLetters);
            connector.start();
            MqttConnectorTest.await(connector::subscribed);
            Files.writeString(Path.of(args[2]), "subscribed");
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private static void append(FileChannel store, SampleBatch batch) {
        long id = batch.samples().stream().filter(s -> s.signal().equals(Signals.COUNT_TOTAL))
                .mapToLong(s -> (long) s.value()).findFirst().orElseThrow();
        byte[] line = String.format("%0" + ID_DIGITS + "d%n", id).getBytes(StandardCharsets.US_ASCII);
        try {
            Thread.sleep(STORE_MILLIS);
            store.write(ByteBuffer.wrap(line));
            store.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before storing " + id, e);
        }
    }
}
