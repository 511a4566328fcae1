package io.plantproof.plant;

import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The plant model: who applies, its workshops and equipment, the calendar, and the connections
 * the collector reads from. Loaded from one YAML file by {@link PlantFile}.
 */
public record Plant(Enterprise enterprise, String timeZone, List<Workshop> workshops, List<Equipment> equipment,
                    ProductionCalendar calendar, Thresholds thresholds, List<OpcUaConnection> opcua,
                    List<MqttConnection> mqtt, ExportsConfig exports, String dataDir, EvidenceConfig evidence) {

    public Plant {
        timeZone = timeZone == null ? "Asia/Shanghai" : timeZone;
        workshops = Copies.list(workshops);
        equipment = Copies.list(equipment);
        calendar = calendar == null ? new ProductionCalendar(null, null, null) : calendar;
        thresholds = thresholds == null ? Thresholds.defaults() : thresholds;
        opcua = Copies.list(opcua);
        mqtt = Copies.list(mqtt);
        exports = exports == null ? new ExportsConfig(null) : exports;
        dataDir = dataDir == null ? "data" : dataDir;
        evidence = evidence == null ? EvidenceConfig.defaults() : evidence;
    }

    /** A plant without an {@code evidence} section: default collector id, no witness, no time-stamp authority. */
    public Plant(Enterprise enterprise, String timeZone, List<Workshop> workshops, List<Equipment> equipment,
                 ProductionCalendar calendar, Thresholds thresholds, List<OpcUaConnection> opcua,
                 List<MqttConnection> mqtt, ExportsConfig exports, String dataDir) {
        this(enterprise, timeZone, workshops, equipment, calendar, thresholds, opcua, mqtt, exports, dataDir, null);
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    public Optional<Equipment> equipment(String id) {
        return equipment.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** The same plant with connection credentials removed: the register snapshot a bundle may carry. */
    public Plant withoutSecrets() {
        return new Plant(enterprise, timeZone, workshops, equipment, calendar, thresholds,
                opcua.stream().map(OpcUaConnection::withoutSecrets).toList(),
                mqtt.stream().map(MqttConnection::withoutSecrets).toList(),
                exports, dataDir, evidence);
    }

    /** The same plant with another {@code evidence} section (the demo points it at its own witness and TSA). */
    public Plant withEvidence(EvidenceConfig config) {
        return new Plant(enterprise, timeZone, workshops, equipment, calendar, thresholds, opcua, mqtt, exports, dataDir, config);
    }

    /** Problems that make the model unusable, each naming its field; empty when valid. */
    public List<String> problems() {
        PlantProblems out = new PlantProblems();
        check(out);
        return out.messages();
    }

    /**
     * Records every problem of the model in {@code out}: required fields, ranges, and references between sections
     * (a signal's connection, an equipment's workshop). New fields add their checks to their record's {@code check}.
     */
    public void check(PlantProblems out) {
        FieldPath root = FieldPath.root();
        if (out.required(root.field("enterprise"), enterprise)) {
            enterprise.check(root.field("enterprise"), out);
        }
        evidence.check(root.field("evidence"), out);
        try {
            ZoneId.of(timeZone);
        } catch (RuntimeException e) {
            out.add(root.field("timeZone"), "'" + timeZone + "' is not a time zone such as Asia/Shanghai");
        }
        out.required(root.field("dataDir"), dataDir);
        calendar.check(root.field("calendar"), out);
        thresholds.check(root.field("thresholds"), out);
        exports.check(root.field("exports"), out);

        Set<String> workshopIds = new HashSet<>();
        for (int i = 0; i < workshops.size(); i++) {
            Workshop w = workshops.get(i);
            FieldPath at = root.field("workshops").index(i, w == null ? null : w.id());
            if (out.required(at, w)) {
                w.check(at, out);
                if (w.id() != null && !workshopIds.add(w.id())) {
                    out.add(at.field("id"), "'" + w.id() + "' is used twice");
                }
            }
        }
        Set<String> opcuaIds = new HashSet<>();
        for (int i = 0; i < opcua.size(); i++) {
            OpcUaConnection c = opcua.get(i);
            FieldPath at = root.field("opcua").index(i, c == null ? null : c.id());
            if (out.required(at, c)) {
                c.check(at, out);
                if (c.id() != null && !opcuaIds.add(c.id())) {
                    out.add(at.field("id"), "'" + c.id() + "' is used twice");
                }
            }
        }
        Map<String, MqttConnection> mqttById = new HashMap<>();
        for (int i = 0; i < mqtt.size(); i++) {
            MqttConnection m = mqtt.get(i);
            FieldPath at = root.field("mqtt").index(i, m == null ? null : m.id());
            if (out.required(at, m)) {
                m.check(at, out);
                if (m.id() != null && mqttById.putIfAbsent(m.id(), m) != null) {
                    out.add(at.field("id"), "'" + m.id() + "' is used twice");
                }
            }
        }
        Set<String> equipmentIds = new HashSet<>();
        for (int i = 0; i < equipment.size(); i++) {
            Equipment e = equipment.get(i);
            FieldPath at = root.field("equipment").index(i, e == null ? null : e.id());
            if (!out.required(at, e)) {
                continue;
            }
            e.check(at, out);
            if (e.id() != null && !equipmentIds.add(e.id())) {
                out.add(at.field("id"), "'" + e.id() + "' is used twice");
            }
            // without a readable workshops section every reference would be reported again
            if (e.workshop() != null && !out.has(root.field("workshops")) && !workshopIds.contains(e.workshop())) {
                out.add(at.field("workshop"), "'" + e.workshop() + "' is not a workshop id");
            }
            checkSignals(e, at, opcuaIds, mqttById, out);
        }
    }

    private static void checkSignals(Equipment e, FieldPath at, Set<String> opcuaIds,
                                     Map<String, MqttConnection> mqttById, PlantProblems out) {
        Set<SignalKind> kinds = EnumSet.noneOf(SignalKind.class);
        for (int j = 0; j < e.signals().size(); j++) {
            SignalMapping s = e.signals().get(j);
            FieldPath sat = at.field("signals").index(j);
            if (s == null) {
                continue;
            }
            // samples carry the kind as their signal name, so a second mapping of a kind would mix two series
            if (s.kind() != null && !kinds.add(s.kind())) {
                out.add(sat.field("kind"), "'" + s.kind() + "' is mapped twice on this equipment; keep one");
            }
            if (s.opcua() != null && s.opcua().connection() != null && !opcuaIds.contains(s.opcua().connection())) {
                out.add(sat.field("opcua").field("connection"), "'" + s.opcua().connection()
                        + "' is not the id of an opcua connection");
            }
            if (s.mqtt() == null || s.mqtt().connection() == null) {
                continue;
            }
            MqttConnection m = mqttById.get(s.mqtt().connection());
            if (m == null) {
                out.add(sat.field("mqtt").field("connection"), "'" + s.mqtt().connection()
                        + "' is not the id of an mqtt connection");
            } else if (m.payload() == MqttConnection.PayloadFormat.JSON
                    && (blank(s.mqtt().pointer()) || !s.mqtt().pointer().startsWith("/"))) {
                // plain and Sparkplug connections name the signal in the topic or metric, not with a pointer
                out.add(sat.field("mqtt").field("pointer"), "must be a JSON Pointer starting with '/' (connection '"
                        + m.id() + "' reads JSON)");
            }
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
