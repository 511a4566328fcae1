/**
 * RFC 3161 time-stamp tokens over evidence checkpoints: verification against the TSA roots of a reviewer's
 * trust policy, for RSA/ECDSA tokens with SHA-256 imprints and SM2/SM3 tokens as Chinese TSAs issue them (GM/T 0033).
 */
package io.plantproof.timestamp;
