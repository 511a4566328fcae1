package io.plantproof.mqtt.sparkplug;

import com.google.protobuf.InvalidProtocolBufferException;
import io.plantproof.mqtt.PayloadMapper;
import io.plantproof.mqtt.SignalTable;
import io.plantproof.mqtt.UnmappableMessageException;
import io.plantproof.mqtt.sparkplug.proto.SparkplugB.Payload;
import io.plantproof.mqtt.sparkplug.proto.SparkplugB.Payload.DataSet;
import io.plantproof.mqtt.sparkplug.proto.SparkplugB.Payload.DataSet.DataSetValue;
import io.plantproof.mqtt.sparkplug.proto.SparkplugB.Payload.Metric;
import io.plantproof.mqtt.sparkplug.proto.SparkplugB.Payload.Template;
import io.plantproof.plant.MqttConnection;
import io.plantproof.plant.SignalMapping;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads Sparkplug B (spBv1.0) messages: births define metrics and aliases, data messages are resolved by alias or
 * name (Template members and DataSet columns as {@code <metric>/<member>}), deaths record the device as offline,
 * and sequence gaps or unknown aliases trigger a rebirth request.
 * Keeps per-edge-node state, so one instance serves one connection; not thread-safe (one Paho callback thread).
 */
public final class SparkplugMapper implements PayloadMapper {

    /** Signal of the 1/0 online marker written at births and deaths; deaths add no fabricated values. */
    public static final String ONLINE_SIGNAL = io.plantproof.sample.Signals.ONLINE;
    /** The node control metric that asks an edge node to publish its births again (Sparkplug 3.0 §6.4.16). */
    static final String REBIRTH_METRIC = "Node Control/Rebirth";
    static final String BD_SEQ_METRIC = "bdSeq";
    private static final int BOOLEAN_DATATYPE = 11;
    private static final int DATETIME_DATATYPE = 13;
    /** Separates a DataSet metric's or Template instance's name from its column's or member's name in signal names. */
    private static final String MEMBER_SEPARATOR = "/";
    /** One rebirth request per edge node within this time, so a burst of bad data does not flood the node. */
    private static final long REBIRTH_INTERVAL_MILLIS = 5_000;

    private static final Logger log = LoggerFactory.getLogger(SparkplugMapper.class);

    /** Publishes a command (the rebirth request) to the broker; failures are the publisher's to log. */
    @FunctionalInterface
    public interface CommandPublisher {
        void publish(String topic, byte[] payload);
    }

    private final MqttConnection connection;
    private final SignalTable signals;
    private final CommandPublisher commands;
    private final String source;
    private final Map<String, EdgeNode> nodes = new HashMap<>();
    private final Map<String, Long> lastRebirthRequest = new HashMap<>();
    private final AtomicLong sequenceGaps = new AtomicLong();
    private final AtomicLong rebirthRequests = new AtomicLong();

    /** A metric as its birth defined it. */
    private record MetricDefinition(String name, int datatype) {
    }

    /** What is known about one edge node since its last birth. */
    private static final class EdgeNode {
        final long bdSeq;
        long lastSeq;
        /** Aliases of the node's own metrics under key "", of each device's under its id. */
        final Map<String, Map<Long, MetricDefinition>> aliases = new HashMap<>();
        final Map<String, Map<String, MetricDefinition>> names = new HashMap<>();

        EdgeNode(long bdSeq, long seq) {
            this.bdSeq = bdSeq;
            this.lastSeq = seq;
        }
    }

    /** A mapper for one Sparkplug connection, sending rebirth requests through {@code commands}. */
    public SparkplugMapper(MqttConnection connection, SignalTable signals, CommandPublisher commands) {
        this.connection = connection;
        this.signals = signals;
        this.commands = commands;
        this.source = "mqtt:" + connection.id();
    }

    @Override
    public SampleBatch map(String topic, byte[] bytes, long arrivalMillis) {
        SparkplugTopic t = SparkplugTopic.parse(topic);
        Payload payload;
        try {
            payload = Payload.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new UnmappableMessageException("not a Sparkplug B payload: " + e.getMessage());
        }
        long sent = payload.hasTimestamp() ? payload.getTimestamp() : arrivalMillis;
        List<Sample> samples = switch (t.type()) {
            case "NBIRTH" -> nodeBirth(t, payload, sent);
            case "DBIRTH" -> deviceBirth(t, payload, sent, arrivalMillis);
            case "NDATA", "DDATA" -> data(t, payload, sent, arrivalMillis);
            case "DDEATH" -> deviceDeath(t, payload, sent, arrivalMillis);
            case "NDEATH" -> nodeDeath(t, payload, sent);
            // commands (including our own rebirth requests) and host STATE carry no telemetry
            case "NCMD", "DCMD", "STATE" -> List.of();
            default -> throw new UnmappableMessageException("unknown Sparkplug message type " + t.type());
        };
        return new SampleBatch(source, samples);
    }

    private List<Sample> nodeBirth(SparkplugTopic t, Payload payload, long sent) {
        long bdSeq = payload.getMetricsList().stream().filter(m -> BD_SEQ_METRIC.equals(m.getName()))
                .mapToLong(Metric::getLongValue).findFirst().orElse(-1);
        EdgeNode node = new EdgeNode(bdSeq, payload.getSeq());
        nodes.put(t.nodeKey(), node);
        lastRebirthRequest.remove(t.nodeKey());
        define(node, "", payload);
        log.info("mqtt {}: NBIRTH of edge node {} on broker {} ({} metrics, bdSeq {})", connection.id(), t.nodeKey(),
                connection.url(), payload.getMetricsCount(), bdSeq);
        String equipment = equipment(t.node());
        List<Sample> out = new ArrayList<>();
        if (signals.isEquipment(equipment)) {
            out.add(online(equipment, sent, true));
            out.addAll(values(t, node, "", equipment, payload, sent, sent));
        }
        return out;
    }

    private List<Sample> deviceBirth(SparkplugTopic t, Payload payload, long sent, long arrival) {
        EdgeNode node = bornNode(t, arrival);
        checkSequence(t, node, payload, arrival);
        define(node, t.device(), payload);
        String equipment = requireEquipment(t.device());
        List<Sample> out = new ArrayList<>();
        out.add(online(equipment, sent, true));
        out.addAll(values(t, node, t.device(), equipment, payload, sent, arrival));
        return out;
    }

    private List<Sample> data(SparkplugTopic t, Payload payload, long sent, long arrival) {
        EdgeNode node = bornNode(t, arrival);
        checkSequence(t, node, payload, arrival);
        String scope = t.device() == null ? "" : t.device();
        String equipment;
        if (t.device() != null) {
            equipment = requireEquipment(t.device());
            if (!node.aliases.containsKey(scope)) {
                requestRebirth(t, arrival, "DDATA before DBIRTH of device " + t.device());
                throw new UnmappableMessageException("no DBIRTH seen for device " + t.device() + " of edge node "
                        + t.nodeKey() + "; rebirth requested");
            }
        } else {
            equipment = equipment(t.node());
        }
        return values(t, node, scope, equipment, payload, sent, arrival);
    }

    private List<Sample> deviceDeath(SparkplugTopic t, Payload payload, long sent, long arrival) {
        EdgeNode node = bornNode(t, arrival);
        checkSequence(t, node, payload, arrival);
        node.aliases.remove(t.device());
        node.names.remove(t.device());
        String equipment = equipment(t.device());
        log.info("mqtt {}: DDEATH of device {} (equipment {}) of edge node {} on broker {}", connection.id(),
                t.device(), equipment, t.nodeKey(), connection.url());
        return signals.isEquipment(equipment) ? List.of(online(equipment, sent, false)) : List.of();
    }

    private List<Sample> nodeDeath(SparkplugTopic t, Payload payload, long sent) {
        EdgeNode node = nodes.get(t.nodeKey());
        long bdSeq = payload.getMetricsList().stream().filter(m -> BD_SEQ_METRIC.equals(m.getName()))
                .mapToLong(Metric::getLongValue).findFirst().orElse(-1);
        // a will message left over from an earlier session must not end the current one (Sparkplug 3.0 §7.1.1)
        if (node == null || (bdSeq >= 0 && node.bdSeq >= 0 && bdSeq != node.bdSeq)) {
            log.info("mqtt {}: ignoring NDEATH of edge node {} on broker {} (bdSeq {} is not the current session's)",
                    connection.id(), t.nodeKey(), connection.url(), bdSeq);
            return List.of();
        }
        nodes.remove(t.nodeKey());
        log.info("mqtt {}: NDEATH of edge node {} on broker {}", connection.id(), t.nodeKey(), connection.url());
        List<Sample> out = new ArrayList<>();
        for (String scope : node.aliases.keySet()) {
            String equipment = equipment(scope.isEmpty() ? t.node() : scope);
            if (signals.isEquipment(equipment)) {
                out.add(online(equipment, sent, false));
            }
        }
        return out;
    }

    private EdgeNode bornNode(SparkplugTopic t, long arrival) {
        EdgeNode node = nodes.get(t.nodeKey());
        if (node == null) {
            requestRebirth(t, arrival, t.type() + " before NBIRTH");
            throw new UnmappableMessageException("no NBIRTH seen for edge node " + t.nodeKey() + "; rebirth requested");
        }
        return node;
    }

    // a gap means messages were lost and aliases may be stale, so the node is asked for its births again
    private void checkSequence(SparkplugTopic t, EdgeNode node, Payload payload, long arrival) {
        if (!payload.hasSeq()) {
            return;
        }
        long seq = payload.getSeq();
        long expected = (node.lastSeq + 1) % 256;
        // the same seq again is the broker redelivering an unacknowledged message, not a loss
        if (seq != expected && seq != node.lastSeq) {
            sequenceGaps.incrementAndGet();
            log.warn("mqtt {}: sequence gap from edge node {} on broker {}: expected {}, got {} ({})", connection.id(),
                    t.nodeKey(), connection.url(), expected, seq, t.type());
            requestRebirth(t, arrival, "sequence gap");
        }
        node.lastSeq = seq;
    }

    private void define(EdgeNode node, String scope, Payload payload) {
        Map<Long, MetricDefinition> byAlias = new HashMap<>();
        Map<String, MetricDefinition> byName = new HashMap<>();
        for (Metric m : payload.getMetricsList()) {
            if (!m.hasName()) {
                continue;
            }
            if (isTemplateDefinition(m)) {
                continue;
            }
            MetricDefinition d = new MetricDefinition(m.getName(), m.getDatatype());
            byName.put(d.name(), d);
            if (m.hasAlias()) {
                byAlias.put(m.getAlias(), d);
            }
            if (m.hasTemplateValue()) {
                defineMembers(d.name(), m.getTemplateValue(), byName);
            }
        }
        node.aliases.put(scope, byAlias);
        node.names.put(scope, byName);
    }

    // a template definition is a type (NBIRTH only), not a metric with values
    private static boolean isTemplateDefinition(Metric m) {
        return m.hasTemplateValue() && m.getTemplateValue().getIsDefinition();
    }

    // members carry no alias, only names, so a data message may leave out their datatypes only by name
    private static void defineMembers(String prefix, Template template, Map<String, MetricDefinition> byName) {
        for (Metric member : template.getMetricsList()) {
            String name = prefix + MEMBER_SEPARATOR + member.getName();
            byName.put(name, new MetricDefinition(name, member.getDatatype()));
            if (member.hasTemplateValue()) {
                defineMembers(name, member.getTemplateValue(), byName);
            }
        }
    }

    private List<Sample> values(SparkplugTopic t, EdgeNode node, String scope, String equipment, Payload payload,
                                long sent, long arrival) {
        Map<String, SignalMapping> mappings = signals.declared(equipment);
        List<Sample> out = new ArrayList<>();
        for (Metric m : payload.getMetricsList()) {
            if (isTemplateDefinition(m)) {
                continue;
            }
            MetricDefinition d = m.hasName() ? node.names.get(scope).get(m.getName())
                    : m.hasAlias() ? node.aliases.get(scope).get(m.getAlias()) : null;
            if (d == null) {
                String which = m.hasName() ? "name '" + m.getName() + "'" : m.hasAlias() ? "alias " + m.getAlias()
                        : "neither name nor alias";
                requestRebirth(t, arrival, "unknown metric " + which);
                throw new UnmappableMessageException("metric with " + which + " is not in the birth of "
                        + (scope.isEmpty() ? "edge node" : "device " + scope) + "; rebirth requested");
            }
            long ts = m.hasTimestamp() ? m.getTimestamp() : sent;
            addValues(equipment, mappings, d.name(), m.hasDatatype() ? m.getDatatype() : d.datatype(), m, ts,
                    node.names.get(scope), out);
        }
        return out;
    }

    /*
     * A scalar metric is one signal under its name; a Template instance is its members, each under
     * "<metric>/<member>" (nested templates likewise); a DataSet is its columns, each under "<metric>/<column>".
     * Names not in signalNames are skipped: unmapped metrics are the node's business.
     */
    private void addValues(String equipment, Map<String, SignalMapping> mappings, String name, int datatype,
                           Metric m, long ts, Map<String, MetricDefinition> defined, List<Sample> out) {
        if (m.getIsNull()) {
            // a null is a missing value, never a zero
            return;
        }
        switch (m.getValueCase()) {
            case TEMPLATE_VALUE -> {
                for (Metric member : m.getTemplateValue().getMetricsList()) {
                    String memberName = name + MEMBER_SEPARATOR + member.getName();
                    MetricDefinition d = defined.get(memberName);
                    int memberType = member.hasDatatype() ? member.getDatatype() : d != null ? d.datatype() : 0;
                    addValues(equipment, mappings, memberName, memberType, member,
                            member.hasTimestamp() ? member.getTimestamp() : ts, defined, out);
                }
            }
            case DATASET_VALUE -> addRows(equipment, mappings, name, m.getDatasetValue(), ts, out);
            default -> {
                SignalMapping mapping = mapping(mappings, name);
                if (mapping != null) {
                    out.add(SignalTable.sample(equipment, mapping, value(name, datatype, m), ts));
                }
            }
        }
    }

    // rows carry no time of their own: a DateTime column times them, otherwise only a single row is unambiguous
    private void addRows(String equipment, Map<String, SignalMapping> mappings, String name, DataSet set, long ts,
                         List<Sample> out) {
        List<Integer> mapped = new ArrayList<>();
        int timeColumn = -1;
        for (int c = 0; c < set.getColumnsCount(); c++) {
            if (mapping(mappings, name + MEMBER_SEPARATOR + set.getColumns(c)) != null) {
                mapped.add(c);
            }
            if (timeColumn < 0 && c < set.getTypesCount() && set.getTypes(c) == DATETIME_DATATYPE) {
                timeColumn = c;
            }
        }
        if (mapped.isEmpty()) {
            return;
        }
        if (set.getTypesCount() != set.getColumnsCount()) {
            throw new UnmappableMessageException("DataSet metric '" + name + "' has " + set.getColumnsCount()
                    + " columns but " + set.getTypesCount() + " types");
        }
        if (timeColumn < 0 && set.getRowsCount() > 1) {
            throw new UnmappableMessageException("DataSet metric '" + name + "' has " + set.getRowsCount()
                    + " rows but no DateTime column to time them");
        }
        for (int r = 0; r < set.getRowsCount(); r++) {
            List<DataSetValue> row = set.getRows(r).getElementsList();
            if (row.size() != set.getColumnsCount()) {
                throw new UnmappableMessageException("DataSet metric '" + name + "' row " + r + " has " + row.size()
                        + " values for " + set.getColumnsCount() + " columns");
            }
            long rowTs = timeColumn < 0 ? ts : ((Number) value(name + MEMBER_SEPARATOR + set.getColumns(timeColumn),
                    DATETIME_DATATYPE, row.get(timeColumn))).longValue();
            for (int c : mapped) {
                String column = name + MEMBER_SEPARATOR + set.getColumns(c);
                out.add(SignalTable.sample(equipment, mapping(mappings, column), value(column, set.getTypes(c),
                        row.get(c)), rowTs));
            }
        }
    }

    private SignalMapping mapping(Map<String, SignalMapping> mappings, String name) {
        String kind = connection.signalNames().get(name);
        return kind == null ? null : mappings.get(kind);
    }

    private static Object value(String name, int datatype, Metric m) {
        return switch (m.getValueCase()) {
            case INT_VALUE -> fromInt(m.getIntValue(), datatype);
            case LONG_VALUE -> fromLong(m.getLongValue(), datatype);
            case FLOAT_VALUE -> m.getFloatValue();
            case DOUBLE_VALUE -> m.getDoubleValue();
            case BOOLEAN_VALUE -> m.getBooleanValue();
            case STRING_VALUE -> m.getStringValue();
            case BYTES_VALUE, DATASET_VALUE, TEMPLATE_VALUE, VALUE_NOT_SET ->
                    throw new UnmappableMessageException("metric '" + name + "' has no scalar value");
        };
    }

    private static Object value(String name, int datatype, DataSetValue v) {
        return switch (v.getValueCase()) {
            case INT_VALUE -> fromInt(v.getIntValue(), datatype);
            case LONG_VALUE -> fromLong(v.getLongValue(), datatype);
            case FLOAT_VALUE -> v.getFloatValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case BOOLEAN_VALUE -> v.getBooleanValue();
            case STRING_VALUE -> v.getStringValue();
            case VALUE_NOT_SET -> throw new UnmappableMessageException("DataSet column '" + name + "' has no value");
        };
    }

    // Sparkplug puts signed Int8..Int32 in an unsigned field and UInt64 in a signed one, so the datatype decides
    private static long fromInt(int raw, int datatype) {
        return switch (datatype) {
            case 1 -> (byte) raw;
            case 2 -> (short) raw;
            case 3 -> raw;
            default -> Integer.toUnsignedLong(raw);
        };
    }

    private static Object fromLong(long raw, int datatype) {
        return datatype == 8 ? Double.parseDouble(Long.toUnsignedString(raw)) : raw;
    }

    private Sample online(String equipment, long ts, boolean online) {
        return new Sample(equipment, ONLINE_SIGNAL, ts, online ? 1 : 0, 0, Provenance.MEASURED);
    }

    private String requireEquipment(String sparkplugDevice) {
        String equipment = equipment(sparkplugDevice);
        if (!signals.isEquipment(equipment)) {
            throw new UnmappableMessageException("unknown device '" + equipment + "' (Sparkplug device "
                    + sparkplugDevice + ")");
        }
        return equipment;
    }

    private String equipment(String sparkplugId) {
        return connection.sparkplugDevices().getOrDefault(sparkplugId, sparkplugId);
    }

    private void requestRebirth(SparkplugTopic t, long now, String why) {
        Long last = lastRebirthRequest.get(t.nodeKey());
        if (last != null && now - last < REBIRTH_INTERVAL_MILLIS) {
            return;
        }
        lastRebirthRequest.put(t.nodeKey(), now);
        rebirthRequests.incrementAndGet();
        log.warn("mqtt {}: requesting rebirth of edge node {} on broker {} ({})", connection.id(), t.nodeKey(),
                connection.url(), why);
        byte[] request = Payload.newBuilder().setTimestamp(now)
                .addMetrics(Metric.newBuilder().setName(REBIRTH_METRIC).setDatatype(BOOLEAN_DATATYPE).setBooleanValue(true))
                .build().toByteArray();
        commands.publish(t.nodeCommandTopic(), request);
    }

    /** Sequence-number gaps seen since start, each followed by a rebirth request. */
    public long sequenceGaps() {
        return sequenceGaps.get();
    }

    /** Rebirth requests sent since start. */
    public long rebirthRequests() {
        return rebirthRequests.get();
    }
}
