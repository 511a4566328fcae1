package io.plantproof.plant;

import io.plantproof.sample.MachineState;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The plant file is strict: a typo, an omitted required field, a value of the wrong type or out of range is refused
 * with its line, column and field path in plain words, never replaced by a default. Messages are compared whole, so a
 * wrong line, a lost field path or a Java class name in the text fails the test.
 */
class PlantFileTest {

    /** A valid plant; tests replace one line of it. Line numbers below count from the first line of this text. */
    private static final String PLANT = """
            enterprise: {name: X}
            workshops: [{id: W1, name: 一车间}]
            opcua:
              - {id: line1, endpoint: "opc.tcp://10.0.0.1:4840"}
            mqtt:
              - {id: gw, url: "tcp://10.0.0.2:1883", topic: "f/{device}"}
            equipment:
              - id: E1
                name: 车床
                workshop: W1
                keyProcess: true
                numericalControl: true
                automated: true
                signals:
                  - kind: state
                    intervalSeconds: 60
                    opcua: {connection: line1, node: "ns=2;s=E1/State"}
                  - {kind: count.total, mqtt: {connection: gw, pointer: /n}}
            """;

    private static String problemsOf(String from, String to) {
        String yaml = PLANT.replace(from, to);
        assertThat(yaml).as("the test replaces a line of the valid plant").isNotEqualTo(PLANT);
        try {
            PlantFile.parse(yaml, "plant.yml");
        } catch (PlantConfigException e) {
            assertThat(e.getMessage()).as("no Java names in what a plant admin reads")
                    .doesNotContainPattern("\\b(java|io|tools|com)\\.[a-z]+\\.").doesNotContain("Exception").doesNotContain("`");
            return e.getMessage();
        }
        throw new AssertionError("plant.yml was accepted:\n" + yaml);
    }

    @Test
    void theValidPlantLoadsWithTheDocumentedDefaults() {
        Plant plant = PlantFile.parse(PLANT, "plant.yml");
        SignalMapping total = plant.equipment("E1").orElseThrow().signal(SignalKind.COUNT_TOTAL);
        assertThat(total.intervalSeconds()).isEqualTo(60);
        assertThat(total.required()).isTrue();
        assertThat(plant.mqtt().get(0).qos()).isEqualTo(1);
        assertThat(plant.opcua().get(0).securityPolicy()).isEqualTo(OpcUaConnection.SecurityPolicy.NONE);
        assertThat(plant.thresholds().slotCoverage()).isEqualTo(0.8);
    }

    @Test
    void aMistypedSignalKindIsRefusedWithItsLine() {
        assertThat(problemsOf("- kind: state", "- kind: stat")).isEqualTo("""
                plant file plant.yml has 1 problem:
                  - line 15, column 15: equipment[0] (E1).signals[0].kind 'stat' is not one of state, count.total, \
                count.good, count.scrap, energy, power, cycleTime, measurement""");
    }

    @Test
    void aSignalWithoutItsOpcUaNodeIsRefused() {
        assertThat(problemsOf("{connection: line1, node: \"ns=2;s=E1/State\"}", "{connection: line1}")).isEqualTo("""
                plant file plant.yml has 1 problem:
                  - line 17, column 16: equipment[0] (E1).signals[0].opcua.node is required""");
        assertThat(problemsOf("node: \"ns=2;s=E1/State\"", "node: \"E1/State\"")).isEqualTo("""
                plant file plant.yml has 1 problem:
                  - line 17, column 42: equipment[0] (E1).signals[0].opcua.node 'E1/State' is not an OPC UA node id \
                such as "ns=2;s=Line1/Press/State" or "nsu=urn:vendor:plc;s=Press.State\"""");
    }

    @Test
    void anOmittedFlagIsAnErrorNotFalse() {
        assertThat(problemsOf("    keyProcess: true\n", "")).isEqualTo("""
                plant file plant.yml has 1 problem:
                  - line 8, column 5: equipment[0] (E1).keyProcess is required: write true or false""");
    }

    @Test
    void aNegativeIntervalIsRefusedNotDefaulted() {
        assertThat(problemsOf("intervalSeconds: 60", "intervalSeconds: -5")).isEqualTo("""
                plant file plant.yml has 1 problem:
                  - line 16, column 26: equipment[0] (E1).signals[0].intervalSeconds is -5; it must be between 1 and 86400""");
    }

    @Test
    void valuesOutOfRangeAreRefusedNotReplaced() {
        assertThat(problemsOf("topic: \"f/{device}\"}", "topic: \"f/{device}\", qos: 3}")).endsWith(
                "line 6, column 68: mqtt[0] (gw).qos is 3; it must be between 0 and 2");
        assertThat(problemsOf("endpoint: \"opc.tcp://10.0.0.1:4840\"}", "endpoint: \"opc.tcp://10.0.0.1:4840\", publishingIntervalMs: 0}"))
                .endsWith("line 4, column 76: opcua[0] (line1).publishingIntervalMs is 0; it must be between 1 and 3600000");
        assertThat(problemsOf("workshops:", "thresholds: {slotCoverage: 80}\nworkshops:")).endsWith(
                "line 2, column 28: thresholds.slotCoverage is 80.0; it must be a fraction more than 0 and at most 1 (0.8 means 80 %)");
    }

    @Test
    void securityPolicyAndModeAreNamedValues() {
        assertThat(problemsOf("endpoint: \"opc.tcp://10.0.0.1:4840\"}",
                "endpoint: \"opc.tcp://10.0.0.1:4840\", securityPolicy: Basic128Rsa15, securityMode: Sign}")).isEqualTo("""
                plant file plant.yml has 1 problem:
                  - line 4, column 70: opcua[0] (line1).securityPolicy 'Basic128Rsa15' is not one of None, Basic256Sha256, \
                Aes128_Sha256_RsaOaep, Aes256_Sha256_RsaPss""");
        assertThat(problemsOf("endpoint: \"opc.tcp://10.0.0.1:4840\"}",
                "endpoint: \"opc.tcp://10.0.0.1:4840\", securityPolicy: Basic256Sha256}")).isEqualTo("""
                plant file plant.yml has 1 problem:
                  - line 4, column 5: opcua[0] (line1).securityMode is None with securityPolicy Basic256Sha256: policy None \
                goes with mode None only, and a secure policy needs Sign or SignAndEncrypt""");
    }

    @Test
    void anUnknownFieldIsRefusedWithTheNearestKnownName() {
        assertThat(problemsOf("workshops:", "workshop:")).isEqualTo("""
                plant file plant.yml has 2 problems:
                  - line 1, column 1: workshops is required
                  - line 2, column 11: workshop is not a field here; did you mean workshops? (fields: calendar, dataDir, \
                enterprise, equipment, evidence, exports, mqtt, opcua, thresholds, timeZone, workshops)""");
    }

    @Test
    void valuesOfTheWrongTypeAreNamed() {
        assertThat(problemsOf("keyProcess: true", "keyProcess: yes")).isEqualTo("""
                plant file plant.yml has 1 problem:
                  - line 11, column 17: equipment[0] (E1).keyProcess 'yes' is not true or false""");
        assertThat(problemsOf("intervalSeconds: 60", "intervalSeconds: 1.5")).isEqualTo("""
                plant file plant.yml has 1 problem:
                  - line 16, column 26: equipment[0] (E1).signals[0].intervalSeconds '1.5' is not a whole number""");
        assertThat(problemsOf("automated: true", "automated: true\n    commissioned: 2024-13-01")).isEqualTo("""
                plant file plant.yml has 1 problem:
                  - line 14, column 19: equipment[0] (E1).commissioned '2024-13-01' is not a date such as 2025-10-01""");
        assertThat(problemsOf("    signals:", "    signals: state\n    supplier:")).contains(
                "equipment[0] (E1).signals is 'state' where a list belongs");
    }

    @Test
    void brokenYamlIsReportedAtItsLine() {
        assertThat(problemsOf("    name: 车床", "   name: 车床")).startsWith("plant file plant.yml is not well-formed: line 9, column");
        assertThat(problemsOf("    name: 车床", "    name: 车床\n    name: 铣床")).isEqualTo(
                "plant file plant.yml is not well-formed: line 10, column 9: a field is written twice in the same mapping: name");
    }

    @Test
    void everyProblemIsReportedAtOnceInLineOrder() {
        String yaml = """
                enterprise: {name: X}
                workshops: [{id: W1, name: a}, {id: W1, name: b}]
                mqtt: [{id: m, url: "tcp://x:1883", topic: "no/device/segment"}]
                equipment:
                  - id: E1
                    name: e
                    workshop: W9
                    keyProcess: false
                    numericalControl: false
                    automated: true
                    signals: [{kind: state, opcua: {connection: nope, node: "ns=2;s=x"}}]
                """;
        assertThatThrownBy(() -> PlantFile.parse(yaml, "bad.yml")).isInstanceOf(PlantConfigException.class).hasMessage("""
                plant file bad.yml has 4 problems:
                  - line 2, column 37: workshops[1] (W1).id 'W1' is used twice
                  - line 3, column 44: mqtt[0] (m).topic needs a {device} segment, or set devicePointer
                  - line 7, column 15: equipment[0] (E1).workshop 'W9' is not a workshop id
                  - line 11, column 49: equipment[0] (E1).signals[0].opcua.connection 'nope' is not the id of an opcua \
                connection""");
    }

    @Test
    void theDocumentedExampleLoads() {
        Plant plant = PlantFile.load(Path.of("../deploy/plant.example.yml"));
        assertThat(plant.equipment()).extracting(Equipment::id).containsExactly("CNC-01", "ASM-01");
        assertThat(plant.calendar().shifts()).hasSize(2);
        assertThat(plant.calendar().shifts().get(1).start()).isEqualTo(LocalTime.of(13, 0));
        assertThat(plant.equipment("ASM-01").orElseThrow().signal(SignalKind.STATE).stateCodes())
                .containsEntry("ALARM", MachineState.DOWN);
        // 2025-10-08 is a Wednesday: 4 h + 7 h planned; the lunch break is not planned time
        long planned = plant.calendar().planned(Instant.parse("2025-10-07T16:00:00Z"), Instant.parse("2025-10-08T16:00:00Z"),
                plant.zone()).stream().mapToLong(ProductionCalendar.Interval::length).sum();
        assertThat(planned).isEqualTo(11 * 3_600_000L);
    }

    @Test
    void aRegisterSnapshotOfAnOlderVersionStillReads() {
        Plant plant = PlantFile.parse(PLANT, "plant.yml");
        String json = new String(PlantFile.toJson(plant), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"idealCycleTimeSeconds\" : null", "\"idealCycleTimeSeconds\" : 0.0");
        assertThat(json).contains("\"idealCycleTimeSeconds\" : 0.0");

        Plant read = PlantFile.fromJson(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "register/plant.json");
        assertThat(read).isEqualTo(plant);
        assertThat(read.equipment().get(0).idealCycleSeconds()).isZero();
    }

    @Test
    void aWrittenPlantFileReadsBackTheSame() {
        Plant plant = PlantFile.load(Path.of("../deploy/plant.example.yml"));
        assertThat(PlantFile.parse(PlantFile.toYaml(plant), "round-trip")).isEqualTo(plant);
        assertThat(PlantFile.fromJson(PlantFile.toJson(plant), "register")).isEqualTo(plant);
    }
}
