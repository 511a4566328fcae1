package io.plantproof.mqtt;

import io.plantproof.plant.MqttConnection;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientPersistence;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.persist.MqttDefaultFilePersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@link BrokerClient} over Paho's MQTT 5 client.
 * A persistent session is clean start off plus a session expiry, since MQTT 5 otherwise drops it on disconnect.
 */
final class PahoV5Client implements BrokerClient {

    private final MqttAsyncClient client;
    private final MqttConnectionOptions options = new MqttConnectionOptions();

    PahoV5Client(MqttConnection connection, String clientId, Path sessionDir, Will will, Listener listener)
            throws MqttException {
        // QoS 2 receipt is split over PUBREC and PUBCOMP: the message must survive a crash in between, so it is kept on disk
        MqttClientPersistence persistence = connection.qos() == 2
                ? new MqttDefaultFilePersistence(sessionDir.toString()) : new MemoryPersistence();
        client = new MqttAsyncClient(connection.url(), clientId, persistence);
        client.setManualAcks(true);
        options.setCleanStart(connection.cleanSession());
        options.setSessionExpiryInterval(connection.cleanSession() ? 0L : BrokerSettings.SESSION_EXPIRY_SECONDS);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(BrokerSettings.MAX_RECONNECT_DELAY_MILLIS);
        options.setConnectionTimeout(BrokerSettings.CONNECT_TIMEOUT_SECONDS);
        options.setKeepAliveInterval(BrokerSettings.KEEP_ALIVE_SECONDS);
        if (connection.username() != null) {
            options.setUserName(connection.username());
        }
        if (connection.password() != null) {
            options.setPassword(connection.password().getBytes(StandardCharsets.UTF_8));
        }
        if (will != null) {
            options.setWill(will.topic(), new MqttMessage(will.payload(), 1, true, null));
        }
        if (connection.tls() != null) {
            options.setSocketFactory(TlsSocketFactories.of(connection.tls()));
            options.setHttpsHostnameVerificationEnabled(connection.tls().verifyHostname());
        }
        client.setCallback(new MqttCallback() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                listener.connected(reconnect);
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
                listener.connectionLost(response.getReasonString() != null ? response.getReasonString()
                        : response.getException() != null ? response.getException().getMessage()
                        : "reason code " + response.getReturnCode());
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
                listener.clientError(e.getMessage());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                listener.messageArrived(topic, message.getPayload(), message.getQos(), message.getId());
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // rebirth requests and host state are fire-and-forget
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // no enhanced authentication is configured
            }
        });
    }

    @Override
    public void connect(Consumer<Throwable> onFailure) {
        try {
            client.connect(options, null, new MqttActionListener() {
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
            client.subscribe(filter, qos, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    // MQTT 5 §3.9.3: SUBACK reason codes from 0x80 up are refusals, delivered as a "successful" token
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        onFailure.accept(new IllegalStateException("broker refused subscription to " + filter
                                + " with reason code 0x" + Integer.toHexString(codes[0])));
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
