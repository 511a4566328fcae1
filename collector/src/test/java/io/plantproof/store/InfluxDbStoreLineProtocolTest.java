package io.plantproof.store;

import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.questdb.ServerMain;
import io.questdb.cairo.security.AllowAllSecurityContext;
import io.questdb.cairo.sql.RecordCursor;
import io.questdb.cairo.sql.RecordCursorFactory;
import io.questdb.griffin.SqlExecutionContextImpl;
import io.questdb.griffin.engine.functions.bind.BindVariableServiceImpl;
import io.questdb.std.Rnd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The InfluxDB write path against a real line-protocol server that runs without Docker: QuestDB's
 * HTTP {@code /api/v2/write}, started in-process on a free loopback port. Batching, gzip, the token
 * header and the line protocol must all be accepted, and every row must arrive with its values.
 */
class InfluxDbStoreLineProtocolTest {

    private static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path dir;

    private ServerMain questdb;

    @BeforeEach
    void startQuestDb() {
        questdb = ServerMain.create(dir.toString(), Map.of(
                "QDB_HTTP_ENABLED", "true",
                "QDB_HTTP_BIND_TO", "127.0.0.1:0",
                "QDB_HTTP_MIN_ENABLED", "false",
                "QDB_PG_ENABLED", "false",
                "QDB_LINE_TCP_ENABLED", "false",
                "QDB_LINE_UDP_ENABLED", "false",
                "QDB_TELEMETRY_ENABLED", "false",
                "QDB_TELEMETRY_DISABLE_COMPLETELY", "true"));
        questdb.start(false);
        questdb.awaitStartup();
    }

    @AfterEach
    void stopQuestDb() {
        questdb.close();
    }

    private InfluxDbStore.Settings settings() {
        // batches of 1,000 so the 2,500 samples below take three requests
        InfluxDbStore.Settings s = InfluxDbStore.Settings.of("http://127.0.0.1:" + questdb.getHttpServerPort(),
                "plant-token", "plant", "plantproof");
        return new InfluxDbStore.Settings(s.url(), s.token(), s.org(), s.bucket(), 1_000, 1, Duration.ofMillis(50), s.queryTimeout());
    }

    @Test
    void everySampleWrittenArrivesAsOneRowWithTagsAndFields() throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            samples.add(new Sample("press \"1\"", "power,kW", T0 + i * 1_000L, i * 0.5, i % 3,
                    i % 2 == 0 ? Provenance.MEASURED : Provenance.IMPORTED, i % 2 == 0 ? T0 + i * 1_000L - 7 : Sample.UNKNOWN_SERVER_TIME));
        }
        try (InfluxDbStore store = InfluxDbStore.connect(settings())) {
            store.write(samples);
        }

        List<String> rows = query("SELECT device, signal, value, status, provenance, timestamp, server_ms FROM samples ORDER BY timestamp");

        assertThat(rows).hasSize(samples.size());
        assertThat(rows.get(0)).isEqualTo("press \"1\"|power,kW|0.0|0|MEASURED|" + T0 * 1000 + "|" + (T0 - 7));
        assertThat(rows.get(2_499)).isEqualTo("press \"1\"|power,kW|1249.5|0|IMPORTED|" + (T0 + 2_499_000L) * 1000 + "|0");
    }

    @Test
    void anUnreachableServerIsReportedAsStoreUnavailableAfterTheRetries() {
        int port = questdb.getHttpServerPort();
        questdb.close();
        InfluxDbStore.Settings s = settings();
        try (InfluxDbStore store = InfluxDbStore.connect(s)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.write(List.of(Sample.of("press-1", "power", T0, 1, Provenance.MEASURED))))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("127.0.0.1:" + port);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(s.retryDelay());
        }
    }

    /** Rows as "a|b|c" strings once the WAL has applied; QuestDB's table is created by the first write. */
    private List<String> query(String sql) throws Exception {
        var engine = questdb.getEngine();
        var table = engine.verifyTableName("samples");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        var tracker = engine.getTableSequencerAPI().getTxnTracker(table);
        while (tracker.getWriterTxn() < engine.getTableSequencerAPI().lastTxn(table) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        List<String> rows = new ArrayList<>();
        try (SqlExecutionContextImpl ctx = new SqlExecutionContextImpl(engine, 1)
                .with(AllowAllSecurityContext.INSTANCE, new BindVariableServiceImpl(engine.getConfiguration()), new Rnd());
             RecordCursorFactory factory = engine.select(sql, ctx);
             RecordCursor cursor = factory.getCursor(ctx)) {
            io.questdb.cairo.sql.Record r = cursor.getRecord();
            while (cursor.hasNext()) {
                StringBuilder row = new StringBuilder();
                row.append(r.getSymA(0)).append('|').append(r.getSymA(1)).append('|').append(r.getDouble(2)).append('|')
                        .append(r.getLong(3)).append('|').append(r.getVarcharA(4)).append('|').append(r.getTimestamp(5))
                        .append('|').append(r.getLong(6));
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
