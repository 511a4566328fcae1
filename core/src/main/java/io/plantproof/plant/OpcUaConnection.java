package io.plantproof.plant;

/**
 * An OPC UA server the collector subscribes to. Security policy names follow the OPC UA profile
 * URIs' last segment (None, Basic256Sha256, Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss).
 */
public record OpcUaConnection(String id, String endpoint, String securityPolicy, String securityMode,
                              String username, String password, int publishingIntervalMs,
                              int samplingIntervalMs, int queueSize) {

    public OpcUaConnection {
        securityPolicy = securityPolicy == null ? "None" : securityPolicy;
        securityMode = securityMode == null ? "None" : securityMode;
        publishingIntervalMs = publishingIntervalMs <= 0 ? 1000 : publishingIntervalMs;
        samplingIntervalMs = samplingIntervalMs <= 0 ? 500 : samplingIntervalMs;
        queueSize = queueSize <= 0 ? 10 : queueSize;
    }
}
