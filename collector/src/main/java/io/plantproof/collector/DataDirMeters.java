package io.plantproof.collector;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.DiskSpaceMetrics;
import io.plantproof.ledger.EvidenceLog;

/**
 * The ledger, the store writer, the evidence log and the data folder's disk as Micrometer meters
 * ({@code plantproof.ledger.*}, {@code plantproof.store.*}, {@code plantproof.evidence.*}, {@code disk.*}), read when scraped.
 */
final class DataDirMeters implements MeterBinder {

    private final DataDir data;

    DataDirMeters(DataDir data) {
        this.data = data;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        var ledger = data.ledger();
        Gauge.builder("plantproof.ledger.records", ledger, l -> l.status().records())
                .description("durable ledger records (batches)").register(registry);
        Gauge.builder("plantproof.ledger.backlog.bytes", ledger, l -> l.status().backlogBytes())
                .description("ledger bytes not yet in the store; batches are refused at the bound").baseUnit("bytes").register(registry);
        Gauge.builder("plantproof.ledger.refusing", ledger, l -> l.status().refusing() ? 1 : 0)
                .description("1 while the ledger refuses batches because the store is too far behind").register(registry);
        Gauge.builder("plantproof.ledger.intact", ledger, l -> l.status().intact() ? 1 : 0)
                .description("0 once damage was found in the ledger (a segment or seal no longer holds what was written)").register(registry);
        FunctionCounter.builder("plantproof.ledger.refused.batches", ledger, l -> l.status().refusedBatches())
                .description("batches refused at the backlog bound").register(registry);
        Gauge.builder("plantproof.ledger.append.failing", ledger, l -> l.status().appendFailure() == null ? 0 : 1)
                .description("1 while the disk refuses ledger appends (disk full, I/O error); batches are refused, not lost")
                .register(registry);
        FunctionCounter.builder("plantproof.ledger.append.failures", ledger, l -> l.status().failedAppends())
                .description("appends the disk refused (each batch refused, not acknowledged)").register(registry);
        Gauge.builder("plantproof.ledger.damage", ledger, l -> l.status().damage().size())
                .description("damaged places found in the ledger (kept as they are; records around them are read)").register(registry);
        FunctionCounter.builder("plantproof.ledger.fsyncs", ledger, l -> l.status().fsyncs())
                .description("fsyncs of the ledger (group commit shares one among appenders)").register(registry);
        Gauge.builder("plantproof.store.backlog.records", data.writer(), StoreWriter::backlog)
                .description("ledger records the store writer has not applied yet").register(registry);
        Gauge.builder("plantproof.store.up", data.writer(), w -> w.lastError() == null ? 1 : 0)
                .description("0 while the store refuses writes (the ledger keeps the data meanwhile)").register(registry);
        Gauge.builder("plantproof.store.quarantined.samples", data.writer(), w -> w.quarantine().count())
                .description("samples the store refused for good, set aside with their reason (plantproof ledger quarantine)")
                .register(registry);
        FunctionCounter.builder("plantproof.store.transactions", data.writer(), StoreWriter::transactions)
                .description("store transactions committed by the store writer, each followed by one offset write").register(registry);
        Gauge.builder("plantproof.evidence.leaves", data.evidence(), EvidenceLog::leafCount)
                .description("sealed evidence chunks in the Merkle log").register(registry);
        new DiskSpaceMetrics(data.root().toFile()).bindTo(registry);
    }
}
