package io.plantproof.ledger;

import io.plantproof.merkle.Signer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;

/**
 * The collector's Ed25519 signing key, created on first start with owner-only permissions.
 * Checkpoints and bundle statements are signed with it; reviewers pin its fingerprint.
 */
public final class CollectorKey {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorKey.class);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private CollectorKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** Loads the key from {@code dir}, creating it (and printing its fingerprint to the log) the first time. */
    public static CollectorKey loadOrCreate(Path dir) {
        Path priv = dir.resolve("collector-ed25519.key");
        Path pub = dir.resolve("collector-ed25519.pub");
        try {
            if (Files.exists(priv)) {
                PrivateKey p = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(priv)));
                return new CollectorKey(p, Signer.fromPem(Files.readString(pub)));
            }
            Files.createDirectories(dir);
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.write(priv, pair.getPrivate().getEncoded());
            try {
                Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                LOG.warn("cannot restrict permissions of {} on this file system; protect it by other means", priv);
            }
            Files.writeString(pub, Signer.pem(pair.getPublic()));
            CollectorKey key = new CollectorKey(pair.getPrivate(), pair.getPublic());
            LOG.info("created collector signing key {} with fingerprint {}", priv, key.fingerprint());
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the collector key in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("collector key in " + dir + " is unusable: " + e.getMessage(), e);
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public String fingerprint() {
        return Signer.fingerprint(publicKey);
    }

    public byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
    }
}
