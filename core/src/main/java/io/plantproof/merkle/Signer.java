package io.plantproof.merkle;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 signature checks and key fingerprints; the fingerprint is the SHA-256 of the public key's
 * X.509 encoding, the value a reviewer compares with what the plant handed over.
 */
public final class Signer {

    private Signer() {
    }

    public static PublicKey publicKey(byte[] x509) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** The X.509 SubjectPublicKeyInfo prefix of every Ed25519 key (RFC 8410): the raw 32-byte key follows it. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    /** The 32-byte RFC 8032 encoding of an Ed25519 public key, as signed notes and verifier keys carry it. */
    public static byte[] rawEd25519(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der.length != ED25519_SPKI_PREFIX.length + 32
                || !Arrays.equals(Arrays.copyOf(der, ED25519_SPKI_PREFIX.length), ED25519_SPKI_PREFIX)) {
            throw new IllegalArgumentException("not an Ed25519 public key (" + key.getAlgorithm() + ")");
        }
        return Arrays.copyOfRange(der, ED25519_SPKI_PREFIX.length, der.length);
    }

    /** The Ed25519 public key with this 32-byte RFC 8032 encoding. */
    public static PublicKey ed25519FromRaw(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
        }
        byte[] der = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + 32);
        System.arraycopy(raw, 0, der, ED25519_SPKI_PREFIX.length, 32);
        return publicKey(der);
    }

    public static String fingerprint(PublicKey key) {
        return "SHA256:" + Hashes.sha256Hex(key.getEncoded());
    }

    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** DSSE pre-authentication encoding: what an envelope's signature covers. */
    public static byte[] dssePae(String payloadType, byte[] payload) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        String head = "DSSEv1 " + type.length + " " + payloadType + " " + payload.length + " ";
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[h.length + payload.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(payload, 0, out, h.length, payload.length);
        return out;
    }

    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    public static PublicKey fromPem(String pem) {
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        return publicKey(Base64.getDecoder().decode(body));
    }
}
