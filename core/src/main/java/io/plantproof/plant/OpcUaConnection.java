package io.plantproof.plant;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An OPC UA server the collector subscribes to: endpoint, message security, user authentication, the collector's
 * PKI, and the monitoring every node of the connection gets unless its signal overrides it (see docs/opcua.md).
 * Omitted numbers take the defaults below; a value out of range is a problem, never replaced by a default.
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
public record OpcUaConnection(String id, String endpoint, SecurityPolicy securityPolicy, SecurityMode securityMode,
                              String username, String password, Integer publishingIntervalMs,
                              Integer samplingIntervalMs, Integer queueSize, Boolean discardOldest,
                              DataChangeTrigger dataChangeTrigger, DeadbandType deadbandType, Double deadbandValue,
                              Integer maxItemsPerSubscription, Integer nodeRetrySeconds, String pkiDir,
                              KeyStoreEntry applicationCertificate, KeyStoreEntry userCertificate,
                              Integer retryQueueSamples) {

    /** About 100 MB of heap: minutes of a large plant's data, hours of a small one's, while the ledger is full. */
    public static final int DEFAULT_RETRY_QUEUE_SAMPLES = 1_000_000;
    /** Held samples cost about 100 bytes each; more than this would take gigabytes of heap. */
    public static final int MAX_RETRY_QUEUE_SAMPLES = 20_000_000;
    /** An hour: longer intervals would hide a silent server from the data-collection rate for as long. */
    private static final int MAX_INTERVAL_MS = 3_600_000;

    /**
     * Security policies the collector speaks, named as the last segment of their OPC UA profile URI; the deprecated
     * Basic128Rsa15 and Basic256 are refused.
     */
    public enum SecurityPolicy {
        NONE("None"), BASIC256_SHA256("Basic256Sha256"), AES128_SHA256_RSA_OAEP("Aes128_Sha256_RsaOaep"),
        AES256_SHA256_RSA_PSS("Aes256_Sha256_RsaPss");

        private final String uaName;

        SecurityPolicy(String uaName) {
            this.uaName = uaName;
        }

        /** The name in the plant file and in the OPC UA specification. */
        @JsonValue
        public String uaName() {
            return uaName;
        }

        @Override
        public String toString() {
            return uaName;
        }
    }

    /** Message security modes; {@code None} only with policy {@code None}. */
    public enum SecurityMode {
        NONE("None"), SIGN("Sign"), SIGN_AND_ENCRYPT("SignAndEncrypt");

        private final String uaName;

        SecurityMode(String uaName) {
            this.uaName = uaName;
        }

        /** The name in the plant file and in the OPC UA specification. */
        @JsonValue
        public String uaName() {
            return uaName;
        }

        @Override
        public String toString() {
            return uaName;
        }
    }

    /** What counts as a change of a monitored value (OPC UA DataChangeTrigger). */
    public enum DataChangeTrigger {
        STATUS("Status"), STATUS_VALUE("StatusValue"), STATUS_VALUE_TIMESTAMP("StatusValueTimestamp");

        private final String uaName;

        DataChangeTrigger(String uaName) {
            this.uaName = uaName;
        }

        /** The name in the plant file and in the OPC UA specification. */
        @JsonValue
        public String uaName() {
            return uaName;
        }

        @Override
        public String toString() {
            return uaName;
        }
    }

    /** How small a change the server may leave out (OPC UA DeadbandType). */
    public enum DeadbandType {
        NONE("None"), ABSOLUTE("Absolute"), PERCENT("Percent");

        private final String uaName;

        DeadbandType(String uaName) {
            this.uaName = uaName;
        }

        /** The name in the plant file and in the OPC UA specification. */
        @JsonValue
        public String uaName() {
            return uaName;
        }

        @Override
        public String toString() {
            return uaName;
        }
    }

    public OpcUaConnection {
        securityPolicy = securityPolicy == null ? SecurityPolicy.NONE : securityPolicy;
        securityMode = securityMode == null ? SecurityMode.NONE : securityMode;
        publishingIntervalMs = publishingIntervalMs == null ? 1000 : publishingIntervalMs;
        samplingIntervalMs = samplingIntervalMs == null ? 500 : samplingIntervalMs;
        queueSize = queueSize == null ? 10 : queueSize;
        discardOldest = discardOldest == null || discardOldest;
        // Every new source timestamp counts: a state that stays RUNNING for an hour must not look like a silent device.
        dataChangeTrigger = dataChangeTrigger == null ? DataChangeTrigger.STATUS_VALUE_TIMESTAMP : dataChangeTrigger;
        deadbandType = deadbandType == null ? DeadbandType.NONE : deadbandType;
        deadbandValue = deadbandValue == null ? 0.0 : deadbandValue;
        maxItemsPerSubscription = maxItemsPerSubscription == null ? 1000 : maxItemsPerSubscription;
        nodeRetrySeconds = nodeRetrySeconds == null ? 60 : nodeRetrySeconds;
        retryQueueSamples = retryQueueSamples == null ? DEFAULT_RETRY_QUEUE_SAMPLES : retryQueueSamples;
    }

    /** Endpoint, security, user and intervals as given ({@code null}: default); PKI, triggers and queues at defaults. */
    public OpcUaConnection(String id, String endpoint, SecurityPolicy securityPolicy, SecurityMode securityMode,
                           String username, String password, Integer publishingIntervalMs, Integer samplingIntervalMs,
                           Integer queueSize) {
        this(id, endpoint, securityPolicy, securityMode, username, password, publishingIntervalMs, samplingIntervalMs,
                queueSize, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The constant of one of the enums above written as the OPC UA specification names it (e.g. {@code Basic256Sha256}),
     * for settings given outside the plant file such as command-line options; {@code null} stays {@code null}.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    public static <E extends Enum<E>> E named(Class<E> type, String name) {
        if (name == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.toString().equals(name)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not one of "
                + java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", ")));
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

    /** Settings that cannot work, each naming the connection and field (e.g. for a connection built from options). */
    public List<String> problems() {
        PlantProblems out = new PlantProblems();
        check(FieldPath.root().field("opcua connection '" + id + "'"), out);
        return out.messages();
    }

    void check(FieldPath at, PlantProblems out) {
        out.required(at.field("id"), id);
        if (out.required(at.field("endpoint"), endpoint) && !endpoint.startsWith("opc.tcp://")) {
            out.add(at.field("endpoint"), "'" + endpoint + "' is not an opc.tcp:// address");
        }
        // with a misspelt policy or mode the pair is already reported; its stand-in value would only add noise
        boolean pairReadable = !out.has(at.field("securityPolicy")) && !out.has(at.field("securityMode"));
        if (pairReadable && (securityPolicy == SecurityPolicy.NONE) != (securityMode == SecurityMode.NONE)) {
            out.add(at.field("securityMode"), "is " + securityMode + " with securityPolicy " + securityPolicy
                    + ": policy None goes with mode None only, and a secure policy needs Sign or SignAndEncrypt");
        }
        if (username != null && userCertificate != null) {
            out.add(at.field("userCertificate"), "is set together with username: set either username/password or "
                    + "userCertificate, not both");
        }
        out.range(at.field("publishingIntervalMs"), publishingIntervalMs, 1, MAX_INTERVAL_MS);
        out.range(at.field("maxItemsPerSubscription"), maxItemsPerSubscription, 1, 100_000);
        out.range(at.field("nodeRetrySeconds"), nodeRetrySeconds, 1, 86_400);
        out.range(at.field("retryQueueSamples"), retryQueueSamples, 1, MAX_RETRY_QUEUE_SAMPLES);
        if (applicationCertificate != null) {
            out.required(at.field("applicationCertificate").field("file"), applicationCertificate.file());
        }
        if (userCertificate != null) {
            out.required(at.field("userCertificate").field("file"), userCertificate.file());
        }
        monitoring().check(at, out);
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
                             DataChangeTrigger dataChangeTrigger, DeadbandType deadbandType, Double deadbandValue) {

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

        /** Values no server accepts, each naming its field; empty when usable. */
        public List<String> problems(String at) {
            PlantProblems out = new PlantProblems();
            check(FieldPath.root().field(at), out);
            return out.messages();
        }

        void check(FieldPath at, PlantProblems out) {
            // 0 asks the server for its fastest rate (OPC UA Part 4), so it is a value here, not "use the default"
            out.range(at.field("samplingIntervalMs"), samplingIntervalMs, 0, MAX_INTERVAL_MS);
            out.range(at.field("queueSize"), queueSize, 1, 10_000);
            if (deadbandType == DeadbandType.PERCENT) {
                out.range(at.field("deadbandValue"), deadbandValue, 0, 100);
            } else {
                out.notNegative(at.field("deadbandValue"), deadbandValue);
            }
        }
    }
}
