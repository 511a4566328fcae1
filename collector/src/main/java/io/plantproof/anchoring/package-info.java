/**
 * Anchoring the evidence log outside the applicant: submitting each checkpoint to a c2sp.org/tlog-witness for a
 * cosignature and asking an RFC 3161 time-stamp authority for a token over each daily checkpoint (docs/trust.md).
 */
package io.plantproof.anchoring;
