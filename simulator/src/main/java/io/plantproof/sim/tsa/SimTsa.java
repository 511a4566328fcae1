package io.plantproof.sim.tsa;

import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * An in-process time-stamp authority: a root CA and a TSA certificate (extended key usage timeStamping) made at
 * start, tokens stamped with the time {@code clock} gives. {@code POST <url>} takes an application/timestamp-query
 * and answers an application/timestamp-reply, as a real TSA does. RSA tokens use SHA-256, SM2 ones SM3 (GM/T 0033).
 */
public final class SimTsa implements AutoCloseable {

    /** The TSA's key type. */
    public enum Algorithm { RSA, SM2 }

    private static final Provider BC = new BouncyCastleProvider();

    private final TimeStampResponseGenerator generator;
    private final X509CertificateHolder root;
    private final Supplier<Instant> clock;
    private final AtomicLong serial = new AtomicLong(1);
    private final HttpServer server;

    private SimTsa(Algorithm algorithm, Supplier<Instant> clock) throws GeneralSecurityException, IOException {
        this.clock = clock;
        String signature = algorithm == Algorithm.RSA ? "SHA256withRSA" : "SM3withSM2";
        KeyPair rootKeys = keys(algorithm);
        KeyPair tsaKeys = keys(algorithm);
        X500Name rootName = new X500Name("CN=PlantProof simulated TSA root (" + algorithm + ")");
        Date from = Date.from(Instant.parse("2000-01-01T00:00:00Z"));
        Date to = Date.from(Instant.parse("2100-01-01T00:00:00Z"));
        try {
            root = new JcaX509v3CertificateBuilder(rootName, BigInteger.ONE, from, to, rootName, rootKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .build(new JcaContentSignerBuilder(signature).setProvider(BC).build(rootKeys.getPrivate()));
            X509CertificateHolder tsa = new JcaX509v3CertificateBuilder(rootName, BigInteger.TWO, from, to,
                    new X500Name("CN=PlantProof simulated TSA (" + algorithm + ")"), tsaKeys.getPublic())
                    .addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
                    .build(new JcaContentSignerBuilder(signature).setProvider(BC).build(rootKeys.getPrivate()));
            ASN1ObjectIdentifier certIdDigest = algorithm == Algorithm.RSA ? NISTObjectIdentifiers.id_sha256 : GMObjectIdentifiers.sm3;
            TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
                    new JcaSimpleSignerInfoGeneratorBuilder().setProvider(BC).build(signature, tsaKeys.getPrivate(), tsa),
                    new JcaDigestCalculatorProviderBuilder().setProvider(BC).build().get(new AlgorithmIdentifier(certIdDigest)),
                    new ASN1ObjectIdentifier("1.3.6.1.4.1.59999.1"));
            tokens.addCertificates(new JcaCertStore(List.of(tsa)));
            generator = new TimeStampResponseGenerator(tokens, TSPAlgorithms.ALLOWED);
        } catch (org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.tsp.TSPException e) {
            throw new GeneralSecurityException("cannot set up the simulated TSA: " + e.getMessage(), e);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/tsa", exchange -> {
            try (exchange) {
                byte[] reply;
                int status = 200;
                try {
                    reply = stamp(exchange.getRequestBody().readAllBytes());
                } catch (IOException | RuntimeException e) {
                    reply = ("not a time-stamp query: " + e.getMessage()).getBytes();
                    status = 400;
                }
                exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/timestamp-reply" : "text/plain");
                exchange.sendResponseHeaders(status, reply.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply);
                }
            }
        });
        server.start();
    }

    /** Starts a TSA on a free loopback port. */
    public static SimTsa start(Algorithm algorithm, Supplier<Instant> clock) {
        try {
            return new SimTsa(algorithm, clock);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the simulated TSA: " + e.getMessage(), e);
        }
    }

    private static KeyPair keys(Algorithm algorithm) throws GeneralSecurityException {
        if (algorithm == Algorithm.RSA) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA", BC);
            g.initialize(2048);
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
        g.initialize(new ECGenParameterSpec("sm2p256v1"));
        return g.generateKeyPair();
    }

    /** Answers a DER time-stamp query with a DER time-stamp response stamped at the clock's time. */
    public byte[] stamp(byte[] query) throws IOException {
        try {
            return generator.generate(new TimeStampRequest(query), BigInteger.valueOf(serial.getAndIncrement()),
                    Date.from(clock.get())).getEncoded();
        } catch (org.bouncycastle.tsp.TSPException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Where to POST queries. */
    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/tsa";
    }

    /** The root certificate (DER) a reviewer's policy lists for this TSA. */
    public byte[] rootCertificate() {
        try {
            return root.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
