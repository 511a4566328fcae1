package io.plantproof.opcua;

import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Endpoint selection shared by the connector and the browser: the server endpoint with the configured security
 * policy, mode and user token type, reached through the host and port the plant file configured.
 */
final class Endpoints {

    private static final int DEFAULT_PORT = 4840;

    private Endpoints() {
    }

    /**
     * The endpoint with {@code policy} and {@code mode} that accepts {@code tokenType}.
     *
     * @throws IllegalStateException naming what was asked and what the server offers when nothing matches, so plant IT
     *                               can correct the plant file without a protocol trace
     */
    static EndpointDescription select(String configuredUrl, List<EndpointDescription> endpoints, SecurityPolicy policy,
                                      MessageSecurityMode mode, UserTokenType tokenType) {
        return matching(configuredUrl, endpoints, policy, mode, tokenType).orElseThrow(() -> new IllegalStateException(
                "the server at " + configuredUrl + " offers no endpoint with " + policy.name() + "/" + mode + " accepting "
                        + tokenType + " users; it offers " + endpoints.stream().map(Endpoints::describe).toList()
                        + ": change securityPolicy, securityMode or the user authentication in the plant file"));
    }

    private static Optional<EndpointDescription> matching(String configuredUrl, List<EndpointDescription> endpoints,
                                                          SecurityPolicy policy, MessageSecurityMode mode, UserTokenType tokenType) {
        URI configured = URI.create(configuredUrl);
        return endpoints.stream()
                .filter(e -> policy.getUri().equals(e.getSecurityPolicyUri()) && e.getSecurityMode() == mode)
                .filter(e -> tokens(e).stream().anyMatch(t -> t.getTokenType() == tokenType))
                .findFirst()
                // Servers often advertise a hostname the collector cannot resolve; keep the configured host and port.
                .map(e -> EndpointUtil.updateUrl(e, configured.getHost(), configured.getPort() == -1 ? DEFAULT_PORT : configured.getPort()));
    }

    private static List<UserTokenPolicy> tokens(EndpointDescription endpoint) {
        return endpoint.getUserIdentityTokens() == null ? List.of() : Arrays.asList(endpoint.getUserIdentityTokens());
    }

    private static String describe(EndpointDescription e) {
        String policy = SecurityPolicy.fromUriSafe(e.getSecurityPolicyUri()).map(Enum::name).orElse(e.getSecurityPolicyUri());
        return policy + "/" + e.getSecurityMode() + " " + tokens(e).stream().map(UserTokenPolicy::getTokenType).distinct().toList();
    }
}
