package io.plantproof.collector;

import io.plantproof.anchoring.Anchoring;
import io.plantproof.evidence.LogOrigin;
import io.plantproof.ledger.CollectorKey;
import io.plantproof.ledger.EvidenceLog;
import io.plantproof.ledger.Ledger;
import io.plantproof.plant.Plant;
import io.plantproof.store.QuestDbStore;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.file.Path;

/**
 * The collector's data folder and what lives in it: ledger, evidence log, signing key, embedded
 * store and the originals of imported files. Opening it recovers the ledger and starts the store writer.
 */
public final class DataDir implements AutoCloseable {

    private final MeterRegistry meters = new SimpleMeterRegistry();

    private final Path root;
    private final Ledger ledger;
    private final CollectorKey key;
    private final EvidenceLog evidence;
    private final Anchoring anchoring;
    private final QuestDbStore store;
    private final StoreWriter writer;

    private DataDir(Path root, Plant plant, Ledger.Options ledgerOptions) {
        this.root = root;
        this.ledger = Ledger.open(root.resolve("ledger"), ledgerOptions);
        try {
            this.key = CollectorKey.loadOrCreate(root.resolve("keys"));
            this.evidence = new EvidenceLog(root.resolve("evidence"), plant.zone(), ledger, key,
                    LogOrigin.of(plant.enterprise(), plant.evidence().collectorId()));
            this.anchoring = new Anchoring(evidence, plant.evidence());
            // on a full disk QuestDB cannot start; its message says so ("disk full: …"), and the ledger is closed again
            this.store = QuestDbStore.open(root);
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
        this.writer = new StoreWriter(ledger, store, root.resolve("store.offset")).start();
        new DataDirMeters(this).bindTo(meters);
    }

    public static DataDir open(Path root, Plant plant) {
        return open(root, plant, Ledger.Options.defaults());
    }

    /** Opens the folder with a ledger segment size and backlog bound other than the defaults. */
    public static DataDir open(Path root, Plant plant, Ledger.Options ledgerOptions) {
        return new DataDir(root, plant, ledgerOptions);
    }

    public Path root() {
        return root;
    }

    public Ledger ledger() {
        return ledger;
    }

    public CollectorKey key() {
        return key;
    }

    public EvidenceLog evidence() {
        return evidence;
    }

    /** Submits checkpoints to the plant's witness and time-stamp authority, if it has them. */
    public Anchoring anchoring() {
        return anchoring;
    }

    public QuestDbStore store() {
        return store;
    }

    /** The meter registry connectors, ledger and store report to; Actuator binds it when a web app runs. */
    public MeterRegistry meters() {
        return meters;
    }

    /** Every connector of the plant, writing into this folder's ledger and keeping its state here. */
    public Connectors connectors(Plant plant) {
        return new Connectors(plant, ledger, root, meters);
    }

    public StoreWriter writer() {
        return writer;
    }

    /** Where accepted export files are kept, content-addressed. */
    public Path originals() {
        return root.resolve("imports");
    }

    @Override
    public void close() {
        writer.close();
        store.close();
        ledger.close();
    }
}
