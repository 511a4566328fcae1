package io.plantproof.sim.opcua;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.fail;

/** Polling for the OPC UA tests: conditions that become true in the background, within a deadline. */
final class OpcUaTestSupport {

    private OpcUaTestSupport() {
    }

    /** Waits until {@code condition} holds, failing with the fixed description {@code what} after {@code timeout}. */
    static void awaitTrue(Duration timeout, BooleanSupplier condition, String what) {
        awaitTrue(timeout, condition, () -> what);
    }

    /** Waits until {@code condition} holds, failing with {@code what} (evaluated at the deadline) once {@code timeout} passes. */
    static void awaitTrue(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what.get());
            }
        }
        fail("timed out after " + timeout.toSeconds() + " s waiting for " + what.get());
    }
}
