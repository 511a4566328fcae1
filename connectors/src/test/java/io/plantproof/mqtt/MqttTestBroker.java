package io.plantproof.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Properties;

/**
 * An in-memory Moquette broker on a loopback port for connector tests; can be stopped and restarted on that port.
 * The connectors module must not depend on the simulator, hence this small copy of its broker.
 */
final class MqttTestBroker implements AutoCloseable {

    private final int port;
    private Server server;

    MqttTestBroker(int port) {
        this.port = port;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    MqttTestBroker start() {
        Properties p = new Properties();
        p.setProperty(IConfig.HOST_PROPERTY_NAME, "127.0.0.1");
        p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
        p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        server = new Server();
        try {
            server.startServer(new MemoryConfig(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    void stop() {
        if (server != null) {
            server.stopServer();
            server = null;
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        stop();
    }
}
