package io.plantproof.mqtt;

import io.plantproof.plant.MqttConnection.Tls;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Builds the TLS socket factory of an MQTT connection from PEM files, the format brokers and their admins use.
 * Without a CA file the JVM's default trust store applies; with a certificate and key the client authenticates too.
 */
final class TlsSocketFactories {

    private static final String PRIVATE_KEY = "PRIVATE KEY";
    // PKCS#8 does not say which algorithm a key is for, so the usual broker key types are tried in turn
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519");

    private TlsSocketFactories() {
    }

    /**
     * The socket factory for {@code tls}.
     *
     * @throws IllegalArgumentException naming the file when a file is missing or not the PEM expected
     */
    static SSLSocketFactory of(Tls tls) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (tls.caFile() == null || tls.caFile().isBlank()) {
                trust.init((KeyStore) null);
            } else {
                KeyStore anchors = emptyKeyStore();
                int i = 0;
                for (Certificate c : certificates(tls.caFile())) {
                    anchors.setCertificateEntry("ca-" + i++, c);
                }
                trust.init(anchors);
            }
            KeyManager[] keys = null;
            if (tls.certFile() != null && !tls.certFile().isBlank()) {
                KeyStore identity = emptyKeyStore();
                char[] noPassword = new char[0];
                identity.setKeyEntry("client", privateKey(tls.keyFile()), noPassword,
                        certificates(tls.certFile()).toArray(Certificate[]::new));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(identity, noPassword);
                keys = kmf.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyKeyStore() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        return ks;
    }

    private static List<Certificate> certificates(String file) throws IOException, GeneralSecurityException {
        byte[] pem = Files.readAllBytes(Path.of(file));
        List<Certificate> out = List.copyOf(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem)));
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no certificate in " + file);
        }
        return out;
    }

    private static PrivateKey privateKey(String file) throws IOException {
        String pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + PRIVATE_KEY + "-----";
        int start = pem.indexOf(begin);
        int end = pem.indexOf("-----END " + PRIVATE_KEY + "-----");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException(file + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); "
                    + "convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm; the next one is tried
            }
        }
        throw new IllegalArgumentException(file + ": key algorithm is none of " + KEY_ALGORITHMS);
    }
}
