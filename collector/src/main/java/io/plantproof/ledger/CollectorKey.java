package io.plantproof.ledger;

import io.plantproof.files.DurableFiles;
import io.plantproof.merkle.Signer;
import io.plantproof.tlog.Note;
import io.plantproof.tlog.NoteKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The collector's Ed25519 signing key, created on first start with owner-only permissions.
 * Checkpoints and bundle statements are signed with it; reviewers pin its fingerprint. After
 * {@link #rotate()} the old public keys stay in {@code keys/retired/} so old checkpoints still verify.
 */
public final class CollectorKey {

    private static final Logger LOG = LoggerFactory.getLogger(CollectorKey.class);
    private static final String PRIVATE = "collector-ed25519.key";
    private static final String PUBLIC = "collector-ed25519.pub";
    private static final String NEXT = ".next";

    private final Path dir;
    private volatile Active active;

    /** The key pair in use; swapped as a whole so a signature and its fingerprint always match. */
    private record Active(PrivateKey privateKey, PublicKey publicKey) {
    }

    private CollectorKey(Path dir, Active active) {
        this.dir = dir;
        this.active = active;
    }

    /** Loads the key from {@code dir}, creating it (and printing its fingerprint to the log) the first time. */
    public static CollectorKey loadOrCreate(Path dir) {
        Path priv = dir.resolve(PRIVATE);
        try {
            Files.createDirectories(dir);
            finishInterruptedRotation(dir);
            if (Files.exists(priv)) {
                PrivateKey p = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(priv)));
                return new CollectorKey(dir, new Active(p, Signer.fromPem(Files.readString(dir.resolve(PUBLIC)))));
            }
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            writePair(dir, pair, "");
            CollectorKey key = new CollectorKey(dir, new Active(pair.getPrivate(), pair.getPublic()));
            LOG.info("created collector signing key {} with fingerprint {}", priv, key.fingerprint());
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the collector key in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("collector key in " + dir + " is unusable: " + e.getMessage(), e);
        }
    }

    public PublicKey publicKey() {
        return active.publicKey();
    }

    public String fingerprint() {
        return Signer.fingerprint(active.publicKey());
    }

    public byte[] sign(byte[] message) {
        return sign(active.privateKey(), message);
    }

    /** Signs a note's text (a checkpoint) with the current key under {@code keyName}, the log's origin. */
    public Note signNote(String text, String keyName) {
        Active key = active;
        return Note.signed(text, NoteKey.ed25519(keyName, key.publicKey()), m -> sign(key.privateKey(), m));
    }

    /**
     * Replaces the signing key by a new one and keeps the old public key in {@code keys/retired/}.
     * The old private key is deleted: nothing may be signed with it any more. Returns the new fingerprint.
     */
    public synchronized String rotate() {
        String old = fingerprint();
        try {
            Path retired = dir.resolve("retired");
            Files.createDirectories(retired);
            DurableFiles.replace(retired.resolve(old.replace("SHA256:", "") + ".pub"),
                    Signer.pem(active.publicKey()).getBytes(StandardCharsets.US_ASCII));
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            // Both new files are written as .next first; the public one appearing marks the rotation as
            // decided, and loadOrCreate finishes it if the process dies before the renames below.
            writePair(dir, pair, NEXT);
            finishInterruptedRotation(dir);
            active = new Active(pair.getPrivate(), pair.getPublic());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate the collector key in " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an Ed25519 key: " + e.getMessage(), e);
        }
        LOG.warn("collector signing key rotated: {} retired (kept in {}/retired to verify old checkpoints), now signing "
                + "with {}; hand the new fingerprint to reviewers", old, dir, fingerprint());
        return fingerprint();
    }

    /** Every public key this collector has signed with, current first, by fingerprint. */
    public Map<String, PublicKey> publicKeys() {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        keys.put(fingerprint(), publicKey());
        addRetired(dir, keys);
        return keys;
    }

    /**
     * The public keys in the key folder {@code dir}, current first, reading only (for checks of a folder the
     * collector may be using); empty when there is no key yet.
     */
    public static Map<String, PublicKey> readPublicKeys(Path dir) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        Path current = dir.resolve(PUBLIC);
        if (Files.exists(current)) {
            try {
                PublicKey key = Signer.fromPem(Files.readString(current));
                keys.put(Signer.fingerprint(key), key);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the collector's public key " + current + ": " + e.getMessage(), e);
            }
        }
        addRetired(dir, keys);
        return keys;
    }

    private static void addRetired(Path dir, Map<String, PublicKey> keys) {
        Path retired = dir.resolve("retired");
        if (Files.isDirectory(retired)) {
            try (Stream<Path> files = Files.list(retired)) {
                files.filter(p -> p.getFileName().toString().endsWith(".pub")).sorted().forEach(p -> {
                    try {
                        PublicKey key = Signer.fromPem(Files.readString(p));
                        keys.putIfAbsent(Signer.fingerprint(key), key);
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("retired public key {} is unreadable ({}); checkpoints signed with it cannot be verified",
                                p, e.getMessage());
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list retired keys in " + retired, e);
            }
        }
    }

    /** The public key with this fingerprint, current or retired. */
    public Optional<PublicKey> publicKey(String fingerprint) {
        return Optional.ofNullable(publicKeys().get(fingerprint));
    }

    private static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
    }

    /** Writes the private key (owner-only) then the public key, each durably, with {@code suffix} appended to both names. */
    private static void writePair(Path dir, KeyPair pair, String suffix) throws IOException {
        Path priv = dir.resolve(PRIVATE + suffix);
        if (!priv.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            LOG.warn("cannot restrict permissions of {} on this file system; protect it by other means", priv);
        }
        DurableFiles.replaceSecret(priv, pair.getPrivate().getEncoded());
        DurableFiles.replace(dir.resolve(PUBLIC + suffix), Signer.pem(pair.getPublic()).getBytes(StandardCharsets.US_ASCII));
    }

    /** Completes a rotation whose new key files were fully written: private key first, then the public key. */
    private static void finishInterruptedRotation(Path dir) throws IOException {
        Path nextPub = dir.resolve(PUBLIC + NEXT);
        if (Files.exists(nextPub)) {
            Path nextPriv = dir.resolve(PRIVATE + NEXT);
            if (Files.exists(nextPriv)) {
                Files.move(nextPriv, dir.resolve(PRIVATE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(nextPub, dir.resolve(PUBLIC), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            DurableFiles.forceDirectory(dir);
        } else {
            // a rotation that died before deciding: its half-written files are discarded
            Files.deleteIfExists(dir.resolve(PRIVATE + NEXT));
        }
        for (String tmp : new String[] {PUBLIC + NEXT, PUBLIC, PRIVATE + NEXT, PRIVATE}) {
            Files.deleteIfExists(dir.resolve(tmp + ".tmp"));
        }
    }

}
