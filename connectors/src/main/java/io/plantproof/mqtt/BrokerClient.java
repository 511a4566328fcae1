package io.plantproof.mqtt;

import java.util.function.Consumer;

/**
 * The protocol-specific part of a connector: one Paho client (MQTT 3.1.1 or 5) with manual acknowledgement.
 * Everything else (mapping, the ledger, dead letters, retries) is shared in {@link MqttConnector}.
 */
interface BrokerClient extends AutoCloseable {

    /** What the client reports; called on Paho's single callback thread, so implementations must not block on it. */
    interface Listener {

        /** A connection (first or automatic re-connection) is up; subscriptions may be gone. */
        void connected(boolean reconnect);

        /** The connection dropped; the client reconnects by itself. */
        void connectionLost(String cause);

        /** The client reported a protocol error that did not (yet) drop the connection. */
        void clientError(String message);

        /** A message arrived; QoS 1/2 ones stay unacknowledged until {@link #acknowledge}. */
        void messageArrived(String topic, byte[] payload, int qos, int messageId);
    }

    /**
     * What the broker publishes, retained at QoS 1, when the connection drops without a disconnect.
     * Used for the Sparkplug host's OFFLINE state.
     */
    record Will(String topic, byte[] payload) {
    }

    /** Connects in the background, reporting success through {@link Listener#connected}. */
    void connect(Consumer<Throwable> onFailure);

    /** Subscribes in the background; a broker refusing the filter is a failure, not a success. */
    void subscribe(String filter, int qos, Runnable onSuccess, Consumer<Throwable> onFailure);

    /** Acknowledges a received QoS 1/2 message. */
    void acknowledge(int messageId, int qos) throws BrokerException;

    /** Publishes without waiting for the broker (Sparkplug rebirth requests and host state). */
    void publish(String topic, byte[] payload, int qos, boolean retained) throws BrokerException;

    boolean isConnected();

    /** Disconnects, keeping the broker-side session of a persistent connection. */
    void disconnect() throws BrokerException;

    /** Releases the client; it cannot be used afterwards. */
    @Override
    void close() throws BrokerException;

    /**
     * A failure of the MQTT client, whichever protocol version raised it.
     * Checked, because every caller must decide whether to retry, log or give up.
     */
    final class BrokerException extends Exception {

        BrokerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
