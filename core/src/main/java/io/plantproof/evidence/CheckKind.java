package io.plantproof.evidence;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a verification check looks at; written in lower case in {@code evidence verify --json} and the text report. */
public enum CheckKind {
    /** A ZIP entry that cannot be read. */
    ZIP_ENTRY("zip-entry"),
    /** The bundle's key against the pinned fingerprint or the policy: who made the bundle. */
    KEY("key"),
    /** The DSSE signature of the statement. */
    SIGNATURE("signature"),
    /** A file's SHA-256 against the signed statement. */
    HASH("hash"),
    /** The signed checkpoint of the evidence log. */
    CHECKPOINT("checkpoint"),
    /** The leaf list and chunks against the checkpoint. */
    LOG("log"),
    /** A chunk's inclusion proof. */
    INCLUSION("inclusion"),
    /** A consistency proof between checkpoints. */
    CONSISTENCY("consistency"),
    /** An anchor outside the applicant: a filed checkpoint, a witness cosignature or an RFC 3161 time-stamp. */
    ANCHOR("anchor"),
    /** When a period's data was recorded, from its earliest trusted anchor. */
    TIME("time"),
    /** The bundled rule set against the verifier's own official one. */
    RULESET("ruleset"),
    /** The register snapshot and rule set the indicators are recomputed with. */
    REGISTER("register"),
    /** The rule results re-applied to the recomputed indicators. */
    RULES("rules"),
    /** The figures tagged in the bundled documents against the recomputation. */
    DOCUMENTS("documents");

    private final String written;

    CheckKind(String written) {
        this.written = written;
    }

    @JsonValue
    public String written() {
        return written;
    }

    @Override
    public String toString() {
        return written;
    }
}
