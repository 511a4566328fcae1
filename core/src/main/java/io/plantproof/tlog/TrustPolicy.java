package io.plantproof.tlog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A reviewer's trust policy in the c2sp.org/tlog-policy format: the trusted logs (collector keys, {@code log <vkey>}),
 * witnesses ({@code witness <name> <vkey> [url]}), groups ({@code group <name> all|any|<k> <member>...}) and exactly one
 * {@code quorum <name>}. PlantProof adds one line type, {@code tsa <name> <base64 DER X.509 certificate>}: a root a
 * timestamp authority's certificate must chain to. Every error names the line.
 */
public record TrustPolicy(List<Log> logs, Map<String, Witness> witnesses, Map<String, Group> groups, String quorum,
                          List<TsaRoot> tsaRoots) {

    /** The predefined quorum that asks for no cosignature. */
    public static final String NONE = "none";

    /** A trusted log: its note-signing key, whose name is the log's origin. */
    public record Log(NoteKey key, String url) {
    }

    /** A trusted witness and its cosigning key. */
    public record Witness(String name, NoteKey key, String url) {
    }

    /** A group witnesses a checkpoint when at least {@code threshold} of its members do. */
    public record Group(String name, int threshold, List<String> members) {
    }

    /** A root certificate (DER) a timestamp authority's signing certificate must chain to. */
    public record TsaRoot(String name, byte[] certificate) {
    }

    public TrustPolicy {
        logs = List.copyOf(logs);
        witnesses = Map.copyOf(witnesses);
        groups = Map.copyOf(groups);
        tsaRoots = List.copyOf(tsaRoots);
    }

    public static TrustPolicy parse(byte[] bytes, String file) {
        List<Log> logs = new ArrayList<>();
        Map<String, Witness> witnesses = new LinkedHashMap<>();
        Map<String, Group> groups = new LinkedHashMap<>();
        List<TsaRoot> tsa = new ArrayList<>();
        String quorum = null;
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String at = file + " line " + (n + 1) + ": ";
            String line = lines[n].strip();
            if (line.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
                throw new IllegalArgumentException(at + "control characters other than tab and newline are not allowed");
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("[ \t]+");
            try {
                switch (f[0]) {
                    case "log" -> {
                        arity(f, 2, 3);
                        NoteKey key = key(f[1], NoteKey.ED25519, "log");
                        if (logs.stream().anyMatch(l -> l.key().sameKey(key))) {
                            throw new IllegalArgumentException("the same log key is listed twice");
                        }
                        logs.add(new Log(key, f.length > 2 ? f[2] : null));
                    }
                    case "witness" -> {
                        arity(f, 3, 4);
                        newName(f[1], witnesses, groups);
                        NoteKey key = key(f[2], NoteKey.COSIGNATURE, "witness");
                        if (witnesses.values().stream().anyMatch(w -> w.key().sameKey(key))) {
                            throw new IllegalArgumentException("the same witness key is listed twice");
                        }
                        witnesses.put(f[1], new Witness(f[1], key, f.length > 3 ? f[3] : null));
                    }
                    case "group" -> {
                        if (f.length < 4) {
                            throw new IllegalArgumentException("'group <name> all|any|<k> <member>...' needs at least one member");
                        }
                        newName(f[1], witnesses, groups);
                        List<String> members = List.of(f).subList(3, f.length);
                        Set<String> seen = new HashSet<>();
                        for (String m : members) {
                            if (!witnesses.containsKey(m) && !groups.containsKey(m)) {
                                throw new IllegalArgumentException("group member '" + m + "' is not a witness or group defined above");
                            }
                            if (!seen.add(m)) {
                                throw new IllegalArgumentException("group member '" + m + "' is listed twice");
                            }
                        }
                        int k = switch (f[2]) {
                            case "all" -> members.size();
                            case "any" -> 1;
                            default -> threshold(f[2], members.size());
                        };
                        groups.put(f[1], new Group(f[1], k, members));
                    }
                    case "quorum" -> {
                        arity(f, 2, 2);
                        if (quorum != null) {
                            throw new IllegalArgumentException("a policy has exactly one quorum line");
                        }
                        if (!f[1].equals(NONE) && !witnesses.containsKey(f[1]) && !groups.containsKey(f[1])) {
                            throw new IllegalArgumentException("quorum '" + f[1] + "' is not 'none' or a witness or group defined above");
                        }
                        quorum = f[1];
                    }
                    case "tsa" -> {
                        arity(f, 3, 3);
                        tsa.add(new TsaRoot(f[1], Base64.getDecoder().decode(f[2])));
                    }
                    default -> throw new IllegalArgumentException("unknown line type '" + f[0]
                            + "' (log, witness, group, quorum, or PlantProof's tsa)");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + e.getMessage(), e);
            }
        }
        if (quorum == null) {
            throw new IllegalArgumentException(file + ": a policy needs a quorum line ('quorum none' asks for no cosignature)");
        }
        return new TrustPolicy(logs, witnesses, groups, quorum, tsa);
    }

    private static void arity(String[] f, int min, int max) {
        if (f.length < min || f.length > max) {
            throw new IllegalArgumentException("'" + f[0] + "' takes " + (min - 1) + (max > min ? " or " + (max - 1) : "")
                    + " field(s), not " + (f.length - 1));
        }
    }

    private static NoteKey key(String vkey, byte type, String what) {
        NoteKey key = NoteKey.parse(vkey);
        if (key.type() != type) {
            throw new IllegalArgumentException("a " + what + " key has signature type 0x0" + type + ", this one 0x0" + key.type());
        }
        return key;
    }

    private static void newName(String name, Map<String, Witness> witnesses, Map<String, Group> groups) {
        if (name.equals(NONE) || witnesses.containsKey(name) || groups.containsKey(name)) {
            throw new IllegalArgumentException("name '" + name + "' is already defined (or is the reserved 'none')");
        }
    }

    private static int threshold(String text, int n) {
        int k;
        try {
            k = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("group threshold '" + text + "' is not all, any or a number", e);
        }
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("group threshold " + k + " is outside 1.." + n);
        }
        return k;
    }

    /** The trusted log key with this name (the checkpoint origin), if any. */
    public Optional<Log> log(String origin) {
        return logs.stream().filter(l -> l.key().name().equals(origin)).findFirst();
    }

    /** Whether the witnesses that cosigned satisfy the quorum; {@code none} is satisfied by nobody's cosignature. */
    public boolean satisfied(Set<String> cosigned) {
        return quorum.equals(NONE) || witnessed(quorum, cosigned);
    }

    private boolean witnessed(String name, Set<String> cosigned) {
        Group g = groups.get(name);
        if (g == null) {
            return cosigned.contains(name);
        }
        return g.members().stream().filter(m -> witnessed(m, cosigned)).count() >= g.threshold();
    }

    /**
     * When the quorum was first met by the cosignatures given (witness name to cosignature time): the earliest time by
     * which enough of them had cosigned. Empty when they never meet it, and always for {@code quorum none}, which
     * anchors nothing in time.
     */
    public Optional<Instant> quorumTime(Map<String, Instant> cosignedAt) {
        if (quorum.equals(NONE)) {
            return Optional.empty();
        }
        List<Map.Entry<String, Instant>> byTime = new ArrayList<>(cosignedAt.entrySet());
        byTime.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        Set<String> so = new HashSet<>();
        for (var e : byTime) {
            so.add(e.getKey());
            if (witnessed(quorum, so)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }
}
