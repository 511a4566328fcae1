package io.plantproof.plant;

import io.plantproof.evidence.LogOrigin;
import io.plantproof.tlog.NoteKey;

import java.net.URI;
import java.util.Set;

/**
 * How the collector's evidence log identifies itself and where it anchors its checkpoints (docs/configuration.md,
 * {@code evidence}; docs/trust.md). Without a witness or a time-stamp authority the checkpoints are only as good as
 * the copies the plant files with the office.
 *
 * @param collectorId the collector's id in the checkpoint origin {@code plantproof/<统一社会信用代码>/<collectorId>};
 *                    default {@code collector}
 * @param witness     a c2sp.org/tlog-witness the collector submits every checkpoint to, or {@code null}
 * @param timestamp   an RFC 3161 time-stamp authority asked for a token over each daily checkpoint, or {@code null}
 */
public record EvidenceConfig(String collectorId, Witness witness, Timestamp timestamp) {

    public EvidenceConfig {
        collectorId = collectorId == null ? "collector" : collectorId;
    }

    /** No witness, no TSA, the default collector id. */
    public static EvidenceConfig defaults() {
        return new EvidenceConfig(null, null, null);
    }

    /**
     * @param url the witness's submission prefix ({@code <url>/add-checkpoint}); https, or http on a loopback address
     * @param key the witness's cosigning key as a verifier key ({@code <name>+<key id>+<base64>}, type 0x04)
     */
    public record Witness(String url, String key) {

        public NoteKey noteKey() {
            return NoteKey.parse(key);
        }
    }

    /**
     * @param url  where RFC 3161 queries are POSTed (http or https: the token is signed either way)
     * @param hash the imprint algorithm, {@code SHA-256} (default) or {@code SM3} for TSAs that stamp SM3 imprints
     */
    public record Timestamp(String url, String hash) {

        public Timestamp {
            hash = hash == null ? "SHA-256" : hash;
        }
    }

    void check(FieldPath at, PlantProblems out) {
        if (!collectorId.matches(LogOrigin.COLLECTOR_ID)) {
            out.add(at.field("collectorId"), "'" + collectorId + "' must match " + LogOrigin.COLLECTOR_ID);
        }
        if (witness != null) {
            FieldPath w = at.field("witness");
            url(w.field("url"), witness.url(), true, out);
            if (out.required(w.field("key"), witness.key())) {
                try {
                    if (witness.noteKey().type() != NoteKey.COSIGNATURE) {
                        out.add(w.field("key"), "is not a cosigning key (signature type 0x04)");
                    }
                } catch (IllegalArgumentException e) {
                    out.add(w.field("key"), "is not a verifier key <name>+<key id>+<base64>: " + e.getMessage());
                }
            }
        }
        if (timestamp != null) {
            url(at.field("timestamp").field("url"), timestamp.url(), false, out);
            if (!Set.of("SHA-256", "SM3").contains(timestamp.hash())) {
                out.add(at.field("timestamp").field("hash"), "'" + timestamp.hash() + "' must be SHA-256 or SM3");
            }
        }
    }

    private static void url(FieldPath at, String url, boolean httpsUnlessLoopback, PlantProblems out) {
        if (!out.required(at, url)) {
            return;
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            out.add(at, "'" + url + "' is not a URL: " + e.getMessage());
            return;
        }
        if (uri.getHost() == null || !Set.of("http", "https").contains(String.valueOf(uri.getScheme()))) {
            out.add(at, "'" + url + "' is not an http(s) URL with a host");
        } else if (httpsUnlessLoopback && uri.getScheme().equals("http") && !loopback(uri.getHost())) {
            out.add(at, "'" + url + "' must use https (plain http only on a loopback address)");
        }
    }

    static boolean loopback(String host) {
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
    }
}
