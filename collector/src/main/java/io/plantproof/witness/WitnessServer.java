package io.plantproof.witness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;

/**
 * The HTTP adapter of a {@link Witness}: {@code POST /add-checkpoint} and {@code GET /<sha256(origin)>/checkpoint}
 * (the monitoring endpoint of c2sp.org/tlog-witness), over HTTPS with a PKCS#12 key store, or plain HTTP when it
 * listens on a loopback address only (tests, the demo, or behind a local TLS proxy).
 */
public final class WitnessServer implements AutoCloseable {

    private final HttpServer server;
    private final String scheme;

    /** The TLS identity of an HTTPS witness: a PKCS#12 file and its password. */
    public record Tls(Path keyStore, char[] password) {
    }

    private WitnessServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
    }

    /**
     * Starts serving {@code witness} on {@code bind}; {@code tls} may be {@code null} only for a loopback address.
     * @throws IllegalArgumentException for plain HTTP on another address, or an unusable key store
     */
    public static WitnessServer start(Witness witness, InetSocketAddress bind, Tls tls) {
        if (tls == null && !bind.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("a witness on " + bind.getAddress().getHostAddress()
                    + " needs HTTPS (--https-keystore); plain HTTP is served on a loopback address only");
        }
        try {
            HttpServer server;
            if (tls == null) {
                server = HttpServer.create(bind, 0);
            } else {
                HttpsServer https = HttpsServer.create(bind, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(sslContext(tls)));
                server = https;
            }
            server.createContext("/", exchange -> handle(witness, exchange));
            server.start();
            return new WitnessServer(server, tls == null ? "http" : "https");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + bind + ": " + e.getMessage(), e);
        }
    }

    private static SSLContext sslContext(Tls tls) {
        try (InputStream in = Files.newInputStream(tls.keyStore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, tls.password());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, tls.password());
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), null, null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("HTTPS key store " + tls.keyStore() + " is unusable: " + e.getMessage(), e);
        }
    }

    private static void handle(Witness witness, HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Witness.Reply reply;
            if (path.equals("/add-checkpoint") && exchange.getRequestMethod().equals("POST")) {
                byte[] body = exchange.getRequestBody().readNBytes(Witness.MAX_BODY + 1);
                reply = witness.addCheckpoint(body);
            } else if (path.matches("/[0-9a-f]{64}/checkpoint") && exchange.getRequestMethod().equals("GET")) {
                Optional<String> latest = witness.latest(path.substring(1, 65));
                reply = latest.map(n -> new Witness.Reply(200, "text/plain; charset=utf-8", n))
                        .orElseGet(() -> Witness.Reply.text(404, "no checkpoint cosigned for this log"));
            } else {
                reply = Witness.Reply.text(404, "POST /add-checkpoint or GET /<sha256 of origin>/checkpoint");
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The submission prefix collectors are configured with, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return scheme + "://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
