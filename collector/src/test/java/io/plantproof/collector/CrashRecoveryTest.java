package io.plantproof.collector;

import io.plantproof.ledger.Ledger;
import io.plantproof.sample.Sample;
import io.plantproof.store.QuestDbStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILLs a collector process ({@link CrashWorker}) while it appends and drains into QuestDB, restarts
 * it, and repeats ({@code -Dplantproof.crash.kills}, 3 by default; the full run is 10). After
 * every restart the ledger must read back with its chain intact and hold every acknowledged batch; at
 * the end every acknowledged sample must be in the store exactly once.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedSampleSurvivesRepeatedKillsExactlyOnce() throws Exception {
        int kills = Integer.getInteger("plantproof.crash.kills", 3);
        Random random = new Random(42);
        long highestAck = -1;
        int acknowledged = 0;
        for (int k = 0; k < kills; k++) {
            Worker worker = Worker.start(dir);
            worker.awaitLine("ACK ", 60);
            Thread.sleep(300 + random.nextInt(700));
            worker.process.destroyForcibly();
            assertThat(worker.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            worker.reader.join(5_000);

            long chain = worker.chainRecords();
            assertThat(chain).as("restart %d reads back every batch acknowledged before", k).isGreaterThan(highestAck);
            List<Long> acks = worker.acks();
            assertThat(acks).isNotEmpty();
            assertThat(acks.get(0)).as("ids continue where the ledger ended").isEqualTo(chain);
            highestAck = acks.get(acks.size() - 1);
            acknowledged += acks.size();
        }
        Worker last = Worker.start(dir, "drain");
        assertThat(last.process.waitFor(120, TimeUnit.SECONDS)).as("final drain finishes").isTrue();
        last.reader.join(5_000);
        assertThat(last.lines).contains("DRAINED");
        assertThat(last.chainRecords()).isGreaterThan(highestAck);

        long ledgerRecords;
        try (Ledger ledger = Ledger.open(dir.resolve("ledger"), 64 * 1024)) {
            long[] n = {0};
            ledger.read(0, e -> n[0]++);
            ledgerRecords = n[0];
        }
        List<Sample> stored = new ArrayList<>();
        try (QuestDbStore store = QuestDbStore.open(dir)) {
            store.awaitVisible();
            store.scan("press-1", "power", Long.MIN_VALUE, Long.MAX_VALUE, stored::add);
        }
        System.out.printf("crash test: %d kills, %,d batches acknowledged, %,d in the ledger (the rest were durable "
                + "but killed before their ACK was printed), %,d samples stored%n", kills, acknowledged, ledgerRecords, stored.size());
        assertThat(stored).hasSize((int) ledgerRecords * CrashWorker.SAMPLES_PER_BATCH);
        for (int i = 0; i < stored.size(); i++) {
            Sample expected = CrashWorker.batch(i / CrashWorker.SAMPLES_PER_BATCH).samples().get(i % CrashWorker.SAMPLES_PER_BATCH);
            assertThat(stored.get(i)).isEqualTo(expected);
        }
    }

    /** One run of the worker process and the lines it printed. */
    private record Worker(Process process, Thread reader, List<String> lines) {

        static Worker start(Path dir, String... extra) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", System.getProperty("java.class.path"), CrashWorker.class.getName(), dir.toString()));
            command.addAll(List.of(extra));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the process was killed mid-line; what was read is what it acknowledged
                }
            }, "crash-worker-output");
            reader.start();
            return new Worker(process, reader, lines);
        }

        void awaitLine(String prefix, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (lines.stream().noneMatch(l -> l.startsWith(prefix))) {
                assertThat(process.isAlive()).as("worker alive; output so far: %s", lines).isTrue();
                assertThat(System.nanoTime()).as("'%s' within %d s; output so far: %s", prefix, seconds, lines).isLessThan(deadline);
                Thread.sleep(20);
            }
        }

        long chainRecords() {
            return lines.stream().filter(l -> l.startsWith("CHAIN OK ")).map(l -> Long.parseLong(l.split(" ")[2]))
                    .findFirst().orElseThrow(() -> new AssertionError("no CHAIN OK line; output: " + lines));
        }

        /** Only complete lines count: a line cut by the kill was not fully printed, so not acknowledged. */
        List<Long> acks() {
            return lines.stream().filter(l -> l.matches("ACK \\d+")).map(l -> Long.parseLong(l.substring(4))).toList();
        }
    }
}
