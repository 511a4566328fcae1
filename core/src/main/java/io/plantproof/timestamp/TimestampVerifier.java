package io.plantproof.timestamp;

import io.plantproof.tlog.TrustPolicy.TsaRoot;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Selector;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;

/**
 * Verifies an RFC 3161 time-stamp (a TimeStampResp or a bare token, DER) over a message: the imprint is the message's
 * SHA-256 or SM3 digest, the CMS signature verifies with the TSA certificate the token carries (RSA, ECDSA or SM2,
 * which is why BouncyCastle is the provider), that certificate is valid at the stamped time and is for time stamping,
 * and it chains to one of the trusted roots.
 */
public final class TimestampVerifier {

    /** BouncyCastle as an explicit provider: SM2 and SM3 without registering anything JVM-wide. */
    public static final Provider BC = new BouncyCastleProvider();

    private static final int MAX_CHAIN = 5;

    /** A time-stamp that verified: when, by whom (the TSA certificate's subject) and under which root. */
    public record Verified(Instant time, String tsa, String root, String imprintAlgorithm) {
    }

    private TimestampVerifier() {
    }

    /**
     * @throws TimestampException naming what is wrong: not a granted token, over another message, a bad
     *                            signature, a certificate not for time stamping or expired, or no trusted root
     */
    public static Verified verify(byte[] der, byte[] message, List<TsaRoot> roots) throws TimestampException {
        TimeStampToken token = token(der);
        ASN1ObjectIdentifier alg = token.getTimeStampInfo().getMessageImprintAlgOID();
        String algorithm = digestName(alg);
        if (!Arrays.equals(digest(algorithm, message), token.getTimeStampInfo().getMessageImprintDigest())) {
            throw new TimestampException("the token's " + algorithm + " imprint is not that of this checkpoint: it stamps something else", false);
        }
        X509CertificateHolder signer = signerCertificate(token);
        Date genTime = token.getTimeStampInfo().getGenTime();
        try {
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(signer));
        } catch (TSPException e) {
            throw new TimestampException("the token does not verify with its TSA certificate " + signer.getSubject()
                    + ": " + e.getMessage(), false);
        } catch (OperatorCreationException | java.security.cert.CertificateException e) {
            throw new TimestampException("cannot check the token's signature: " + e.getMessage(), false);
        }
        String root = chain(signer, certificates(token), roots, genTime);
        return new Verified(genTime.toInstant(), signer.getSubject().toString(), root, algorithm);
    }

    /** The digest a TSA is asked for, by name: {@code SHA-256} or {@code SM3}. */
    public static byte[] digest(String algorithm, byte[] message) {
        try {
            return MessageDigest.getInstance(algorithm, BC).digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unknown digest " + algorithm, e);
        }
    }

    private static TimeStampToken token(byte[] der) throws TimestampException {
        try {
            TimeStampResponse response = new TimeStampResponse(der);
            if (response.getStatus() > 1 || response.getTimeStampToken() == null) {
                throw new TimestampException("the TSA did not grant a time-stamp (status " + response.getStatus() + ": "
                        + response.getStatusString() + ")", false);
            }
            return response.getTimeStampToken();
        } catch (TSPException | IOException | RuntimeException notAResponse) {
            try {
                return new TimeStampToken(new CMSSignedData(der));
            } catch (CMSException | TSPException | IOException | RuntimeException e) {
                throw new TimestampException("not an RFC 3161 time-stamp response or token: " + e.getMessage(), false);
            }
        }
    }

    private static String digestName(ASN1ObjectIdentifier alg) throws TimestampException {
        if (alg.equals(NISTObjectIdentifiers.id_sha256)) {
            return "SHA-256";
        }
        if (alg.equals(GMObjectIdentifiers.sm3)) {
            return "SM3";
        }
        throw new TimestampException("imprint algorithm " + alg + " is neither SHA-256 nor SM3", false);
    }

    @SuppressWarnings("unchecked")
    private static List<X509CertificateHolder> certificates(TimeStampToken token) {
        return new ArrayList<>((Collection<X509CertificateHolder>) token.getCertificates().getMatches(null));
    }

    @SuppressWarnings("unchecked")
    private static X509CertificateHolder signerCertificate(TimeStampToken token) throws TimestampException {
        Collection<X509CertificateHolder> matches = token.getCertificates().getMatches((Selector<X509CertificateHolder>) token.getSID());
        if (matches.isEmpty()) {
            throw new TimestampException("the token carries no TSA certificate (it must be requested with certReq)", false);
        }
        return matches.iterator().next();
    }

    /** Walks from the TSA certificate up through the token's certificates to a trusted root; returns the root's name. */
    private static String chain(X509CertificateHolder signer, List<X509CertificateHolder> carried, List<TsaRoot> roots, Date at)
            throws TimestampException {
        List<X509CertificateHolder> trusted = new ArrayList<>();
        for (TsaRoot r : roots) {
            try {
                trusted.add(new X509CertificateHolder(r.certificate()));
            } catch (IOException e) {
                throw new TimestampException("policy TSA root " + r.name() + " is not a DER X.509 certificate: " + e.getMessage(), true);
            }
        }
        X509CertificateHolder current = signer;
        for (int depth = 0; depth < MAX_CHAIN; depth++) {
            if (!current.isValidOn(at)) {
                throw new TimestampException("certificate " + current.getSubject() + " was not valid at the stamped time " + at.toInstant(), true);
            }
            for (int i = 0; i < trusted.size(); i++) {
                if (trusted.get(i).getSubject().equals(current.getIssuer()) && signedBy(current, trusted.get(i))) {
                    return roots.get(i).name();
                }
                if (trusted.get(i).equals(current)) {
                    return roots.get(i).name();
                }
            }
            X509CertificateHolder next = null;
            for (X509CertificateHolder c : carried) {
                if (!c.equals(current) && c.getSubject().equals(current.getIssuer()) && signedBy(current, c)) {
                    next = c;
                }
            }
            if (next == null) {
                break;
            }
            current = next;
        }
        throw new TimestampException("the TSA certificate " + signer.getSubject() + " does not chain to a TSA root of the policy"
                + (roots.isEmpty() ? " (the policy lists none)" : ""), true);
    }

    private static boolean signedBy(X509CertificateHolder cert, X509CertificateHolder issuer) {
        try {
            return cert.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(issuer));
        } catch (Exception e) {
            return false;
        }
    }
}
