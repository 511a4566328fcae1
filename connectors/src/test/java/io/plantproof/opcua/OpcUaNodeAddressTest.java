package io.plantproof.opcua;

import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Node ids from the plant file: namespace URIs resolved through the server's table, indexes taken as written,
 * and unusable text rejected with the text in the message.
 */
class OpcUaNodeAddressTest {

    private final NamespaceTable namespaces = namespaces("urn:other", "urn:plantproof:sim");

    @Test
    void resolvesANamespaceUriToTheServersIndex() {
        NodeId id = NodeAddress.resolve("nsu=urn:plantproof:sim;s=Plant/WS-MACH/CNC-01/State", namespaces);

        assertThat(id.getNamespaceIndex().intValue()).isEqualTo(namespaces.getIndex("urn:plantproof:sim").intValue());
        assertThat(id.getIdentifier()).isEqualTo("Plant/WS-MACH/CNC-01/State");
    }

    @Test
    void takesANamespaceIndexAsWritten() {
        NodeId id = NodeAddress.resolve("ns=2;s=Plant/WS-MACH/CNC-01/State", namespaces);

        assertThat(id.getNamespaceIndex().intValue()).isEqualTo(2);
        assertThat(id.getIdentifier()).isEqualTo("Plant/WS-MACH/CNC-01/State");
    }

    @Test
    void rejectsUnknownNamespacesAndGarbage() {
        assertThatThrownBy(() -> NodeAddress.resolve("nsu=urn:nowhere;s=X", namespaces))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("urn:nowhere");
        assertThatThrownBy(() -> NodeAddress.resolve("Plant/CNC-01/State", namespaces))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Plant/CNC-01/State");
    }

    private static NamespaceTable namespaces(String... uris) {
        NamespaceTable table = new NamespaceTable();
        for (String uri : uris) {
            table.add(uri);
        }
        return table;
    }
}
