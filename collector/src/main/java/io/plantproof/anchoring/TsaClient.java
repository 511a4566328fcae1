package io.plantproof.anchoring;

import io.plantproof.timestamp.TimestampVerifier;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Asks an RFC 3161 time-stamp authority for a token over a message: a query with the message's SHA-256 (or SM3)
 * imprint, a nonce and a request for the TSA's certificate, POSTed as application/timestamp-query. The response is
 * checked against the query (status, imprint, nonce) before it is kept.
 */
public final class TsaClient {

    private final URI url;
    private final String hash;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final SecureRandom random = new SecureRandom();

    /** @param hash {@code SHA-256} or {@code SM3} */
    public TsaClient(String url, String hash) {
        this.url = URI.create(url);
        this.hash = hash;
    }

    /** The DER TimeStampResp over {@code message}; throws naming the TSA when it refuses or answers something else. */
    public byte[] stamp(byte[] message) throws IOException {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        ASN1ObjectIdentifier alg = hash.equals("SM3") ? TSPAlgorithms.SM3 : TSPAlgorithms.SHA256;
        TimeStampRequest query = generator.generate(alg, TimestampVerifier.digest(hash, message), new BigInteger(64, random));
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/timestamp-query")
                .POST(HttpRequest.BodyPublishers.ofByteArray(query.getEncoded())).build();
        HttpResponse<byte[]> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + url + " for a time-stamp", e);
        }
        if (r.statusCode() != 200) {
            throw new IOException("time-stamp authority " + url + " answered HTTP " + r.statusCode());
        }
        try {
            TimeStampResponse response = new TimeStampResponse(r.body());
            response.validate(query);
            if (response.getTimeStampToken() == null) {
                throw new IOException("time-stamp authority " + url + " refused: " + response.getStatusString());
            }
            return r.body();
        } catch (TSPException e) {
            throw new IOException("time-stamp authority " + url + " answered a response that does not match the query: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return url.toString();
    }
}
