package io.plantproof.anchoring;

import io.plantproof.tlog.Note;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The submitting side of c2sp.org/tlog-witness: {@code POST <prefix>/add-checkpoint} with the old size the witness
 * last cosigned, the consistency proof from it, and the new checkpoint.
 */
public final class WitnessClient {

    /** The witness's answer: 200 with cosignature lines, 409 with its latest size, or an error status with a reason. */
    public record Response(int status, String body) {
    }

    private final URI addCheckpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public WitnessClient(String prefix) {
        this.addCheckpoint = URI.create(prefix.replaceAll("/+$", "") + "/add-checkpoint");
    }

    public Response addCheckpoint(long oldSize, List<byte[]> proof, Note checkpoint) throws IOException {
        StringBuilder body = new StringBuilder("old ").append(oldSize).append('\n');
        proof.forEach(h -> body.append(Base64.getEncoder().encodeToString(h)).append('\n'));
        body.append('\n').append(checkpoint.format());
        HttpRequest request = HttpRequest.newBuilder(addCheckpoint).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while submitting to " + addCheckpoint, e);
        }
    }

    @Override
    public String toString() {
        return addCheckpoint.toString();
    }
}
