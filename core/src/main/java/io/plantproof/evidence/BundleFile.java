package io.plantproof.evidence;

/**
 * One file listed in a bundle statement: path, SHA-256, size, kind and what it backs.
 * Kinds: chunk, proof, log, export, register, rules, report (docs/bundle-format.md).
 */
public record BundleFile(String path, String sha256, long size, String kind, String backs) {
}
