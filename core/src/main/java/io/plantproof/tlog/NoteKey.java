package io.plantproof.tlog;

import io.plantproof.merkle.Hashes;
import io.plantproof.merkle.Signer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A signed-note verifier key (c2sp.org/signed-note, "Verifier keys"): a key name, its 32-bit key ID and an
 * Ed25519 public key of one signature type: {@link #ED25519} for note signatures (checkpoints), {@link #COSIGNATURE}
 * for timestamped cosignatures (c2sp.org/tlog-cosignature). Written as {@code <name>+<hex key ID>+<base64(type || key)>}.
 */
public record NoteKey(String name, int keyId, byte type, byte[] publicKey) {

    /** Signature type 0x01: Ed25519 over the note text. */
    public static final byte ED25519 = 0x01;
    /** Signature type 0x04: timestamped Ed25519 checkpoint cosignature (cosignature/v1). */
    public static final byte COSIGNATURE = 0x04;

    public NoteKey {
        if (!validName(name)) {
            throw new IllegalArgumentException("key name '" + name + "' must be non-empty without spaces or '+'");
        }
        if (type != ED25519 && type != COSIGNATURE) {
            throw new IllegalArgumentException("signature type 0x" + HexFormat.of().toHexDigits(type)
                    + " is not supported (Ed25519 0x01 or cosignature/v1 0x04)");
        }
        if (publicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + publicKey.length);
        }
        publicKey = publicKey.clone();
        if (keyId != keyId(name, type, publicKey)) {
            throw new IllegalArgumentException("key ID " + HexFormat.of().toHexDigits(keyId) + " of '" + name
                    + "' does not match its name, type and key (expected " + HexFormat.of().toHexDigits(keyId(name, type, publicKey)) + ")");
        }
    }

    /** The note-signing key of a log, whose name is the log's origin. */
    public static NoteKey ed25519(String name, PublicKey key) {
        return of(name, ED25519, key);
    }

    /** The cosigning key of a witness. */
    public static NoteKey cosigner(String name, PublicKey key) {
        return of(name, COSIGNATURE, key);
    }

    private static NoteKey of(String name, byte type, PublicKey key) {
        byte[] raw = Signer.rawEd25519(key);
        return new NoteKey(name, keyId(name, type, raw), type, raw);
    }

    /** Parses a vkey, e.g. {@code example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k}. */
    public static NoteKey parse(String vkey) {
        String[] parts = vkey.strip().split("\\+", 3);
        if (parts.length != 3 || parts[1].length() != 8) {
            throw new IllegalArgumentException("'" + vkey + "' is not a verifier key <name>+<8 hex digits>+<base64>");
        }
        byte[] material;
        int id;
        try {
            material = Base64.getDecoder().decode(parts[2]);
            id = HexFormat.fromHexDigits(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("verifier key '" + vkey + "': " + e.getMessage(), e);
        }
        if (material.length < 1) {
            throw new IllegalArgumentException("verifier key '" + vkey + "' has no key material");
        }
        return new NoteKey(parts[0], id, material[0], Arrays.copyOfRange(material, 1, material.length));
    }

    /** SHA-256(name || 0x0A || type || public key)[:4], big-endian (signed-note, "Signatures"). */
    public static int keyId(String name, byte type, byte[] publicKey) {
        MessageDigest d = Hashes.sha256();
        d.update(name.getBytes(StandardCharsets.UTF_8));
        d.update((byte) '\n');
        d.update(type);
        d.update(publicKey);
        return ByteBuffer.wrap(d.digest()).getInt();
    }

    static boolean validName(String name) {
        return name != null && !name.isEmpty() && name.codePoints().noneMatch(c -> c == '+' || Character.isWhitespace(c)
                || Character.isSpaceChar(c) || c < 0x20);
    }

    public String vkey() {
        byte[] material = new byte[1 + publicKey.length];
        material[0] = type;
        System.arraycopy(publicKey, 0, material, 1, publicKey.length);
        return name + "+" + HexFormat.of().toHexDigits(keyId) + "+" + Base64.getEncoder().encodeToString(material);
    }

    public PublicKey javaKey() {
        return Signer.ed25519FromRaw(publicKey);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The same public key, whatever the name and type (tlog-policy's "duplicate" keys). */
    public boolean sameKey(NoteKey other) {
        return Arrays.equals(publicKey, other.publicKey);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteKey k && k.name.equals(name) && k.keyId == keyId && k.type == type && Arrays.equals(k.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + keyId;
    }

    @Override
    public String toString() {
        return vkey();
    }
}
