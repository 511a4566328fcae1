package io.plantproof.opcua;

import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Endpoint selection shared by the connector and the browser: the server's unsecured endpoint, reached through
 * the host and port the plant file configured.
 */
final class Endpoints {

    private static final int DEFAULT_PORT = 4840;

    private Endpoints() {
    }

    /** The endpoint with security policy and mode None, or empty when the server offers none. */
    static Optional<EndpointDescription> withoutSecurity(String configuredUrl, List<EndpointDescription> endpoints) {
        URI configured = URI.create(configuredUrl);
        return endpoints.stream()
                .filter(e -> SecurityPolicy.None.getUri().equals(e.getSecurityPolicyUri())
                        && e.getSecurityMode() == MessageSecurityMode.None)
                .findFirst()
                // Servers often advertise a hostname the collector cannot resolve; keep the configured host and port.
                .map(e -> EndpointUtil.updateUrl(e, configured.getHost(), configured.getPort() == -1 ? DEFAULT_PORT : configured.getPort()));
    }
}
