package io.plantproof.evidence;

import java.util.List;

/**
 * A DSSE envelope: base64 payload, its type, and signatures over the DSSE pre-authentication encoding.
 */
public record Envelope(String payloadType, String payload, List<EnvelopeSignature> signatures) {

    /** One signature with the signer's key fingerprint as key id. */
    public record EnvelopeSignature(String keyid, String sig) {
    }
}
