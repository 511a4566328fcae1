package io.plantproof.mqtt;

import io.plantproof.plant.MqttConnection;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClientPersistence;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.client.mqttv3.persist.MqttDefaultFilePersistence;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@link BrokerClient} over Paho's MQTT 3.1.1 client.
 * A persistent session is requested unless the connection asks for a clean one.
 */
final class PahoV3Client implements BrokerClient {

    private final MqttAsyncClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();

    PahoV3Client(MqttConnection connection, String clientId, Path sessionDir, Will will, Listener listener)
            throws MqttException {
        // QoS 2 receipt is split over PUBREC and PUBCOMP: the message must survive a crash in between, so it is kept on disk
        MqttClientPersistence persistence = connection.qos() == 2
                ? new MqttDefaultFilePersistence(sessionDir.toString()) : new MemoryPersistence();
        client = new MqttAsyncClient(connection.url(), clientId, persistence);
        client.setManualAcks(true);
        options.setCleanSession(connection.cleanSession());
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(BrokerSettings.MAX_RECONNECT_DELAY_MILLIS);
        options.setConnectionTimeout(BrokerSettings.CONNECT_TIMEOUT_SECONDS);
        options.setKeepAliveInterval(BrokerSettings.KEEP_ALIVE_SECONDS);
        if (connection.username() != null) {
            options.setUserName(connection.username());
        }
        if (connection.password() != null) {
            options.setPassword(connection.password().toCharArray());
        }
        if (will != null) {
            options.setWill(will.topic(), will.payload(), 1, true);
        }
        if (connection.tls() != null) {
            options.setSocketFactory(TlsSocketFactories.of(connection.tls()));
            options.setHttpsHostnameVerificationEnabled(connection.tls().verifyHostname());
        }
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                listener.connected(reconnect);
            }

            @Override
            public void connectionLost(Throwable cause) {
                listener.connectionLost(cause == null ? "no cause" : cause.getMessage());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                listener.messageArrived(topic, message.getPayload(), message.getQos(), message.getId());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // rebirth requests and host state are fire-and-forget
            }
        });
    }

    @Override
    public void connect(Consumer<Throwable> onFailure) {
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // reported through connectComplete, which also covers automatic reconnects
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    onFailure.accept(e);
                }
            });
        } catch (MqttException e) {
            onFailure.accept(e);
        }
    }

    @Override
    public void subscribe(String filter, int qos, Runnable onSuccess, Consumer<Throwable> onFailure) {
        try {
            client.subscribe(filter, qos, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] granted = token.getGrantedQos();
                    // MQTT 3.1.1 §3.9.3: 0x80 in the SUBACK means the broker refused the filter
                    if (granted != null && granted.length > 0 && granted[0] == 0x80) {
                        onFailure.accept(new IllegalStateException("broker refused subscription to " + filter));
                    } else {
                        onSuccess.run();
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    onFailure.accept(e);
                }
            });
        } catch (MqttException e) {
            onFailure.accept(e);
        }
    }

    @Override
    public void acknowledge(int messageId, int qos) throws BrokerException {
        try {
            client.messageArrivedComplete(messageId, qos);
        } catch (MqttException e) {
            throw new BrokerException("acknowledging message " + messageId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained) throws BrokerException {
        try {
            client.publish(topic, payload, qos, retained);
        } catch (MqttException e) {
            throw new BrokerException("publishing to " + topic + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void disconnect() throws BrokerException {
        try {
            if (client.isConnected()) {
                client.disconnect(BrokerSettings.DISCONNECT_QUIESCE_MILLIS).waitForCompletion(BrokerSettings.DISCONNECT_WAIT_MILLIS);
            }
        } catch (MqttException e) {
            throw new BrokerException("disconnect failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws BrokerException {
        try {
            client.close(true);
        } catch (MqttException e) {
            throw new BrokerException("closing the client failed: " + e.getMessage(), e);
        }
    }
}
