package io.plantproof.opcua;

import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * A node id as the plant file writes it: {@code nsu=<namespace uri>;s=...} (preferred, survives servers that
 * reorder their namespaces) or {@code ns=<index>;s=...}; resolved against the server's namespace table per session.
 */
public final class NodeAddress {

    private NodeAddress() {
    }

    /**
     * The node id on the connected server.
     *
     * @throws IllegalArgumentException naming the text when it is not a node id or its namespace URI is unknown
     */
    public static NodeId resolve(String text, NamespaceTable namespaces) {
        String trimmed = text == null ? "" : text.trim();
        try {
            if (trimmed.startsWith("nsu=")) {
                return ExpandedNodeId.parse(trimmed).toNodeId(namespaces).orElseThrow(() ->
                        new IllegalArgumentException("node '" + text + "': namespace URI is not in the server's namespace table"));
            }
            return NodeId.parse(trimmed);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("node '" + text + "' is not an OPC UA node id: " + e.getMessage(), e);
        }
    }
}
