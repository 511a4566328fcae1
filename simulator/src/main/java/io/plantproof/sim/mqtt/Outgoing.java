package io.plantproof.sim.mqtt;

/**
 * One message the simulated gateway publishes: its topic and payload bytes.
 * Built per tick, then published in order.
 */
record Outgoing(String topic, byte[] payload) {
}
