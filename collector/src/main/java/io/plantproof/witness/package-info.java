/**
 * The witness an office runs (c2sp.org/tlog-witness): it cosigns a collector's checkpoint only when it is consistent
 * with the last one it cosigned for that log, so a plant cannot show one history to the office and another later.
 * {@link io.plantproof.witness.Witness} holds the logic and state; {@link io.plantproof.witness.WitnessServer} is a small
 * HTTP(S) adapter, and a web application can host the same logic behind its own endpoint.
 */
package io.plantproof.witness;
