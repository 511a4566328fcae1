package io.plantproof.documents;

import io.plantproof.evidence.BundleJson;
import io.plantproof.evidence.Statement;
import io.plantproof.merkle.Hashes;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * What a verification report says about the bundle itself: its file (size, SHA-256), and what its statement,
 * register and profile declare (application, periods, rule set, checkpoint, enterprise, project). Read leniently
 * and only for display: the verifier's checks say whether any of it can be trusted.
 */
record BundleFacts(String file, long size, String sha256, JsonNode statement, JsonNode enterprise, byte[] profile) {

    private static final long MAX_SMALL_FILE = 64L << 20;

    /** The facts of {@code bundle}; parts that cannot be read are {@code null}. */
    static BundleFacts read(Path bundle) {
        long size;
        String sha;
        try (InputStream in = Files.newInputStream(bundle)) {
            // streamed: a bundle can be gigabytes
            java.security.MessageDigest digest = Hashes.sha256();
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
            }
            size = Files.size(bundle);
            sha = Hashes.hex(digest.digest());
        } catch (IOException e) {
            return new BundleFacts(bundle.toString(), -1, null, null, null, null);
        }
        Map<String, byte[]> small = small(bundle);
        JsonNode statement = null;
        JsonNode enterprise = null;
        try {
            JsonNode envelope = BundleJson.MAPPER.readTree(small.get(Statement.ENVELOPE));
            statement = BundleJson.MAPPER.readTree(Base64.getDecoder().decode(envelope.get("payload").asString()));
        } catch (RuntimeException e) {
            // shown as unreadable in the report; the verifier's own checks say why
        }
        try {
            enterprise = BundleJson.MAPPER.readTree(small.get(Statement.REGISTER)).get("enterprise");
        } catch (RuntimeException e) {
            // as above
        }
        return new BundleFacts(bundle.toString(), size, sha, statement, enterprise, small.get(io.plantproof.profile.ProfileFile.IN_BUNDLE));
    }

    /** A text field of the statement, or {@code null}. */
    String statementText(String field) {
        JsonNode n = statement == null ? null : statement.get(field);
        return n == null || n.isNull() ? null : n.isValueNode() ? n.asString() : n.toString();
    }

    String enterpriseText(String field) {
        JsonNode n = enterprise == null ? null : enterprise.get(field);
        return n == null || n.isNull() ? null : n.asString();
    }

    private static Map<String, byte[]> small(Path bundle) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(bundle); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                if (name.equals(Statement.ENVELOPE) || name.equals(Statement.REGISTER)
                        || name.equals(io.plantproof.profile.ProfileFile.IN_BUNDLE)) {
                    byte[] bytes = zip.readNBytes((int) MAX_SMALL_FILE);
                    out.put(name, bytes);
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable bundle: the report shows what could be read
        }
        return out;
    }
}
