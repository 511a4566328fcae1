package io.plantproof.opcua;

import io.plantproof.plant.OpcUaConnection;
import io.plantproof.plant.OpcUaConnection.KeyStoreEntry;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OperationLimits;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.ViewDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Discovery for plant IT: lists the variables of an OPC UA server's address space by browse path and drafts the
 * plant-file mapping for them, so a new line is mapped from what the server really offers instead of by hand.
 */
public final class OpcUaBrowser {

    private static final Logger log = LoggerFactory.getLogger(OpcUaBrowser.class);
    /** Written wherever the connection has a password: a skeleton is shared and pasted, a password must not travel with it. */
    public static final String PASSWORD_PLACEHOLDER = "change-me";
    private static final int MAX_DEPTH = 10;
    private static final int MAX_NODES = 100_000;
    /** Nodes per Browse or Read request when the server states no lower limit. */
    private static final int MAX_BATCH = 500;
    private static final Set<NodeId> FOLLOWED_REFERENCES = Set.of(NodeIds.Organizes, NodeIds.HasComponent,
            NodeIds.HasOrderedComponent, NodeIds.HasProperty);
    private static final ViewDescription WHOLE_ADDRESS_SPACE = new ViewDescription(NodeId.NULL_VALUE, DateTime.NULL_VALUE, uint(0));
    private static final UInteger OBJECTS_AND_VARIABLES = uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue());

    private OpcUaBrowser() {
    }

    /**
     * A variable found by {@link #browse}: its browse path from {@code Objects}, its node id in the
     * namespace-URI form the plant file uses, its data type's browse name and its display name.
     */
    public record BrowsedNode(String path, String nodeId, String dataType, String displayName) {
    }

    /**
     * The variables under the Objects folder whose browse path matches {@code pathGlob}, in browse order. Connects as
     * the collector would for {@code connection}: its endpoint, security policy and mode, user, application
     * certificate and PKI (relative paths resolve against {@code dataDir}), so an untrusted certificate on either side is
     * reported as the connector reports it. Follows Organizes, HasComponent and HasProperty forward references to depth
     * 10 and at most 100,000 nodes, and skips the standard namespace (the Server object's diagnostics are never plant signals).
     *
     * @param pathGlob browse names joined by '/', starting with {@code Objects}; {@code *} any characters within
     *                 one segment, {@code **} any number of segments, {@code ?} one character; null matches all
     * @throws IllegalArgumentException naming the field when the connection's settings cannot work
     * @throws IllegalStateException    naming the endpoint when the server cannot be reached, refuses the connection or
     *                                  browsing overruns {@code timeout}
     */
    public static List<BrowsedNode> browse(OpcUaConnection connection, Path dataDir, String pathGlob, Duration timeout) {
        if (!connection.problems().isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", connection.problems()));
        }
        String endpointUrl = connection.endpoint();
        PathGlob glob = pathGlob == null ? null : new PathGlob(pathGlob);
        long deadline = System.nanoTime() + timeout.toNanos();
        ClientSetup setup;
        try {
            setup = ClientSetup.prepare(connection, dataDir);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot browse OPC UA server " + endpointUrl + ": " + ClientSetup.rootMessage(e), e);
        }
        OpcUaClient client = null;
        try {
            try {
                client = setup.newClient("PlantProof discovery", (int) Math.max(1, timeout.toMillis()));
                client.connect();
            } catch (UaException | RuntimeException e) {
                throw new IllegalStateException("cannot browse OPC UA server " + endpointUrl + ": " + setup.explain(e), e);
            }
            return new Walk(client, glob, deadline, endpointUrl, timeout).run();
        } catch (UaException e) {
            throw new IllegalStateException("cannot browse OPC UA server " + endpointUrl + ": " + e.getMessage(), e);
        } finally {
            if (client != null) {
                try {
                    client.disconnectAsync().get(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    log.debug("disconnect from {} did not complete", endpointUrl, e);
                }
            }
        }
    }

    /**
     * A plant-file fragment mapping {@code nodes} through {@code connection}: an {@code opcua:} list with the connection's
     * endpoint, security, user, certificates and PKI directory as browsing used them (every password replaced by
     * {@value #PASSWORD_PLACEHOLDER}), and an {@code equipment:} list with one device per parent folder (its grandparent
     * folder naming the workshop). Register fields and state codes are placeholders marked for plant IT to complete.
     */
    public static String skeleton(List<BrowsedNode> nodes, OpcUaConnection connection) {
        String connectionId = connection.id();
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Drafted by browsing ").append(connection.endpoint()).append(" (").append(ClientSetup.describe(connection))
                .append("). Check every device and signal before use.\n");
        yaml.append("opcua:\n");
        yaml.append("  - id: ").append(quoted(connectionId)).append('\n');
        yaml.append("    endpoint: ").append(quoted(connection.endpoint())).append('\n');
        yaml.append("    securityPolicy: ").append(connection.securityPolicy()).append('\n');
        yaml.append("    securityMode: ").append(connection.securityMode()).append('\n');
        if (connection.username() != null) {
            yaml.append("    username: ").append(quoted(connection.username())).append('\n');
            yaml.append("    password: ").append(quoted(PASSWORD_PLACEHOLDER)).append("  # edit: the user's password\n");
        }
        keyStore(yaml, "userCertificate", connection.userCertificate());
        keyStore(yaml, "applicationCertificate", connection.applicationCertificate());
        if (connection.pkiDir() != null) {
            yaml.append("    pkiDir: ").append(quoted(connection.pkiDir())).append("  # the PKI whose trusted/ holds the server's certificate\n");
        }
        yaml.append("    publishingIntervalMs: 1000\n");
        yaml.append("    samplingIntervalMs: 500\n");
        yaml.append("    queueSize: 10\n");
        Map<String, List<BrowsedNode>> byParent = new LinkedHashMap<>();
        for (BrowsedNode node : nodes) {
            byParent.computeIfAbsent(parent(node.path()), p -> new ArrayList<>()).add(node);
        }
        yaml.append(byParent.isEmpty() ? "equipment: []\n" : "equipment:\n");
        for (Map.Entry<String, List<BrowsedNode>> device : byParent.entrySet()) {
            String id = lastSegment(device.getKey());
            String folderAbove = parent(device.getKey());
            yaml.append("  - id: ").append(quoted(id)).append('\n');
            yaml.append("    name: ").append(quoted(id)).append("  # edit: the name in the equipment register\n");
            yaml.append("    workshop: ").append(quoted(folderAbove.isEmpty() ? "" : lastSegment(folderAbove)))
                    .append("  # must be one of the workshops' ids\n");
            yaml.append("    # edit: register flags and ideal cycle time; add supplier, costWan, commissioned (yyyy-mm-dd)\n");
            yaml.append("    keyProcess: false\n");
            yaml.append("    numericalControl: false\n");
            yaml.append("    automated: false\n");
            yaml.append("    # idealCycleTimeSeconds: 30  # edit and uncomment: ideal seconds per piece, for OEE performance\n");
            yaml.append("    signals:\n");
            Set<String> kinds = new HashSet<>();
            for (BrowsedNode node : device.getValue()) {
                String kind = guessKind(lastSegment(node.path()));
                yaml.append("      - kind: ").append(kind).append("  # ").append(oneLine(node.displayName()))
                        .append(" (").append(oneLine(node.dataType())).append(')')
                        .append(kinds.add(kind) ? "" : "; this kind repeats on this device: keep one or remove it")
                        .append('\n');
                yaml.append("        intervalSeconds: 60\n");
                yaml.append("        required: true\n");
                yaml.append("        opcua: {connection: ").append(quoted(connectionId))
                        .append(", node: ").append(quoted(node.nodeId())).append("}\n");
                if (kind.equals("energy")) {
                    yaml.append("        energyType: electricity  # edit if this meter is not electricity in kWh\n");
                    yaml.append("        unit: kWh\n");
                }
                if (kind.equals("state")) {
                    yaml.append("        # EXAMPLE ONLY, plant IT must edit: the device's own state values, each mapped to\n");
                    yaml.append("        # RUNNING, IDLE, DOWN, PLANNED_STOP or OFF; an unmapped value is dropped as bad.\n");
                    yaml.append("        stateCodes:\n");
                    yaml.append("          \"0\": OFF\n");
                    yaml.append("          \"1\": RUNNING\n");
                    yaml.append("          \"2\": IDLE\n");
                    yaml.append("          \"3\": DOWN\n");
                    yaml.append("          \"4\": PLANNED_STOP\n");
                }
            }
        }
        return yaml.toString();
    }

    private static void keyStore(StringBuilder yaml, String field, KeyStoreEntry entry) {
        if (entry == null) {
            return;
        }
        yaml.append("    ").append(field).append(": {file: ").append(quoted(entry.file()));
        if (entry.alias() != null) {
            yaml.append(", alias: ").append(quoted(entry.alias()));
        }
        if (entry.password() != null) {
            yaml.append(", password: ").append(quoted(PASSWORD_PLACEHOLDER)).append("}  # edit: the key store's password\n");
        } else {
            yaml.append("}\n");
        }
    }

    /** The signal kind a node's browse name suggests; {@code measurement} when it suggests none. */
    private static String guessKind(String browseName) {
        String name = browseName.toLowerCase(Locale.ROOT);
        // Most specific first: "GoodCount" is a good count, not a total; "TotalEnergy" is energy.
        if (name.contains("state")) {
            return "state";
        }
        if (name.contains("energy") || name.contains("kwh")) {
            return "energy";
        }
        if (name.contains("power")) {
            return "power";
        }
        if (name.contains("cycletime")) {
            return "cycleTime";
        }
        if (name.contains("good")) {
            return "count.good";
        }
        if (name.contains("scrap") || name.contains("reject")) {
            return "count.scrap";
        }
        if (name.contains("total") || name.contains("count")) {
            return "count.total";
        }
        return "measurement";
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n]+", " ");
    }

    /** A YAML double-quoted scalar, so ids with ':', '#' or leading digits stay strings. */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : (text == null ? "" : text).toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** One breadth-first traversal on a connected client, bounded by depth, node count and the caller's deadline. */
    private static final class Walk {

        private final OpcUaClient client;
        private final PathGlob glob;
        private final long deadline;
        private final String endpointUrl;
        private final Duration timeout;
        private final int browseBatch;
        private final int readBatch;

        Walk(OpcUaClient client, PathGlob glob, long deadline, String endpointUrl, Duration timeout) {
            this.client = client;
            this.glob = glob;
            this.deadline = deadline;
            this.endpointUrl = endpointUrl;
            this.timeout = timeout;
            OperationLimits limits = operationLimits();
            this.browseBatch = limits == null ? MAX_BATCH : batch(limits.maxNodesPerBrowse().orElse(uint(0)));
            this.readBatch = limits == null ? MAX_BATCH : batch(limits.maxNodesPerRead().orElse(uint(0)));
        }

        List<BrowsedNode> run() throws UaException {
            NamespaceTable namespaces = client.readNamespaceTable();
            Set<NodeId> seen = new HashSet<>(List.of(NodeIds.ObjectsFolder));
            List<Folder> level = List.of(new Folder(NodeIds.ObjectsFolder, "Objects"));
            List<Found> found = new ArrayList<>();
            for (int depth = 1; !level.isEmpty(); depth++) {
                if (depth > MAX_DEPTH) {
                    log.warn("OPC UA {}: address space deeper than {} levels; deeper nodes not browsed", endpointUrl, MAX_DEPTH);
                    break;
                }
                List<List<ReferenceDescription>> children = browseChildren(level.stream().map(Folder::nodeId).toList());
                List<Folder> next = new ArrayList<>();
                for (int i = 0; i < level.size(); i++) {
                    for (ReferenceDescription ref : children.get(i)) {
                        if (!FOLLOWED_REFERENCES.contains(ref.getReferenceTypeId())) {
                            continue;
                        }
                        NodeId id = ref.getNodeId().toNodeId(namespaces).orElse(null);
                        // Standard-namespace nodes are the server's own diagnostics; other servers' nodes are out of reach.
                        if (id == null || id.getNamespaceIndex().intValue() == 0 || !seen.add(id)) {
                            continue;
                        }
                        if (seen.size() > MAX_NODES) {
                            log.warn("OPC UA {}: more than {} nodes; browsing stopped early", endpointUrl, MAX_NODES);
                            return described(found, namespaces);
                        }
                        String path = level.get(i).path() + "/" + browseName(ref.getBrowseName());
                        if (ref.getNodeClass() == NodeClass.Variable && (glob == null || glob.matches(path))) {
                            found.add(new Found(id, path, ref.getDisplayName() == null ? null : ref.getDisplayName().text()));
                        }
                        if (glob == null || glob.matchesBelow(path)) {
                            next.add(new Folder(id, path));
                        }
                    }
                }
                level = next;
            }
            return described(found, namespaces);
        }

        /** Forward hierarchical references of each node, aligned with {@code nodes}, continuation points followed. */
        private List<List<ReferenceDescription>> browseChildren(List<NodeId> nodes) {
            List<List<ReferenceDescription>> out = new ArrayList<>(nodes.size());
            for (List<NodeId> chunk : chunks(nodes, browseBatch)) {
                List<BrowseDescription> descriptions = chunk.stream().map(id -> new BrowseDescription(id,
                        BrowseDirection.Forward, NodeIds.HierarchicalReferences, true, OBJECTS_AND_VARIABLES,
                        uint(BrowseResultMask.All.getValue()))).toList();
                BrowseResult[] results = await(client.browseAsync(WHOLE_ADDRESS_SPACE, uint(0), descriptions)).getResults();
                for (int i = 0; i < chunk.size(); i++) {
                    out.add(references(chunk.get(i), results[i]));
                }
            }
            return out;
        }

        private List<ReferenceDescription> references(NodeId node, BrowseResult first) {
            List<ReferenceDescription> refs = new ArrayList<>();
            BrowseResult result = first;
            while (true) {
                if (result.getStatusCode() != null && result.getStatusCode().isBad()) {
                    // One unbrowsable node (access rights, vanished) must not end discovery of the rest.
                    log.debug("OPC UA {}: browsing {} failed: {}", endpointUrl, node, result.getStatusCode());
                    return refs;
                }
                if (result.getReferences() != null) {
                    refs.addAll(Arrays.asList(result.getReferences()));
                }
                ByteString continuation = result.getContinuationPoint();
                if (continuation == null || continuation.isNullOrEmpty()) {
                    return refs;
                }
                result = await(client.browseNextAsync(false, List.of(continuation))).getResults()[0];
            }
        }

        /** The found variables with their data types' names, read in batches. */
        private List<BrowsedNode> described(List<Found> found, NamespaceTable namespaces) {
            List<NodeId> dataTypes = readAttribute(found.stream().map(Found::nodeId).toList(), AttributeId.DataType,
                    v -> v instanceof NodeId id ? id : null);
            List<NodeId> distinct = dataTypes.stream().filter(Objects::nonNull).distinct().toList();
            List<QualifiedName> names = readAttribute(distinct, AttributeId.BrowseName, v -> v instanceof QualifiedName q ? q : null);
            Map<NodeId, String> typeNames = new HashMap<>();
            for (int i = 0; i < distinct.size(); i++) {
                typeNames.put(distinct.get(i), names.get(i) == null ? distinct.get(i).toParseableString() : names.get(i).name());
            }
            List<BrowsedNode> out = new ArrayList<>(found.size());
            for (int i = 0; i < found.size(); i++) {
                Found f = found.get(i);
                String type = dataTypes.get(i) == null ? null : typeNames.get(dataTypes.get(i));
                out.add(new BrowsedNode(f.path(), addressOf(f.nodeId(), namespaces), type,
                        f.displayName() == null ? lastSegment(f.path()) : f.displayName()));
            }
            return out;
        }

        private <T> List<T> readAttribute(List<NodeId> nodes, AttributeId attribute, Function<Object, T> convert) {
            List<T> out = new ArrayList<>(nodes.size());
            for (List<NodeId> chunk : chunks(nodes, readBatch)) {
                List<ReadValueId> reads = chunk.stream()
                        .map(id -> new ReadValueId(id, attribute.uid(), null, QualifiedName.NULL_VALUE)).toList();
                DataValue[] values = await(client.readAsync(0, TimestampsToReturn.Neither, reads)).getResults();
                for (DataValue value : values) {
                    boolean good = value.statusCode() == null || value.statusCode().isGood();
                    out.add(good && value.value() != null ? convert.apply(value.value().value()) : null);
                }
            }
            return out;
        }

        private <T> T await(CompletableFuture<T> request) {
            long remaining = deadline - System.nanoTime();
            try {
                return request.get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                request.cancel(true);
                throw new IllegalStateException("browsing OPC UA server " + endpointUrl + " took longer than "
                        + timeout.toSeconds() + " s", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("browsing OPC UA server " + endpointUrl + " failed: "
                        + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("browsing OPC UA server " + endpointUrl + " was interrupted", e);
            }
        }

        private OperationLimits operationLimits() {
            try {
                return client.getOperationLimits();
            } catch (UaException e) {
                log.debug("OPC UA {}: operation limits unreadable, using batches of {}", endpointUrl, MAX_BATCH, e);
                return null;
            }
        }

        private static int batch(UInteger serverLimit) {
            long limit = serverLimit.longValue();
            return limit == 0 ? MAX_BATCH : (int) Math.min(limit, MAX_BATCH);
        }

        private static <T> List<List<T>> chunks(List<T> items, int size) {
            List<List<T>> out = new ArrayList<>();
            for (int from = 0; from < items.size(); from += size) {
                out.add(items.subList(from, Math.min(items.size(), from + size)));
            }
            return out;
        }

        private static String browseName(QualifiedName name) {
            return name == null || name.name() == null ? "" : name.name();
        }

        /** {@code nsu=<uri>;<identifier>}: survives servers that renumber their namespaces, as {@link NodeAddress} reads it. */
        private static String addressOf(NodeId id, NamespaceTable namespaces) {
            String parseable = id.toParseableString();
            String identifier = parseable.startsWith("ns=") ? parseable.substring(parseable.indexOf(';') + 1) : parseable;
            String uri = namespaces.get(id.getNamespaceIndex());
            return uri == null ? parseable : "nsu=" + uri + ";" + identifier;
        }
    }

    /** A node whose children the next level browses, with its browse path. */
    private record Folder(NodeId nodeId, String path) {
    }

    /** A matching variable before its data type is read. */
    private record Found(NodeId nodeId, String path, String displayName) {
    }

    /** A compiled browse-path glob: segments split on '/', {@code **} spanning any number of them. */
    private static final class PathGlob {

        private final List<Pattern> segments;

        PathGlob(String glob) {
            this.segments = Arrays.stream(glob.split("/", -1)).map(PathGlob::segment).toList();
        }

        boolean matches(String path) {
            return match(0, path.split("/", -1), 0, false);
        }

        /** Whether some path below {@code path} could still match, so its subtree is worth browsing. */
        boolean matchesBelow(String path) {
            return match(0, path.split("/", -1), 0, true);
        }

        private boolean match(int p, String[] path, int s, boolean below) {
            if (s == path.length) {
                return below ? p < segments.size() : segments.subList(p, segments.size()).stream().allMatch(g -> g == null);
            }
            if (p == segments.size()) {
                return false;
            }
            Pattern segment = segments.get(p);
            if (segment == null) {
                return match(p + 1, path, s, below) || match(p, path, s + 1, below);
            }
            return segment.matcher(path[s]).matches() && match(p + 1, path, s + 1, below);
        }

        /** The pattern of one segment; null for {@code **}. */
        private static Pattern segment(String glob) {
            if (glob.equals("**")) {
                return null;
            }
            StringBuilder regex = new StringBuilder();
            for (char c : glob.toCharArray()) {
                switch (c) {
                    case '*' -> regex.append(".*");
                    case '?' -> regex.append('.');
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        }
    }
}
