package io.plantproof.opcua;

import io.plantproof.files.DurableFiles;
import io.plantproof.plant.OpcUaConnection.KeyStoreEntry;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The collector's OPC UA PKI directory: its own application certificate ({@code own/}), server certificates it trusts
 * ({@code trusted/}, CA certificates in {@code issuers/}) and those it refused ({@code rejected/}), where an operator
 * finds a new server's certificate and moves it to {@code trusted/} to trust it.
 */
final class OpcUaPki {

    private static final Logger log = LoggerFactory.getLogger(OpcUaPki.class);
    private static final String OWN_CERTIFICATE = "collector.der";
    private static final String OWN_KEY = "collector.key";
    private static final Period OWN_VALIDITY = Period.ofYears(10);
    private static final int RSA_BITS = 2048;
    /** Status codes meaning "nobody vouches for this certificate", the ones an operator fixes by trusting the file. */
    private static final Set<Long> UNTRUSTED = Set.of(StatusCodes.Bad_CertificateUntrusted, StatusCodes.Bad_SecurityChecksFailed,
            StatusCodes.Bad_CertificateChainIncomplete);

    private final Path dir;
    private final Path trusted;
    private final Path rejected;
    private final Path issuers;
    private final Path own;

    private OpcUaPki(Path dir) {
        this.dir = dir;
        this.trusted = dir.resolve("trusted");
        this.rejected = dir.resolve("rejected");
        this.issuers = dir.resolve("issuers");
        this.own = dir.resolve("own");
    }

    /** The PKI under {@code dir}, creating its folders on first use. */
    static OpcUaPki open(Path dir) {
        OpcUaPki pki = new OpcUaPki(dir);
        try {
            for (Path folder : List.of(pki.trusted, pki.rejected, pki.issuers, pki.own)) {
                Files.createDirectories(folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the OPC UA PKI directory " + dir + ": check its permissions", e);
        }
        return pki;
    }

    /**
     * The private key, certificate chain and application URI (from the certificate's SAN) the collector presents, and
     * the file they were read from.
     */
    record Credentials(KeyPair keyPair, X509Certificate[] chain, String applicationUri, Path file) {
    }

    /**
     * The configured key store entry, or the self-signed certificate in {@code own/}, created on first use with the
     * application URI {@code urn:plantproof:collector:<hostname>} and the host name in its subject alternative names.
     */
    Credentials applicationCredentials(KeyStoreEntry configured, Path dataDir) throws GeneralSecurityException, IOException {
        Credentials credentials = configured != null ? load(configured, dataDir) : ownCertificate();
        if (credentials.applicationUri() == null) {
            throw new GeneralSecurityException("application certificate " + (configured == null ? own : configured.file())
                    + " has no application URI in its subject alternative names; OPC UA servers refuse such certificates");
        }
        return credentials;
    }

    /**
     * Validates server certificates against {@code trusted/} and {@code issuers/}, read at every handshake so a file moved
     * there counts at the next connection attempt. A certificate nobody vouches for is written to {@code rejected/} and
     * refused with a message naming the file to move.
     */
    CertificateValidator serverValidator(String endpointUrl) {
        return (chain, applicationUri, validHostNames) -> {
            MemoryTrustListManager trustList = new MemoryTrustListManager();
            trustList.setTrustedCertificates(certificatesIn(trusted));
            trustList.setIssuerCertificates(certificatesIn(issuers));
            try {
                new DefaultServerCertificateValidator(trustList, new MemoryCertificateQuarantine())
                        .validateCertificateChain(chain, applicationUri, validHostNames);
            } catch (UaException e) {
                // The new exception carries no cause: callers report the root message, and this one says what to do.
                log.debug("OPC UA PKI: server certificate of {} failed validation", endpointUrl, e);
                if (!UNTRUSTED.contains(e.getStatusCode().value())) {
                    throw new ServerCertificateRefused(e.getStatusCode(), "server certificate of " + endpointUrl + " refused: "
                            + e.getMessage() + " (check the server's certificate, host name and clock)");
                }
                Path file = reject(chain.get(0));
                throw new ServerCertificateRefused(new StatusCode(StatusCodes.Bad_CertificateUntrusted), "server certificate of "
                        + endpointUrl + " is not trusted: move " + file + " to " + trusted + "/ to trust it");
            }
        };
    }

    /**
     * The collector refusing a server's certificate, as opposed to a server refusing the collector's: the message says
     * which file to trust on this side.
     */
    static final class ServerCertificateRefused extends UaException {

        ServerCertificateRefused(StatusCode status, String message) {
            super(status, message);
        }
    }

    /** Loads a private key and its chain from a PKCS#12 file; a relative path resolves against {@code dataDir}. */
    static Credentials load(KeyStoreEntry entry, Path dataDir) throws GeneralSecurityException, IOException {
        Path file = dataDir.resolve(entry.file());
        char[] password = entry.password() == null ? new char[0] : entry.password().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        String alias = entry.alias();
        if (alias == null) {
            List<String> keys = Collections.list(store.aliases()).stream().filter(a -> isKey(store, a)).toList();
            if (keys.size() != 1) {
                throw new GeneralSecurityException("key store " + file + " holds " + keys.size() + " keys " + keys + ": set its alias");
            }
            alias = keys.get(0);
        }
        if (!(store.getKey(alias, password) instanceof PrivateKey key)) {
            throw new GeneralSecurityException("key store " + file + " has no private key under alias '" + alias + "'");
        }
        Certificate[] chain = store.getCertificateChain(alias);
        X509Certificate[] x509 = Arrays.stream(chain).map(c -> (X509Certificate) c).toArray(X509Certificate[]::new);
        return new Credentials(new KeyPair(x509[0].getPublicKey(), key), x509, CertificateUtil.getSanUri(x509[0]).orElse(null), file);
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Every connection of this collector shares the PKI; the lock keeps two from creating two certificates. */
    private Credentials ownCertificate() throws GeneralSecurityException, IOException {
        synchronized (OpcUaPki.class) {
            Path certFile = own.resolve(OWN_CERTIFICATE);
            Path keyFile = own.resolve(OWN_KEY);
            if (!Files.exists(certFile) || !Files.exists(keyFile)) {
                create(certFile, keyFile);
            }
            X509Certificate certificate;
            try {
                certificate = CertificateUtil.decodeCertificate(Files.readAllBytes(certFile));
            } catch (UaException e) {
                throw new GeneralSecurityException("cannot read " + certFile + ": delete " + own + " to create a new certificate", e);
            }
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(keyFile)));
            return new Credentials(new KeyPair(certificate.getPublicKey(), key), new X509Certificate[]{certificate},
                    CertificateUtil.getSanUri(certificate).orElse(null), certFile);
        }
    }

    private void create(Path certFile, Path keyFile) throws GeneralSecurityException, IOException {
        String host = hostName();
        KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(RSA_BITS);
        X509Certificate certificate;
        try {
            certificate = new SelfSignedCertificateBuilder(keyPair)
                    .setCommonName("PlantProof collector@" + host)
                    .setOrganization("PlantProof")
                    .setApplicationUri("urn:plantproof:collector:" + host)
                    .addDnsName(host)
                    .setValidityPeriod(OWN_VALIDITY)
                    .build();
        } catch (Exception e) {
            throw new GeneralSecurityException("cannot create the collector's application certificate", e);
        }
        writeAtomically(keyFile, keyPair.getPrivate().getEncoded(), true);
        writeAtomically(certFile, certificate.getEncoded(), false);
        log.info("OPC UA: created the collector's application certificate {}; servers that check client certificates "
                + "must trust this file", certFile);
    }

    private static void writeAtomically(Path file, byte[] bytes, boolean secret) throws IOException {
        if (secret) {
            DurableFiles.replaceSecret(file, bytes);
        } else {
            DurableFiles.replace(file, bytes);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Writes the certificate to {@code rejected/}, named by its common name and thumbprint so operators recognise it. */
    private Path reject(X509Certificate certificate) throws UaException {
        try {
            byte[] der = certificate.getEncoded();
            String thumbprint = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(der));
            String name = commonName(certificate).replaceAll("[^A-Za-z0-9._-]+", "-") + "-" + thumbprint.substring(0, 16) + ".der";
            Path file = rejected.resolve(name);
            if (!Files.exists(file)) {
                writeAtomically(file, der, false);
            }
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new UaException(StatusCodes.Bad_CertificateUntrusted, "server certificate is not trusted and cannot be written to "
                    + rejected + " (" + e.getMessage() + "): check the folder's permissions", e);
        }
    }

    private static String commonName(X509Certificate certificate) {
        for (String part : certificate.getSubjectX500Principal().getName().split(",")) {
            if (part.trim().toUpperCase(Locale.ROOT).startsWith("CN=")) {
                return part.trim().substring(3);
            }
        }
        return "server";
    }

    private static List<X509Certificate> certificatesIn(Path folder) {
        List<X509Certificate> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                try {
                    out.add(CertificateUtil.decodeCertificate(Files.readAllBytes(file)));
                } catch (UaException | IOException e) {
                    log.warn("OPC UA PKI: {} is not a certificate and is ignored; remove it or replace it with a DER or PEM certificate", file);
                }
            }
        } catch (IOException e) {
            log.warn("OPC UA PKI: cannot list {}: {}", folder, e.getMessage());
        }
        return out;
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
