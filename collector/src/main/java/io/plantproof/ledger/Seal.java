package io.plantproof.ledger;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * What a closed segment held: records {@code firstSeq} up to (excluding) {@code endSeq}, {@code bytes} of
 * uncompressed records, and the chain hash of its last record, from which the next segment chains.
 */
record Seal(long firstSeq, long endSeq, long bytes, byte[] lastHash) {

    String line() {
        return "plantproof-ledger-seal 1 first=" + firstSeq + " end=" + endSeq + " bytes=" + bytes
                + " head=" + HexFormat.of().formatHex(lastHash) + "\n";
    }

    /** The seal a {@code segment-<firstSeq>.seal} file holds; IllegalArgumentException naming what is wrong otherwise. */
    static Seal parse(String text) {
        String[] words = text.strip().split(" ");
        if (words.length != 6 || !words[0].equals("plantproof-ledger-seal") || !words[1].equals("1")) {
            throw new IllegalArgumentException("not a ledger seal (expected 'plantproof-ledger-seal 1 first=… end=… bytes=… head=…')");
        }
        Map<String, String> fields = new HashMap<>();
        for (int i = 2; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            fields.put(eq < 0 ? words[i] : words[i].substring(0, eq), eq < 0 ? "" : words[i].substring(eq + 1));
        }
        try {
            Seal seal = new Seal(Long.parseLong(fields.get("first")), Long.parseLong(fields.get("end")),
                    Long.parseLong(fields.get("bytes")), HexFormat.of().parseHex(fields.get("head")));
            if (seal.lastHash.length != RecordFormat.HASH || seal.endSeq < seal.firstSeq || seal.bytes < 0) {
                throw new IllegalArgumentException("values out of range");
            }
            return seal;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unreadable ledger seal: " + e.getMessage(), e);
        }
    }
}
