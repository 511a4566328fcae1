package io.plantproof.mqtt;

/**
 * Timing every MQTT client of the collector uses, whichever protocol version.
 * Not configurable: these only trade reconnect speed against broker load and have no plant-specific answer.
 */
final class BrokerSettings {

    static final int MAX_RECONNECT_DELAY_MILLIS = 10_000;
    static final int CONNECT_TIMEOUT_SECONDS = 10;
    static final int KEEP_ALIVE_SECONDS = 30;
    /** Paho's default quiesce waits 30 s for in-flight work; a subscriber has none worth waiting for. */
    static final long DISCONNECT_QUIESCE_MILLIS = 1_000;
    static final long DISCONNECT_WAIT_MILLIS = 5_000;
    /** MQTT 5 ends a session when the connection closes unless an expiry is set; a week covers a long outage. */
    static final long SESSION_EXPIRY_SECONDS = 7 * 24 * 3600L;

    private BrokerSettings() {
    }
}
