/**
 * A simulated RFC 3161 time-stamp authority for the demo and tests: BouncyCastle's TimeStampResponseGenerator
 * behind a loopback HTTP endpoint, with RSA or SM2/SM3 keys and a clock the caller sets.
 */
package io.plantproof.sim.tsa;
