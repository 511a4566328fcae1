package io.plantproof.opcua;

import io.plantproof.opcua.OpcUaPki.Credentials;
import io.plantproof.opcua.OpcUaPki.ServerCertificateRefused;
import io.plantproof.plant.OpcUaConnection;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.identity.X509IdentityProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Security;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * How the collector meets the server of one {@link OpcUaConnection}: security policy and mode, user identity, its own
 * application certificate and the PKI deciding which server certificates it trusts. The connector and the browser
 * both build their clients here, so discovery connects exactly as collection will.
 */
final class ClientSetup {

    /** Status codes with which a server refuses a client certificate it does not trust (servers hide the detail). */
    private static final Set<Long> REFUSED_BY_SERVER = Set.of(StatusCodes.Bad_SecurityChecksFailed,
            StatusCodes.Bad_CertificateUntrusted, StatusCodes.Bad_CertificateChainIncomplete);

    static {
        // Aes256_Sha256_RsaPss signs with SHA256withRSA/PSS, which the JDK's providers do not offer under that name.
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    private final OpcUaConnection connection;
    private final OpcUaPki pki;
    private final Credentials own;
    private final IdentityProvider identity;

    private ClientSetup(OpcUaConnection connection, OpcUaPki pki, Credentials own, IdentityProvider identity) {
        this.connection = connection;
        this.pki = pki;
        this.own = own;
        this.identity = identity;
    }

    /**
     * Opens the connection's PKI directory ({@code <dataDir>/opcua-pki} unless it sets {@code pkiDir}), loads or creates
     * the application certificate and loads the user identity; relative paths resolve against {@code dataDir}.
     */
    static ClientSetup prepare(OpcUaConnection connection, Path dataDir) throws GeneralSecurityException, IOException {
        OpcUaPki pki = OpcUaPki.open(connection.pkiDir() == null ? dataDir.resolve("opcua-pki") : dataDir.resolve(connection.pkiDir()));
        Credentials own = pki.applicationCredentials(connection.applicationCertificate(), dataDir);
        IdentityProvider identity = switch (userTokenType(connection)) {
            case Certificate -> {
                Credentials user = OpcUaPki.load(connection.userCertificate(), dataDir);
                yield new X509IdentityProvider(Arrays.asList(user.chain()), user.keyPair().getPrivate());
            }
            case UserName -> new UsernameProvider(connection.username(), connection.password() == null ? "" : connection.password());
            default -> new AnonymousProvider();
        };
        return new ClientSetup(connection, pki, own, identity);
    }

    /** The kind of user the connection authenticates as: X.509 certificate, user name, or anonymous. */
    static UserTokenType userTokenType(OpcUaConnection connection) {
        return connection.userCertificate() != null ? UserTokenType.Certificate
                : connection.username() != null ? UserTokenType.UserName : UserTokenType.Anonymous;
    }

    /** Policy, mode and user kind for logs, e.g. {@code Basic256Sha256/SignAndEncrypt, UserName user}. */
    static String describe(OpcUaConnection connection) {
        return connection.securityPolicy() + "/" + connection.securityMode() + ", " + userTokenType(connection) + " user";
    }

    /** A client for the connection's endpoint with the matching security and identity, not yet connected. */
    OpcUaClient newClient(String applicationName, int timeoutMs) throws UaException {
        String endpoint = connection.endpoint();
        SecurityPolicy policy = SecurityPolicy.valueOf(connection.securityPolicy().uaName());
        MessageSecurityMode mode = MessageSecurityMode.valueOf(connection.securityMode().uaName());
        UserTokenType tokenType = userTokenType(connection);
        return OpcUaClient.create(endpoint,
                endpoints -> Optional.of(Endpoints.select(endpoint, endpoints, policy, mode, tokenType)),
                transport -> transport.setConnectTimeout(uint(timeoutMs)),
                config -> config
                        .setApplicationName(LocalizedText.english(applicationName))
                        .setApplicationUri(own.applicationUri())
                        .setKeyPair(own.keyPair())
                        .setCertificate(own.chain()[0])
                        .setCertificateChain(own.chain())
                        .setCertificateValidator(pki.serverValidator(endpoint))
                        .setRequestTimeout(uint(timeoutMs))
                        .setIdentityProvider(identity));
    }

    /**
     * Why connecting failed, in words plant IT can act on: which server certificate file to trust here, or which of the
     * collector's certificate files the server must trust; otherwise the innermost cause's message.
     */
    String explain(Throwable failure) {
        Throwable root = root(failure);
        if (!(root instanceof ServerCertificateRefused) && root instanceof UaException ua
                && REFUSED_BY_SERVER.contains(ua.getStatusCode().value())) {
            String file = connection.applicationCertificate() == null ? own.file().toString()
                    : "the certificate (not the key) in " + own.file();
            return "the server at " + connection.endpoint() + " refused the collector's application certificate ("
                    + StatusCodes.lookup(ua.getStatusCode().value()).map(n -> n[0]).orElse(ua.getStatusCode().toString())
                    + "): its administrator must add " + file + " to the server's trusted client certificates";
        }
        return message(root);
    }

    /** The innermost cause's message, for failures that happen before a set-up exists. */
    static String rootMessage(Throwable failure) {
        return message(root(failure));
    }

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static String message(Throwable root) {
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
