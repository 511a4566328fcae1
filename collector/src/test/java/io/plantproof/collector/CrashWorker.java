package io.plantproof.collector;

import io.plantproof.ledger.Ledger;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.store.QuestDbStore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link CrashRecoveryTest} kills: opens ledger, store and store writer in a data folder,
 * prints {@code CHAIN OK <records>} once the ledger has been read back and verified, then appends a
 * batch every few milliseconds and prints {@code ACK <id>} after each is durable. With {@code drain}
 * it instead waits until the store has the whole ledger and prints {@code DRAINED}.
 */
public final class CrashWorker {

    static final long T0 = 1_767_225_600_000L;
    static final int SAMPLES_PER_BATCH = 50;

    private CrashWorker() {
    }

    /** Batch {@code id}: its samples have timestamps T0 + id*50 + i and value id, so each is traceable. */
    static SampleBatch batch(long id) {
        List<Sample> samples = new ArrayList<>(SAMPLES_PER_BATCH);
        for (int i = 0; i < SAMPLES_PER_BATCH; i++) {
            samples.add(Sample.of("press-1", "power", T0 + id * SAMPLES_PER_BATCH + i, id, Provenance.MEASURED));
        }
        return new SampleBatch("crash-test", samples);
    }

    public static void main(String[] args) throws InterruptedException {
        Path data = Path.of(args[0]);
        Ledger ledger = Ledger.open(data.resolve("ledger"), 64 * 1024);
        long[] records = {0};
        ledger.read(0, e -> records[0]++);
        System.out.println("CHAIN OK " + records[0] + " discarded " + ledger.recovery().tornTailBytes());
        QuestDbStore store = QuestDbStore.open(data);
        StoreWriter writer = new StoreWriter(ledger, store, data.resolve("store.offset")).start();
        if (args.length > 1 && args[1].equals("drain")) {
            writer.drain();
            writer.close();
            store.close();
            ledger.close();
            System.out.println("DRAINED");
            return;
        }
        for (long id = ledger.nextSeq(); ; id++) {
            // single appender: the batch gets seq == id
            ledger.append(batch(id));
            System.out.println("ACK " + id);
            System.out.flush();
            Thread.sleep(2);
        }
    }
}
