package io.plantproof.sim.opcua;

import io.plantproof.opcua.OpcUaBrowser;
import io.plantproof.opcua.OpcUaBrowser.BrowsedNode;
import io.plantproof.plant.Plant;
import io.plantproof.plant.PlantFile;
import io.plantproof.plant.SignalMapping;
import io.plantproof.sample.MachineState;
import io.plantproof.sample.Signals;
import io.plantproof.sim.DemoPlant;
import io.plantproof.sim.SimulatedPlant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Discovery against the simulator's Milo server: glob selection of variables by browse path, and a skeleton
 * plant file that loads once the enterprise and workshops are added.
 */
class OpcUaBrowserTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> CNC_MACHINES = List.of("CNC-01", "CNC-02", "CNC-03", "CNC-04");

    private static SimOpcUaServer server;

    @BeforeAll
    static void startServer() {
        server = new SimOpcUaServer(new SimulatedPlant(42, Instant.now().getEpochSecond() - 3600), 0);
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void globSelectsTheVariablesOfTheCncMachinesOnly() {
        List<BrowsedNode> nodes = OpcUaBrowser.browse(server.endpointUrl(), "Objects/Plant/*/CNC-0*/**", TIMEOUT);

        List<String> expectedPaths = CNC_MACHINES.stream()
                .flatMap(m -> DemoPlant.OPCUA_NODES.values().stream().map(n -> "Objects/Plant/WS-MACH/" + m + "/" + n))
                .toList();
        assertThat(nodes).extracting(BrowsedNode::path).containsExactlyInAnyOrderElementsOf(expectedPaths);
        BrowsedNode state = nodes.stream().filter(n -> n.path().equals("Objects/Plant/WS-MACH/CNC-01/State")).findFirst().orElseThrow();
        assertThat(state.nodeId()).isEqualTo("nsu=" + DemoPlant.NAMESPACE_URI + ";s=Plant/WS-MACH/CNC-01/State");
        assertThat(state.dataType()).isEqualTo("Int32");
        assertThat(state.displayName()).isEqualTo("State");
    }

    @Test
    void singleCharacterWildcardAndExactSegmentsNarrowTheSelection() {
        assertThat(OpcUaBrowser.browse(server.endpointUrl(), "Objects/Plant/WS-MACH/CNC-0?/State", TIMEOUT))
                .extracting(BrowsedNode::path)
                .containsExactlyInAnyOrderElementsOf(CNC_MACHINES.stream().map(m -> "Objects/Plant/WS-MACH/" + m + "/State").toList());
        assertThat(OpcUaBrowser.browse(server.endpointUrl(), "Objects/Plant/*/State", TIMEOUT)).isEmpty();
    }

    @Test
    void skeletonOfAllVariablesLoadsOnceEnterpriseAndWorkshopsAreAdded() {
        List<BrowsedNode> nodes = OpcUaBrowser.browse(server.endpointUrl(), "Objects/**", TIMEOUT);
        long opcuaMachines = SimulatedPlant.MACHINES.stream().filter(m -> m.transport().equals("opcua")).count();
        assertThat(nodes).hasSize((int) opcuaMachines * DemoPlant.OPCUA_NODES.size());

        String skeleton = OpcUaBrowser.skeleton(nodes, "line1", server.endpointUrl());
        String yaml = "enterprise: {name: X}\n"
                + "workshops: [{id: WS-MACH, name: a}, {id: WS-ASSY, name: b}]\n"
                + skeleton;
        Plant plant = PlantFile.parse(yaml, "skeleton");

        assertThat(plant.opcua()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("line1");
            assertThat(c.endpoint()).isEqualTo(server.endpointUrl());
        });
        assertThat(plant.equipment()).extracting(e -> e.id())
                .containsExactlyInAnyOrder("CNC-01", "CNC-02", "CNC-03", "CNC-04", "GRD-01", "DRL-01");
        assertThat(plant.equipment()).allSatisfy(e -> assertThat(e.workshop()).isEqualTo("WS-MACH"));
        var cnc = plant.equipment("CNC-01").orElseThrow();
        assertThat(cnc.signals()).extracting(SignalMapping::kind).containsExactlyInAnyOrder(
                Signals.STATE, Signals.COUNT_TOTAL, Signals.COUNT_GOOD, Signals.ENERGY, Signals.CYCLE_TIME);
        SignalMapping state = cnc.signal(Signals.STATE);
        assertThat(state.opcua().node()).isEqualTo("nsu=" + DemoPlant.NAMESPACE_URI + ";s=Plant/WS-MACH/CNC-01/State");
        assertThat(state.stateCodes()).containsEntry("1", MachineState.RUNNING);
        assertThat(state.required()).isTrue();
        assertThat(state.intervalSeconds()).isEqualTo(60);
        assertThat(skeleton).contains("# EXAMPLE ONLY");
    }

    @Test
    void unreachableServerIsReportedWithItsEndpoint() {
        String nobody = "opc.tcp://localhost:1/none";
        assertThatThrownBy(() -> OpcUaBrowser.browse(nobody, null, Duration.ofSeconds(3)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(nobody);
    }
}
