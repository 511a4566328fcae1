package io.plantproof.sim;

import io.plantproof.plant.Enterprise;
import io.plantproof.plant.Equipment;
import io.plantproof.plant.ExportsConfig;
import io.plantproof.plant.MqttConnection;
import io.plantproof.plant.MqttConnection.PayloadFormat;
import io.plantproof.plant.OpcUaConnection;
import io.plantproof.plant.Plant;
import io.plantproof.plant.ProductionCalendar;
import io.plantproof.plant.SignalKind;
import io.plantproof.plant.SignalMapping;
import io.plantproof.plant.SignalMapping.MqttSource;
import io.plantproof.plant.SignalMapping.OpcUaSource;
import io.plantproof.plant.Thresholds;
import io.plantproof.plant.Workshop;
import io.plantproof.sample.MachineState;
import io.plantproof.sample.Signals;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The plant file of the simulated plant, written the way plant IT would write it for a real one:
 * OPC UA node ids and MQTT JSON pointers per signal, and each device's own state codes.
 */
public final class DemoPlant {

    /** Namespace URI of the simulated OPC UA server's nodes. */
    public static final String NAMESPACE_URI = "urn:plantproof:sim";
    /** MQTT topic pattern the simulated gateway publishes on. */
    public static final String MQTT_TOPIC = "plant/shaoxing/machine/{device}/telemetry";

    /** Sparkplug group of the simulated gateway in Sparkplug mode. */
    public static final String SPARKPLUG_GROUP = "Shaoxing";
    /** Sparkplug edge node id of the simulated gateway; each MQTT machine is a device named by its equipment id. */
    public static final String SPARKPLUG_NODE = "gateway";
    /** Sparkplug device metric names → signal kinds. */
    public static final Map<String, String> SPARKPLUG_METRICS = Map.of(
            "State", Signals.STATE,
            "Counts/Total", Signals.COUNT_TOTAL,
            "Counts/Good", Signals.COUNT_GOOD,
            "Counts/Scrap", Signals.COUNT_SCRAP,
            "Energy/kWh", Signals.ENERGY);

    /** OPC UA node names of each machine, under {@code Plant/<workshop>/<machine>/}. */
    public static final Map<String, String> OPCUA_NODES = Map.of(
            Signals.STATE, "State",
            Signals.COUNT_TOTAL, "TotalCount",
            Signals.COUNT_GOOD, "GoodCount",
            Signals.ENERGY, "EnergyKWh",
            Signals.CYCLE_TIME, "IdealCycleTime");

    /** JSON pointers into the gateway's telemetry payload. */
    public static final Map<String, String> MQTT_POINTERS = Map.of(
            Signals.STATE, "/state",
            Signals.COUNT_TOTAL, "/counts/total",
            Signals.COUNT_GOOD, "/counts/good",
            Signals.COUNT_SCRAP, "/counts/scrap",
            Signals.ENERGY, "/energy/kwh");

    private DemoPlant() {
    }

    /** The string node id (without namespace) of a machine signal. */
    public static String nodeName(MachineSpec m, String signal) {
        return "Plant/" + m.workshop() + "/" + m.id() + "/" + OPCUA_NODES.get(signal);
    }

    /** The demo plant with its MQTT machines read from the gateway's JSON. */
    public static Plant plant(String opcuaEndpoint, String mqttUrl, String dataDir) {
        return plant(opcuaEndpoint, mqttUrl, dataDir, PayloadFormat.JSON);
    }

    /**
     * The demo plant with its MQTT machines read as the gateway publishes them in {@code mqttPayload}: JSON, or
     * Sparkplug B with the collector as primary host {@code plantproof}.
     */
    public static Plant plant(String opcuaEndpoint, String mqttUrl, String dataDir, PayloadFormat mqttPayload) {
        List<Equipment> equipment = new ArrayList<>();
        for (MachineSpec m : SimulatedPlant.MACHINES) {
            equipment.add(new Equipment(m.id(), m.name(), m.workshop(), m.keyProcess(), m.numericalControl(),
                    m.automated(), m.supplier(), m.costWan(), LocalDate.of(2024, 3, 1), m.idealCycleSeconds(),
                    signals(m, mqttPayload)));
        }
        MqttConnection mqtt = switch (mqttPayload) {
            case JSON -> MqttConnection.json("gateway", mqttUrl, MQTT_TOPIC, 1, "plantproof-collector", "/ts");
            case SPARKPLUG -> new MqttConnection("gateway", mqttUrl, null, "spBv1.0/" + SPARKPLUG_GROUP + "/#", 1,
                    "plantproof-collector", null, null, null, null, PayloadFormat.SPARKPLUG, null, null, null, null,
                    SPARKPLUG_METRICS, null, "plantproof");
            case PLAIN -> throw new IllegalArgumentException("the simulated gateway publishes JSON or Sparkplug");
        };
        return new Plant(
                new Enterprise("绍兴示例精密机械有限公司", "91330602MA2D000001", "越城区", "C3484 机械零部件加工"),
                "Asia/Shanghai",
                List.of(new Workshop("WS-MACH", "精密机加工车间"), new Workshop("WS-ASSY", "智能装配车间")),
                equipment,
                new ProductionCalendar(null, null, null),
                Thresholds.defaults(),
                List.of(new OpcUaConnection("line1", opcuaEndpoint, null, null, null, null, 500, 250, 10)),
                List.of(mqtt),
                new ExportsConfig(null),
                dataDir);
    }

    private static List<SignalMapping> signals(MachineSpec m, PayloadFormat mqttPayload) {
        List<SignalMapping> out = new ArrayList<>();
        if (m.transport().equals("opcua")) {
            Map<String, MachineState> codes = Map.of("0", MachineState.OFF, "1", MachineState.RUNNING,
                    "2", MachineState.IDLE, "3", MachineState.DOWN, "4", MachineState.PLANNED_STOP);
            for (SignalKind kind : List.of(SignalKind.STATE, SignalKind.COUNT_TOTAL, SignalKind.COUNT_GOOD, SignalKind.ENERGY)) {
                out.add(new SignalMapping(kind, 60, true, new OpcUaSource("line1",
                        "nsu=" + NAMESPACE_URI + ";s=" + nodeName(m, kind.id())), null,
                        kind == SignalKind.ENERGY ? "electricity" : null,
                        kind == SignalKind.ENERGY ? "kWh" : null,
                        kind == SignalKind.STATE ? codes : null));
            }
        } else {
            Map<String, MachineState> codes = Map.of("OFF", MachineState.OFF, "RUN", MachineState.RUNNING,
                    "IDLE", MachineState.IDLE, "ALARM", MachineState.DOWN, "PM", MachineState.PLANNED_STOP);
            for (SignalKind kind : List.of(SignalKind.STATE, SignalKind.COUNT_TOTAL, SignalKind.COUNT_GOOD,
                    SignalKind.COUNT_SCRAP, SignalKind.ENERGY)) {
                out.add(new SignalMapping(kind, 60, kind != SignalKind.COUNT_SCRAP, null,
                        new MqttSource("gateway", mqttPayload == PayloadFormat.JSON ? MQTT_POINTERS.get(kind.id()) : null),
                        kind == SignalKind.ENERGY ? "electricity" : null,
                        kind == SignalKind.ENERGY ? "kWh" : null,
                        kind == SignalKind.STATE ? codes : null));
            }
        }
        return out;
    }
}
