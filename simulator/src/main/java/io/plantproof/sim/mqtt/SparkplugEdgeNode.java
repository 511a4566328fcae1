package io.plantproof.sim.mqtt;

import io.plantproof.mqtt.sparkplug.proto.SparkplugB.Payload;
import io.plantproof.mqtt.sparkplug.proto.SparkplugB.Payload.Metric;
import io.plantproof.sim.DemoPlant;
import io.plantproof.sim.SimMachine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The Sparkplug B (spBv1.0) messages of the simulated gateway as one edge node with a device per MQTT machine:
 * births with names, aliases and datatypes, data by alias, deaths; keeps the sequence and birth/death numbers.
 * Synchronized, as the gateway's ticks, Paho's connection-lost callback and {@code stop()} all use it.
 */
final class SparkplugEdgeNode {

    /** A device metric: its name (a key of {@link DemoPlant#SPARKPLUG_METRICS}), alias offset, datatype, reading. */
    private record Definition(String name, int aliasOffset, int datatype, Function<SimMachine.Snapshot, Object> reading) {

        Metric.Builder value(SimMachine.Snapshot s) {
            Object v = reading.apply(s);
            Metric.Builder b = Metric.newBuilder();
            return switch (datatype) {
                case STRING -> b.setStringValue((String) v);
                case INT64 -> b.setLongValue((Long) v);
                default -> b.setDoubleValue((Double) v);
            };
        }
    }

    private static final int INT64 = 4;
    private static final int DOUBLE = 10;
    private static final int BOOLEAN = 11;
    private static final int STRING = 12;
    private static final List<Definition> METRICS = List.of(
            new Definition("State", 1, STRING, SimMachine.Snapshot::gatewayCode),
            new Definition("Counts/Total", 2, INT64, SimMachine.Snapshot::total),
            new Definition("Counts/Good", 3, INT64, SimMachine.Snapshot::good),
            new Definition("Counts/Scrap", 4, INT64, SimMachine.Snapshot::scrap),
            new Definition("Energy/kWh", 5, DOUBLE, SimMachine.Snapshot::energyKwh));
    /** Aliases must be unique across the edge node, so each device gets its own block of ten. */
    private static final int ALIASES_PER_DEVICE = 10;
    static final String REBIRTH_METRIC = "Node Control/Rebirth";

    private final String prefix;
    private final String node;
    private long bdSeq;
    private long seq;

    SparkplugEdgeNode(String group, String node) {
        this.prefix = "spBv1.0/" + group + "/";
        this.node = node;
    }

    /** Where commands to this node (rebirth requests) arrive. */
    String commandTopic() {
        return prefix + "NCMD/" + node;
    }

    /** The NDEATH the broker publishes as will if the current session ends without a disconnect. */
    synchronized Outgoing will() {
        return new Outgoing(prefix + "NDEATH/" + node, Payload.newBuilder()
                .addMetrics(Metric.newBuilder().setName("bdSeq").setDatatype(INT64).setLongValue(bdSeq))
                .build().toByteArray());
    }

    /** Starts a new session: the next births and will carry the next birth/death number. */
    synchronized void nextSession() {
        bdSeq = (bdSeq + 1) % 256;
    }

    /** NBIRTH then a DBIRTH per machine with every metric's name, alias, datatype and current value. */
    synchronized List<Outgoing> births(List<SimMachine> machines, long epochMillis) {
        seq = 0;
        List<Outgoing> out = new ArrayList<>();
        out.add(new Outgoing(prefix + "NBIRTH/" + node, Payload.newBuilder().setTimestamp(epochMillis).setSeq(seq)
                .addMetrics(Metric.newBuilder().setName("bdSeq").setDatatype(INT64).setLongValue(bdSeq))
                .addMetrics(Metric.newBuilder().setName(REBIRTH_METRIC).setDatatype(BOOLEAN).setBooleanValue(false))
                .build().toByteArray()));
        for (int d = 0; d < machines.size(); d++) {
            Payload.Builder birth = Payload.newBuilder().setTimestamp(epochMillis).setSeq(nextSeq());
            SimMachine.Snapshot s = machines.get(d).snapshot();
            for (Definition m : METRICS) {
                birth.addMetrics(m.value(s).setName(m.name()).setAlias(alias(d, m)).setDatatype(m.datatype()));
            }
            out.add(new Outgoing(prefix + "DBIRTH/" + node + "/" + s.id(), birth.build().toByteArray()));
        }
        return out;
    }

    /** A DDATA per machine with every metric by alias only. */
    synchronized List<Outgoing> data(List<SimMachine> machines, long epochMillis) {
        List<Outgoing> out = new ArrayList<>();
        for (int d = 0; d < machines.size(); d++) {
            Payload.Builder data = Payload.newBuilder().setTimestamp(epochMillis).setSeq(nextSeq());
            SimMachine.Snapshot s = machines.get(d).snapshot();
            for (Definition m : METRICS) {
                data.addMetrics(m.value(s).setAlias(alias(d, m)));
            }
            out.add(new Outgoing(prefix + "DDATA/" + node + "/" + s.id(), data.build().toByteArray()));
        }
        return out;
    }

    /** A DDEATH per machine, then the NDEATH a clean disconnect must publish itself (the will is discarded). */
    synchronized List<Outgoing> deaths(List<SimMachine> machines, long epochMillis) {
        List<Outgoing> out = new ArrayList<>();
        for (SimMachine machine : machines) {
            out.add(new Outgoing(prefix + "DDEATH/" + node + "/" + machine.spec().id(),
                    Payload.newBuilder().setTimestamp(epochMillis).setSeq(nextSeq()).build().toByteArray()));
        }
        out.add(will());
        return out;
    }

    private long nextSeq() {
        seq = (seq + 1) % 256;
        return seq;
    }

    private static long alias(int device, Definition m) {
        return (long) device * ALIASES_PER_DEVICE + m.aliasOffset();
    }
}
