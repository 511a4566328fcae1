package io.plantproof.plant;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The plant model: who applies, its workshops and equipment, the calendar, and the connections
 * the collector reads from. Loaded from one YAML file by {@link PlantFile}.
 */
public record Plant(Enterprise enterprise, String timeZone, List<Workshop> workshops, List<Equipment> equipment,
                    ProductionCalendar calendar, Thresholds thresholds, List<OpcUaConnection> opcua,
                    List<MqttConnection> mqtt, ExportsConfig exports, String dataDir) {

    public Plant {
        timeZone = timeZone == null ? "Asia/Shanghai" : timeZone;
        workshops = workshops == null ? List.of() : List.copyOf(workshops);
        equipment = equipment == null ? List.of() : List.copyOf(equipment);
        calendar = calendar == null ? new ProductionCalendar(null, null, null) : calendar;
        thresholds = thresholds == null ? Thresholds.defaults() : thresholds;
        opcua = opcua == null ? List.of() : List.copyOf(opcua);
        mqtt = mqtt == null ? List.of() : List.copyOf(mqtt);
        exports = exports == null ? new ExportsConfig(null) : exports;
        dataDir = dataDir == null ? "data" : dataDir;
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
                exports, dataDir);
    }

    /** Problems that make the model unusable, each naming its field; empty when valid. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (enterprise == null || blank(enterprise.name())) {
            out.add("enterprise.name is required");
        }
        try {
            ZoneId.of(timeZone);
        } catch (RuntimeException e) {
            out.add("timeZone: unknown zone '" + timeZone + "'");
        }
        Set<String> workshopIds = new HashSet<>();
        for (int i = 0; i < workshops.size(); i++) {
            Workshop w = workshops.get(i);
            if (blank(w.id())) {
                out.add("workshops[" + i + "].id is required");
            } else if (!workshopIds.add(w.id())) {
                out.add("workshops[" + i + "].id '" + w.id() + "' is used twice");
            }
        }
        Set<String> opcuaIds = opcua.stream().map(OpcUaConnection::id).collect(Collectors.toSet());
        Map<String, MqttConnection> mqttById = mqtt.stream()
                .collect(Collectors.toMap(MqttConnection::id, m -> m, (a, b) -> a));
        for (int i = 0; i < mqtt.size(); i++) {
            out.addAll(mqtt.get(i).problems("mqtt[" + i + "]"));
        }
        for (int i = 0; i < opcua.size(); i++) {
            if (blank(opcua.get(i).endpoint())) {
                out.add("opcua[" + i + "].endpoint is required");
            }
            out.addAll(opcua.get(i).problems());
        }
        Set<String> equipmentIds = new HashSet<>();
        for (int i = 0; i < equipment.size(); i++) {
            Equipment e = equipment.get(i);
            String at = "equipment[" + i + "]";
            if (blank(e.id())) {
                out.add(at + ".id is required");
                continue;
            }
            at = "equipment[" + i + "] (" + e.id() + ")";
            if (!equipmentIds.add(e.id())) {
                out.add(at + ".id is used twice");
            }
            if (!workshopIds.contains(e.workshop())) {
                out.add(at + ".workshop '" + e.workshop() + "' is not a workshop id");
            }
            for (int j = 0; j < e.signals().size(); j++) {
                SignalMapping s = e.signals().get(j);
                String sat = at + ".signals[" + j + "]";
                if (blank(s.kind())) {
                    out.add(sat + ".kind is required");
                }
                if (s.opcua() != null && !opcuaIds.contains(s.opcua().connection())) {
                    out.add(sat + ".opcua.connection '" + s.opcua().connection() + "' is not an opcua connection id");
                }
                MqttConnection m = s.mqtt() == null ? null : mqttById.get(s.mqtt().connection());
                if (s.mqtt() != null && m == null) {
                    out.add(sat + ".mqtt.connection '" + s.mqtt().connection() + "' is not an mqtt connection id");
                }
                // plain and Sparkplug connections name the signal in the topic or metric, not with a pointer
                if (m != null && m.payload() == MqttConnection.PayloadFormat.JSON
                        && (blank(s.mqtt().pointer()) || !s.mqtt().pointer().startsWith("/"))) {
                    out.add(sat + ".mqtt.pointer must be a JSON Pointer starting with '/'");
                }
            }
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
