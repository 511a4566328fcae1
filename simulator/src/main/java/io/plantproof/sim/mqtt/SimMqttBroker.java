package io.plantproof.sim.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Properties;

/**
 * An embedded Moquette MQTT broker on loopback for the demo and tests: anonymous, in-memory, no telemetry.
 * It can be stopped and started again on the same port, e.g. to show that clients reconnect by themselves.
 */
public final class SimMqttBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimMqttBroker.class);

    private int port;
    private Server server;

    /** A broker that will listen on {@code port}; 0 picks a free port at the first start and keeps it afterwards. */
    public SimMqttBroker(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
    }

    /** Starts listening; does nothing if already running. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        if (port == 0) {
            port = freeLoopbackPort();
        }
        Properties p = new Properties();
        p.setProperty(IConfig.HOST_PROPERTY_NAME, "127.0.0.1");
        p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
        p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        // Moquette otherwise phones home to telemetry.moquette.io and writes a .moquette_uuid file
        p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        Server s = new Server();
        try {
            s.startServer(new MemoryConfig(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start MQTT broker on 127.0.0.1:" + port, e);
        }
        server = s;
        log.info("simulated MQTT broker listening on {}", url());
    }

    /*
     * Moquette 0.17 reports the bound port asynchronously (and reports 0 until then), so a free port is chosen
     * up front instead; another process could grab it in between, which is acceptable for a simulator.
     */
    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for the MQTT broker", e);
        }
    }

    /** Stops the broker and releases its port; connected clients see their connection drop. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stopServer();
        server = null;
        log.info("simulated MQTT broker on 127.0.0.1:{} stopped", port);
    }

    /** Whether the broker is running. */
    public synchronized boolean running() {
        return server != null;
    }

    /** The port; the actual one once started when constructed with 0. */
    public synchronized int port() {
        return port;
    }

    /** The broker URL for Paho clients, {@code tcp://127.0.0.1:PORT}. */
    public synchronized String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }
}
