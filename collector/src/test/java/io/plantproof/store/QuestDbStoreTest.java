package io.plantproof.store;

import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.questdb.ServerMain;
import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.security.AllowAllSecurityContext;
import io.questdb.griffin.SqlException;
import io.questdb.griffin.SqlExecutionContextImpl;
import io.questdb.griffin.engine.functions.bind.BindVariableServiceImpl;
import io.questdb.std.Rnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store contract on a real in-process QuestDB per test, plus what is QuestDB's own: reopening, adding the
 * server time column to a table created without it, PG wire, refusing writes once closed, and the bulk write rate.
 */
class QuestDbStoreTest extends SampleStoreContract {

    @TempDir
    Path dataDir;

    @Override
    SampleStore openEmptyStore() {
        return QuestDbStore.open(dataDir);
    }

    @Test
    void reopeningTheSameDirectoryKeepsTheData() {
        store.write(List.of(sample("press-1", "power", T0, 1.0)));
        store.awaitVisible();
        store.close();
        try (QuestDbStore reopened = QuestDbStore.open(dataDir)) {
            reopened.awaitVisible(Duration.ofSeconds(10));
            assertThat(reopened.count("press-1", "power", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(1);

            reopened.write(List.of(sample("press-1", "power", T0 + 86_400_000L, 2.0)));
            reopened.awaitVisible();

            List<Sample> scanned = new ArrayList<>();
            reopened.scan("press-1", "power", Long.MIN_VALUE, Long.MAX_VALUE, scanned::add);
            assertThat(scanned).containsExactly(
                    sample("press-1", "power", T0, 1.0),
                    sample("press-1", "power", T0 + 86_400_000L, 2.0));
        }
    }

    @Test
    void aTableCreatedWithoutServerTimesGainsTheColumnAndKeepsItsRows(@TempDir Path oldDir) throws SqlException, IOException {
        ServerMain old = ServerMain.create(Files.createDirectories(oldDir.resolve("questdb")).toString(), Map.of(
                "QDB_HTTP_ENABLED", "false", "QDB_HTTP_MIN_ENABLED", "false", "QDB_PG_ENABLED", "false",
                "QDB_LINE_TCP_ENABLED", "false", "QDB_LINE_UDP_ENABLED", "false", "QDB_TELEMETRY_DISABLE_COMPLETELY", "true"));
        try (old) {
            old.start(false);
            old.awaitStartup();
            CairoEngine engine = old.getEngine();
            try (SqlExecutionContextImpl context = new SqlExecutionContextImpl(engine, 1).with(AllowAllSecurityContext.INSTANCE,
                    new BindVariableServiceImpl(engine.getConfiguration()), new Rnd())) {
                // The schema as the release before server times created it.
                engine.execute("CREATE TABLE samples (ts TIMESTAMP, device SYMBOL, signal SYMBOL, value DOUBLE, status LONG, "
                        + "provenance SYMBOL) TIMESTAMP(ts) PARTITION BY DAY WAL DEDUP UPSERT KEYS(ts, device, signal)", context);
                engine.execute("INSERT INTO samples VALUES (" + T0 * 1000 + ", 'press-1', 'power', 1.0, 3, 'MEASURED')", context);
            }
        }

        try (QuestDbStore upgraded = QuestDbStore.open(oldDir)) {
            upgraded.write(List.of(new Sample("press-1", "power", T0 + 1_000, 2.0, 0L, Provenance.MEASURED, T0 + 1_004)));
            upgraded.awaitVisible();

            List<Sample> scanned = new ArrayList<>();
            upgraded.scan("press-1", "power", Long.MIN_VALUE, Long.MAX_VALUE, scanned::add);
            assertThat(scanned).containsExactly(
                    new Sample("press-1", "power", T0, 1.0, 3L, Provenance.MEASURED, Sample.UNKNOWN_SERVER_TIME),
                    new Sample("press-1", "power", T0 + 1_000, 2.0, 0L, Provenance.MEASURED, T0 + 1_004));
        }
        try (QuestDbStore reopened = QuestDbStore.open(oldDir)) {
            assertThat(reopened.count("press-1", "power", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(2);
        }
    }

    @Test
    void servesPgWireOnAFreeLoopbackPortWhenAsked() throws IOException {
        store.close();
        try (QuestDbStore withPg = QuestDbStore.open(dataDir, QuestDbStore.PG_ANY_PORT)) {
            assertThat(withPg.pgPort()).isPositive();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), withPg.pgPort())) {
                assertThat(socket.isConnected()).isTrue();
            }
        }
    }

    @Test
    void aClosedStoreRefusesWrites() {
        store.close();

        assertThatThrownBy(() -> store.write(List.of(sample("press-1", "power", T0, 1.0))))
                .isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void writesAMillionSamples() {
        int total = 1_000_000;
        List<Sample> batch = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            batch.add(sample("press-" + (i % 10), "power", T0 + (i / 10) * 100L, i));
        }
        long start = System.nanoTime();
        store.write(batch);
        long written = System.nanoTime();
        store.awaitVisible();
        long visible = System.nanoTime();

        System.out.printf("QuestDbStore: wrote %,d samples at %,.0f samples/s (%,.0f samples/s until visible)%n",
                total, total / seconds(written - start), total / seconds(visible - start));
        assertThat(store.count("press-3", "power", Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(total / 10);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
