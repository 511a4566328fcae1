package io.plantproof.plant;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An OPC UA server the collector subscribes to: endpoint, message security, user authentication, the collector's
 * PKI, and the monitoring every node of the connection gets unless its signal overrides it (see docs/opcua.md).
 * Security policy names follow the OPC UA profile URIs' last segment (None, Basic256Sha256,
 * Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss).
 *
 * @param username                with {@code password}: user/password authentication
 * @param userCertificate         X.509 user authentication; neither this nor {@code username}: anonymous
 * @param applicationCertificate  the collector's own certificate; omitted: a self-signed one created in {@code pkiDir}
 * @param pkiDir                  own certificate, {@code trusted/} and {@code rejected/} server certificates;
 *                                omitted: {@code <dataDir>/opcua-pki}, relative paths resolve against the data dir
 * @param maxItemsPerSubscription monitored items per subscription before another subscription is opened
 * @param nodeRetrySeconds        how often nodes the server refused are tried again
 * @param retryQueueSamples       samples the collector holds in memory while the ledger refuses them, retried in order;
 *                                past this bound the oldest are dropped and reported as lost
 */
public record OpcUaConnection(String id, String endpoint, String securityPolicy, String securityMode,
                              String username, String password, int publishingIntervalMs,
                              int samplingIntervalMs, int queueSize, Boolean discardOldest,
                              String dataChangeTrigger, String deadbandType, double deadbandValue,
                              int maxItemsPerSubscription, int nodeRetrySeconds, String pkiDir,
                              KeyStoreEntry applicationCertificate, KeyStoreEntry userCertificate, int retryQueueSamples) {

    /** Security policies the collector speaks; the deprecated Basic128Rsa15 and Basic256 are refused. */
    public static final Set<String> SECURITY_POLICIES = Set.of("None", "Basic256Sha256", "Aes128_Sha256_RsaOaep", "Aes256_Sha256_RsaPss");
    /** Message security modes; None only with policy None. */
    public static final Set<String> SECURITY_MODES = Set.of("None", "Sign", "SignAndEncrypt");
    /** OPC UA DataChangeTrigger names. */
    public static final Set<String> TRIGGERS = Set.of("Status", "StatusValue", "StatusValueTimestamp");
    /** About 100 MB of heap: minutes of a large plant's data, hours of a small one's, while the ledger is full. */
    public static final int DEFAULT_RETRY_QUEUE_SAMPLES = 1_000_000;
    /** Held samples cost about 100 bytes each; more than this would take gigabytes of heap. */
    public static final int MAX_RETRY_QUEUE_SAMPLES = 20_000_000;
    /** OPC UA DeadbandType names. */
    public static final Set<String> DEADBAND_TYPES = Set.of("None", "Absolute", "Percent");

    public OpcUaConnection {
        securityPolicy = securityPolicy == null ? "None" : securityPolicy;
        securityMode = securityMode == null ? "None" : securityMode;
        publishingIntervalMs = publishingIntervalMs <= 0 ? 1000 : publishingIntervalMs;
        samplingIntervalMs = samplingIntervalMs <= 0 ? 500 : samplingIntervalMs;
        queueSize = queueSize <= 0 ? 10 : queueSize;
        discardOldest = discardOldest == null || discardOldest;
        // Every new source timestamp counts: a state that stays RUNNING for an hour must not look like a silent device.
        dataChangeTrigger = dataChangeTrigger == null ? "StatusValueTimestamp" : dataChangeTrigger;
        deadbandType = deadbandType == null ? "None" : deadbandType;
        maxItemsPerSubscription = maxItemsPerSubscription <= 0 ? 1000 : maxItemsPerSubscription;
        nodeRetrySeconds = nodeRetrySeconds <= 0 ? 60 : nodeRetrySeconds;
        retryQueueSamples = retryQueueSamples == 0 ? DEFAULT_RETRY_QUEUE_SAMPLES : retryQueueSamples;
    }

    /** The settings as they were before security, PKI and per-node monitoring options existed; the rest default. */
    public OpcUaConnection(String id, String endpoint, String securityPolicy, String securityMode,
                           String username, String password, int publishingIntervalMs,
                           int samplingIntervalMs, int queueSize) {
        this(id, endpoint, securityPolicy, securityMode, username, password, publishingIntervalMs, samplingIntervalMs,
                queueSize, null, null, null, 0, 0, 0, null, null, null, 0);
    }

    /** The connection's monitoring for every node, with nothing left to inherit. */
    public Monitoring monitoring() {
        return new Monitoring(samplingIntervalMs, queueSize, discardOldest, dataChangeTrigger, deadbandType, deadbandValue);
    }

    /** The same connection without passwords (its own, and those of the key stores): what a bundle may carry. */
    public OpcUaConnection withoutSecrets() {
        return new OpcUaConnection(id, endpoint, securityPolicy, securityMode, username, null, publishingIntervalMs,
                samplingIntervalMs, queueSize, discardOldest, dataChangeTrigger, deadbandType, deadbandValue,
                maxItemsPerSubscription, nodeRetrySeconds, pkiDir,
                applicationCertificate == null ? null : applicationCertificate.withoutPassword(),
                userCertificate == null ? null : userCertificate.withoutPassword(), retryQueueSamples);
    }

    /** Settings that cannot work together, each naming its field; empty when usable. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        String at = "opcua connection '" + id + "'";
        if (!SECURITY_POLICIES.contains(securityPolicy)) {
            out.add(at + ": securityPolicy '" + securityPolicy + "' is not one of " + sorted(SECURITY_POLICIES));
        }
        if (!SECURITY_MODES.contains(securityMode)) {
            out.add(at + ": securityMode '" + securityMode + "' is not one of " + sorted(SECURITY_MODES));
        } else if ("None".equals(securityPolicy) != "None".equals(securityMode)) {
            out.add(at + ": securityPolicy None goes with securityMode None only, and a secure policy needs Sign or SignAndEncrypt");
        }
        if (username != null && userCertificate != null) {
            out.add(at + ": set either username/password or userCertificate, not both");
        }
        if (retryQueueSamples < 1 || retryQueueSamples > MAX_RETRY_QUEUE_SAMPLES) {
            out.add(at + ": retryQueueSamples " + retryQueueSamples + " must be between 1 and " + MAX_RETRY_QUEUE_SAMPLES);
        }
        out.addAll(monitoring().problems(at));
        return out;
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    /**
     * A private key and its certificate chain in a PKCS#12 file. A relative {@code file} resolves against the data dir;
     * {@code alias} may be omitted when the file holds one key.
     */
    public record KeyStoreEntry(String file, String password, String alias) {

        KeyStoreEntry withoutPassword() {
            return new KeyStoreEntry(file, null, alias);
        }
    }

    /**
     * How a node is monitored: sampling interval, queue size and discard policy, the data-change trigger and an
     * optional deadband ({@code Absolute} in the value's unit, {@code Percent} of the node's EURange). On a signal's
     * {@code opcua} source every field may be omitted to keep the connection's value.
     */
    public record Monitoring(Integer samplingIntervalMs, Integer queueSize, Boolean discardOldest,
                             String dataChangeTrigger, String deadbandType, Double deadbandValue) {

        /** This override's fields where set, {@code base}'s elsewhere. */
        public Monitoring over(Monitoring base) {
            return new Monitoring(
                    samplingIntervalMs != null ? samplingIntervalMs : base.samplingIntervalMs,
                    queueSize != null ? queueSize : base.queueSize,
                    discardOldest != null ? discardOldest : base.discardOldest,
                    dataChangeTrigger != null ? dataChangeTrigger : base.dataChangeTrigger,
                    deadbandType != null ? deadbandType : base.deadbandType,
                    deadbandValue != null ? deadbandValue : base.deadbandValue);
        }

        /** Values no server accepts, each prefixed with {@code at}. */
        public List<String> problems(String at) {
            List<String> out = new ArrayList<>();
            if (dataChangeTrigger != null && !TRIGGERS.contains(dataChangeTrigger)) {
                out.add(at + ": dataChangeTrigger '" + dataChangeTrigger + "' is not one of " + sorted(TRIGGERS));
            }
            if (deadbandType != null && !DEADBAND_TYPES.contains(deadbandType)) {
                out.add(at + ": deadbandType '" + deadbandType + "' is not one of " + sorted(DEADBAND_TYPES));
            }
            if (deadbandValue != null && (deadbandValue < 0 || ("Percent".equals(deadbandType) && deadbandValue > 100))) {
                out.add(at + ": deadbandValue " + deadbandValue + " must be ≥ 0 (and ≤ 100 for Percent)");
            }
            if (samplingIntervalMs != null && samplingIntervalMs < 0) {
                out.add(at + ": samplingIntervalMs must be ≥ 0 (0: the server's fastest rate)");
            }
            if (queueSize != null && queueSize < 1) {
                out.add(at + ": queueSize must be ≥ 1");
            }
            return out;
        }
    }
}
