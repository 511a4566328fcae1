/**
 * The C2SP transparency-log formats PlantProof's evidence log speaks: signed notes and verifier keys
 * (c2sp.org/signed-note), checkpoints (tlog-checkpoint), Ed25519 cosignatures (tlog-cosignature, cosignature/v1),
 * self-contained inclusion proofs (tlog-proof) and trust policies (tlog-policy). Pure formats, no I/O.
 */
package io.plantproof.tlog;
