package io.plantproof.plant;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * An MQTT broker, how the collector connects to it, and how its messages become samples (docs/mqtt.md).
 * JSON and plain topics use a pattern with MQTT wildcards plus a {@code {device}} segment naming the equipment id
 * (plain also a {@code {signal}} segment); Sparkplug B connections subscribe to {@code topic} as given.
 *
 * @param protocol         {@code 3.1.1} (default) or {@code 5}
 * @param cleanSession     {@code false} (default) keeps the broker session, so QoS 1/2 messages wait while the
 *                         collector is down and unacknowledged ones are redelivered
 * @param tls              server CA and optional client certificate; {@code null} uses the JVM's trust store for
 *                         {@code ssl://} URLs
 * @param payload          how payloads are read, {@link PayloadFormat#JSON} by default
 * @param devicePointer    JSON only: pointer (relative to each reading) to the equipment id, instead of {@code {device}}
 * @param readingsPointer  JSON only: pointer to an array of readings, {@code *} iterating nested arrays
 *                         (e.g. {@code /lines/*}{@code /readings}); signal and timestamp pointers are then relative to
 *                         each reading
 * @param timestampPointer JSON only: pointer to the reading's time; without it arrival time is used
 * @param timestampFormat  how that time is written, {@link TimestampFormat#EPOCH_MILLIS} by default
 * @param signalNames      plain {@code {signal}} segments and Sparkplug metric names → signal kind; names not listed
 *                         are used as the signal kind itself (plain) or ignored (Sparkplug)
 * @param sparkplugDevices Sparkplug device (or edge node) id → equipment id; ids not listed are used as they are
 * @param sparkplugHostId  Sparkplug only: the collector acts as primary host application with this id, publishing its
 *                         retained ONLINE/OFFLINE state on {@code spBv1.0/STATE/<id>}; {@code null} (default) publishes
 *                         nothing
 */
public record MqttConnection(String id, String url, String protocol, String topic, Integer qos, String clientId,
                             Boolean cleanSession, String username, String password, Tls tls,
                             PayloadFormat payload, String devicePointer, String readingsPointer,
                             String timestampPointer, TimestampFormat timestampFormat,
                             Map<String, String> signalNames, Map<String, String> sparkplugDevices,
                             String sparkplugHostId) {

    /** The protocol versions the collector speaks. */
    public static final List<String> PROTOCOLS = List.of("3.1.1", "5");

    public MqttConnection {
        protocol = protocol == null ? "3.1.1" : protocol.trim();
        qos = qos == null ? 1 : qos;
        cleanSession = cleanSession != null && cleanSession;
        payload = payload == null ? PayloadFormat.JSON : payload;
        timestampFormat = timestampFormat == null ? TimestampFormat.EPOCH_MILLIS : timestampFormat;
        signalNames = Copies.sorted(signalNames);
        sparkplugDevices = Copies.sorted(sparkplugDevices);
    }

    /** A JSON connection over MQTT 3.1.1 without TLS, with defaults for everything else: the common case. */
    public static MqttConnection json(String id, String url, String topic, Integer qos, String clientId,
                                      String timestampPointer) {
        return new MqttConnection(id, url, null, topic, qos, clientId, null, null, null, null, PayloadFormat.JSON,
                null, null, timestampPointer, null, null, null, null);
    }

    /** How message payloads are read. */
    public enum PayloadFormat {
        /** A JSON document read with JSON Pointers. */
        @JsonProperty("json") JSON,
        /** A bare number or state code; the topic names device and signal. */
        @JsonProperty("plain") PLAIN,
        /** Sparkplug B (spBv1.0) protobuf with births, deaths and aliases. */
        @JsonProperty("sparkplug") SPARKPLUG
    }

    /** How a timestamp in a payload is written. */
    public enum TimestampFormat {
        /** Epoch milliseconds, e.g. 1700000000123. */
        @JsonProperty("epochMillis") EPOCH_MILLIS,
        /** Epoch seconds, fractions allowed, e.g. 1700000000.123. */
        @JsonProperty("epochSeconds") EPOCH_SECONDS,
        /** ISO-8601 text; without an offset it is read in the plant's time zone. */
        @JsonProperty("iso8601") ISO8601
    }

    /**
     * TLS material as PEM files: the CA that signed the broker's certificate and, for mutual TLS, the client
     * certificate chain and its unencrypted PKCS#8 key ({@code openssl pkcs8 -topk8 -nocrypt}).
     */
    public record Tls(String caFile, String certFile, String keyFile, Boolean verifyHostname) {

        public Tls {
            verifyHostname = verifyHostname == null || verifyHostname;
        }
    }

    /** Whether the connection speaks MQTT 5 rather than 3.1.1. */
    public boolean mqtt5() {
        return "5".equals(protocol);
    }

    /** The same connection without its password or key file: what a register snapshot may carry. */
    public MqttConnection withoutSecrets() {
        Tls publicTls = tls == null ? null : new Tls(tls.caFile(), tls.certFile(), null, tls.verifyHostname());
        return new MqttConnection(id, url, protocol, topic, qos, clientId, cleanSession, username, null, publicTls,
                payload, devicePointer, readingsPointer, timestampPointer, timestampFormat, signalNames,
                sparkplugDevices, sparkplugHostId);
    }

    /** The subscription filter: the pattern with {@code {device}} and {@code {signal}} as single-level wildcards. */
    public String subscriptionFilter() {
        return topic.replace("{device}", "+").replace("{signal}", "+");
    }

    /** The device id in a concrete topic, or {@code null} if the topic does not match the pattern. */
    public String deviceOf(String concreteTopic) {
        return segment(concreteTopic, "{device}");
    }

    /** The signal segment of a concrete topic (plain payloads), or {@code null} if the topic does not match. */
    public String signalOf(String concreteTopic) {
        return segment(concreteTopic, "{signal}");
    }

    /** Whether a concrete topic matches the pattern at all. */
    public boolean matches(String concreteTopic) {
        return segment(concreteTopic, null) != null;
    }

    // the value of the segment named `name` ("" for null name when the topic matches), null when it does not match
    private String segment(String concreteTopic, String name) {
        String[] pattern = topic.split("/", -1);
        String[] actual = concreteTopic.split("/", -1);
        String found = name == null ? "" : null;
        for (int i = 0; i < pattern.length; i++) {
            if (pattern[i].equals("#")) {
                return found;
            }
            if (i >= actual.length) {
                return null;
            }
            if (pattern[i].equals(name)) {
                found = actual[i];
            } else if (!pattern[i].equals("+") && !pattern[i].startsWith("{") && !pattern[i].equals(actual[i])) {
                return null;
            }
        }
        return pattern.length == actual.length ? found : null;
    }

    void check(FieldPath at, PlantProblems out) {
        out.required(at.field("id"), id);
        if (out.required(at.field("url"), url) && !url.matches("(tcp|ssl|ws|wss)://.+")) {
            out.add(at.field("url"), "'" + url + "' is not a broker address such as tcp://host:1883 or ssl://host:8883");
        }
        if (!PROTOCOLS.contains(protocol)) {
            out.add(at.field("protocol"), "must be one of " + PROTOCOLS + ", was '" + protocol + "'");
        }
        out.range(at.field("qos"), qos, 0, 2);
        if (!out.required(at.field("topic"), topic)) {
            return;
        }
        switch (payload) {
            case JSON -> {
                if (!topic.contains("{device}") && blank(devicePointer)) {
                    out.add(at.field("topic"), "needs a {device} segment, or set devicePointer");
                }
            }
            case PLAIN -> {
                if (!topic.contains("{device}") || !topic.contains("{signal}")) {
                    out.add(at.field("topic"), "needs {device} and {signal} segments for payload: plain");
                }
            }
            case SPARKPLUG -> {
                if (!topic.startsWith("spBv1.0/")) {
                    out.add(at.field("topic"), "needs a filter under spBv1.0/ for payload: sparkplug, e.g. spBv1.0/my-group/#");
                }
            }
        }
        if (sparkplugHostId != null && payload != PayloadFormat.SPARKPLUG) {
            out.add(at.field("sparkplugHostId"), "needs payload: sparkplug");
        }
        // the id is one topic level of spBv1.0/STATE/<id>, so it cannot be empty or hold separators or wildcards
        if (sparkplugHostId != null && (sparkplugHostId.isBlank() || sparkplugHostId.matches(".*[/+#].*"))) {
            out.add(at.field("sparkplugHostId"), "must be a non-empty topic level without '/', '+' or '#', was '"
                    + sparkplugHostId + "'");
        }
        pointer(at.field("devicePointer"), devicePointer, out);
        pointer(at.field("readingsPointer"), readingsPointer, out);
        pointer(at.field("timestampPointer"), timestampPointer, out);
        if (tls != null && blank(tls.certFile()) != blank(tls.keyFile())) {
            out.add(at.field("tls"), "needs both certFile and keyFile for a client certificate, or neither");
        }
    }

    private static void pointer(FieldPath at, String pointer, PlantProblems out) {
        if (pointer != null && !pointer.startsWith("/")) {
            out.add(at, "'" + pointer + "' is not a JSON Pointer starting with '/'");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
