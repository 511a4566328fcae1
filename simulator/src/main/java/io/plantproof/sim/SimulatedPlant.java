package io.plantproof.sim;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The demo plant: 10 machines in two workshops, 6 on OPC UA and 4 on MQTT, with a seeded random
 * model. Connector tests and the demo use it as their source of truth.
 */
public final class SimulatedPlant {

    /** The default machine list: ids, register flags and behaviour. */
    public static final List<MachineSpec> MACHINES = List.of(
            new MachineSpec("CNC-01", "数控车床 1 号", "WS-MACH", "opcua", true, true, true, "浙江海德曼", 42.0, 30, 11, 2.5, 0.010),
            new MachineSpec("CNC-02", "数控车床 2 号", "WS-MACH", "opcua", true, true, true, "浙江海德曼", 42.0, 30, 11, 2.5, 0.012),
            new MachineSpec("CNC-03", "立式加工中心 1 号", "WS-MACH", "opcua", true, true, true, "日发精机", 68.0, 45, 15, 3.0, 0.015),
            new MachineSpec("CNC-04", "立式加工中心 2 号", "WS-MACH", "opcua", true, true, true, "日发精机", 68.0, 45, 15, 3.0, 0.013),
            new MachineSpec("GRD-01", "数控磨床", "WS-MACH", "opcua", true, true, true, "杭州机床", 55.0, 60, 9, 2.0, 0.008),
            new MachineSpec("DRL-01", "台式钻床", "WS-MACH", "opcua", true, false, false, "本地", 1.5, 20, 1.5, 0.3, 0.020),
            new MachineSpec("ASM-01", "自动装配线", "WS-ASSY", "mqtt", true, true, true, "绍兴精工", 120.0, 25, 18, 4.0, 0.006),
            new MachineSpec("ASM-02", "拧紧机器人工作站", "WS-ASSY", "mqtt", true, true, true, "埃斯顿", 35.0, 40, 6, 1.5, 0.004),
            new MachineSpec("TST-01", "在线检测台", "WS-ASSY", "mqtt", true, true, true, "天准科技", 28.0, 15, 3, 1.0, 0.0),
            new MachineSpec("PKG-01", "包装机", "WS-ASSY", "mqtt", false, false, true, "永创智能", 18.0, 10, 4, 1.0, 0.002));

    private final long seed;
    private final Map<String, SimMachine> machines;

    /** A plant whose machines start (counters at zero) at the given epoch second. */
    public SimulatedPlant(long seed, long startEpochSecond) {
        this.seed = seed;
        this.machines = MACHINES.stream()
                .map(spec -> new SimMachine(spec, seed, startEpochSecond))
                .collect(Collectors.toMap(m -> m.spec().id(), Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    public long seed() {
        return seed;
    }

    public List<SimMachine> machines() {
        return List.copyOf(machines.values());
    }

    public List<SimMachine> machines(String transport) {
        return machines.values().stream().filter(m -> m.spec().transport().equals(transport)).toList();
    }

    public SimMachine machine(String id) {
        return machines.get(id);
    }

    /** Advances every machine up to (excluding) the given epoch second. */
    public void advanceTo(long epochSecond) {
        machines.values().forEach(m -> m.advanceTo(epochSecond));
    }
}
