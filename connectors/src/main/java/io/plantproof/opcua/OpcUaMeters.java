package io.plantproof.opcua;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The health of one OPC UA connection as Micrometer meters, tagged {@code connection} and {@code endpoint}; a
 * {@link MeterBinder}, so an Actuator context binds it like any other. Values are read from the connector's
 * {@link OpcUaConnector.Status} when scraped.
 */
public final class OpcUaMeters implements MeterBinder {

    private final Supplier<OpcUaConnector.Status> status;
    private final Tags tags;
    private final List<Meter> registered = new ArrayList<>();

    OpcUaMeters(Supplier<OpcUaConnector.Status> status, String connectionId, String endpoint) {
        this.status = status;
        this.tags = Tags.of("connection", connectionId, "endpoint", endpoint);
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        gauge(registry, "plantproof.opcua.connected", "1 while a session with live subscriptions exists", s -> s.connected() ? 1 : 0, Tags.empty());
        gauge(registry, "plantproof.opcua.subscriptions", "subscriptions open on the session", s -> s.subscriptions(), Tags.empty());
        gauge(registry, "plantproof.opcua.items", "monitored items by state", s -> s.itemsGood(), Tags.of("state", "good"));
        gauge(registry, "plantproof.opcua.items", "monitored items by state", s -> s.itemsBad(), Tags.of("state", "bad"));
        gauge(registry, "plantproof.opcua.samples.rate", "samples per second over the last window", OpcUaConnector.Status::samplesPerSecond, Tags.empty());
        counter(registry, "plantproof.opcua.reconnects", "sessions rebuilt after a loss", OpcUaConnector.Status::reconnects);
        counter(registry, "plantproof.opcua.samples", "samples handed to the sink", OpcUaConnector.Status::samplesReceived);
        counter(registry, "plantproof.opcua.bad.values", "values that could not be normalised", OpcUaConnector.Status::badValues);
        counter(registry, "plantproof.opcua.sink.failures", "hand-overs the sink refused, retries included", OpcUaConnector.Status::sinkFailures);
        gauge(registry, "plantproof.opcua.retry.queue.samples", "samples the sink refused, held in memory for retry", OpcUaConnector.Status::queuedSamples, Tags.empty());
        gauge(registry, "plantproof.opcua.retry.queue.batches", "batches the sink refused, held in memory for retry", OpcUaConnector.Status::queuedBatches, Tags.empty());
        counter(registry, "plantproof.opcua.samples.lost", "samples dropped over the retry queue bound or refused at close", OpcUaConnector.Status::lostSamples);
    }

    /** Removes the meters this binder registered, so a closed connector stops reporting. */
    synchronized void unbind(MeterRegistry registry) {
        registered.forEach(registry::remove);
        registered.clear();
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<OpcUaConnector.Status> value, Tags extra) {
        registered.add(Gauge.builder(name, status, s -> value.applyAsDouble(s.get()))
                .description(description).tags(tags.and(extra)).register(registry));
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<OpcUaConnector.Status> value) {
        registered.add(FunctionCounter.builder(name, status, s -> value.applyAsDouble(s.get()))
                .description(description).tags(tags).register(registry));
    }
}
