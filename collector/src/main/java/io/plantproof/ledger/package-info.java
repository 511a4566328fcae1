/**
 * The collector's write-ahead ledger (append, group commit, seals, recovery, reading past damage), the evidence log
 * sealed from it, the collector key, and the read-only check of both; guarantees and operator steps: docs/ledger.md.
 */
package io.plantproof.ledger;
