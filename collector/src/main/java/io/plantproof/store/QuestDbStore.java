package io.plantproof.store;

import io.plantproof.files.DiskErrors;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.questdb.ServerMain;
import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.CairoException;
import io.questdb.cairo.TableToken;
import io.questdb.cairo.TableWriter;
import io.questdb.cairo.security.AllowAllSecurityContext;
import io.questdb.cairo.sql.RecordCursor;
import io.questdb.cairo.sql.RecordCursorFactory;
import io.questdb.cairo.wal.WalWriter;
import io.questdb.cairo.wal.seq.SeqTxnTracker;
import io.questdb.cairo.wal.seq.TableSequencerAPI;
import io.questdb.griffin.SqlException;
import io.questdb.griffin.SqlExecutionContextImpl;
import io.questdb.griffin.engine.functions.bind.BindVariableServiceImpl;
import io.questdb.log.LogFactory;
import io.questdb.std.Chars;
import io.questdb.std.Numbers;
import io.questdb.std.Rnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The default {@link SampleStore}: QuestDB running in-process ({@link ServerMain}) with one WAL table
 * {@code samples} whose DEDUP UPSERT KEYS(ts, device, signal) make replays idempotent; {@code server_ts} is null
 * where the source gave no server time. Samples QuestDB can never store (a timestamp before 1970 or after 9999) are
 * refused by name ({@link StoreRejectedException}); a full disk or any other failure is {@link StoreUnavailableException},
 * and a table QuestDB suspended (a full disk while applying its WAL) is resumed at the next write.
 */
public final class QuestDbStore implements SampleStore {

    private static final Logger LOG = LoggerFactory.getLogger(QuestDbStore.class);

    /** Passed as PG wire port: do not serve PG wire at all. */
    public static final int PG_DISABLED = -1;
    /** Passed as PG wire port: serve PG wire on a free loopback port, see {@link #pgPort()}. */
    public static final int PG_ANY_PORT = 0;

    private static final String TABLE = "samples";
    private static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofSeconds(60);
    private static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
            + "ts TIMESTAMP, device SYMBOL, signal SYMBOL, value DOUBLE, status LONG, provenance SYMBOL, server_ts TIMESTAMP"
            + ") TIMESTAMP(ts) PARTITION BY DAY WAL DEDUP UPSERT KEYS(ts, device, signal)";
    /** Tables created before the server time was stored lack the column; their rows read it as null (unknown). */
    private static final String ADD_SERVER_TS = "ALTER TABLE " + TABLE + " ADD COLUMN server_ts TIMESTAMP";
    private static final String RANGE = " FROM " + TABLE + " WHERE device = $1 AND signal = $2 AND ts >= $3 AND ts < $4";
    private static final String SCAN = "SELECT ts, value, status, provenance, server_ts" + RANGE + " ORDER BY ts";
    private static final String COUNT = "SELECT count()" + RANGE;
    // QuestDB always adds ADVISORY (its startup banner) to any level and writes to fd 1 natively, so a
    // console writer would flood stdout; errors go to root/log instead, and INFO is dropped.
    private static final String LOG_CONF = """
            writers=file
            w.file.class=io.questdb.log.LogFileWriter
            w.file.location=${log.dir}/questdb.log
            w.file.level=ERROR,CRITICAL
            """;
    private static final Provenance[] PROVENANCES = Provenance.values();
    /** QuestDB's designated timestamp range in microseconds: 1970-01-01 to 9999-12-31T23:59:59.999999. */
    private static final long MAX_MICROS = 253_402_300_799_999_999L;
    private static final String RESUME_WAL = "ALTER TABLE " + TABLE + " RESUME WAL";

    private final ServerMain server;
    private final Path root;
    private final CairoEngine engine;
    private final TableToken table;
    private final int pgPort;
    private final int deviceColumn;
    private final int signalColumn;
    private final int valueColumn;
    private final int statusColumn;
    private final int provenanceColumn;
    private final int serverTsColumn;
    private volatile boolean closed;

    private QuestDbStore(ServerMain server, Path root, int pgPort) throws SqlException {
        this.server = server;
        this.root = root;
        this.engine = server.getEngine();
        this.pgPort = pgPort;
        try (SqlExecutionContextImpl context = newContext(new BindVariableServiceImpl(engine.getConfiguration()))) {
            engine.execute(CREATE_TABLE, context);
        }
        this.table = engine.verifyTableName(TABLE);
        addServerTsIfMissing();
        try (WalWriter writer = engine.getWalWriter(table)) {
            var metadata = writer.getMetadata();
            deviceColumn = metadata.getColumnIndex("device");
            signalColumn = metadata.getColumnIndex("signal");
            valueColumn = metadata.getColumnIndex("value");
            statusColumn = metadata.getColumnIndex("status");
            provenanceColumn = metadata.getColumnIndex("provenance");
            serverTsColumn = metadata.getColumnIndex("server_ts");
        }
    }

    private void addServerTsIfMissing() throws SqlException {
        try (WalWriter writer = engine.getWalWriter(table)) {
            if (writer.getMetadata().getColumnIndexQuiet("server_ts") >= 0) {
                return;
            }
        }
        try (SqlExecutionContextImpl context = newContext(new BindVariableServiceImpl(engine.getConfiguration()))) {
            engine.execute(ADD_SERVER_TS, context);
        }
        // Scans name the column, which readers see only once the WAL has applied the change.
        awaitVisible();
    }

    /** Opens (or creates) the store under {@code dataDir/questdb} without PG wire. */
    public static QuestDbStore open(Path dataDir) {
        return open(dataDir, PG_DISABLED);
    }

    /**
     * Opens (or creates) the store under {@code dataDir/questdb}; {@code pgPort} is a loopback PG wire
     * port, {@link #PG_ANY_PORT} for a free one or {@link #PG_DISABLED} for none.
     */
    public static QuestDbStore open(Path dataDir, int pgPort) {
        Path root = dataDir.resolve("questdb");
        writeLogConf(root);
        // QuestDB's logger is a JVM-wide singleton initialised by the first class that logs, possibly
        // before Bootstrap points it at root; set the root first so our log.conf is the one read.
        LogFactory.configureRootDir(root.toString());
        ServerMain server = null;
        try {
            server = ServerMain.create(root.toString(), serverEnv(pgPort));
            server.start(false);
            // DDL right after start can collide with the startup metadata hydration threads.
            server.awaitStartup();
            int boundPgPort = pgPort == PG_DISABLED ? PG_DISABLED : server.getPgWireServerPort();
            return new QuestDbStore(server, root, boundPgPort);
        } catch (Throwable e) {
            if (server != null) {
                server.close();
            }
            throw new StoreUnavailableException("cannot open QuestDB under " + root
                    + (DiskErrors.isDiskFull(e) ? ": " + DiskErrors.diskFull(root) + "; free space on it and start again" : ""), e);
        }
    }

    private static Map<String, String> serverEnv(int pgPort) {
        boolean pg = pgPort != PG_DISABLED;
        Map<String, String> env = new HashMap<>(Map.of(
                "QDB_HTTP_ENABLED", "false",
                "QDB_HTTP_MIN_ENABLED", "false",
                "QDB_LINE_TCP_ENABLED", "false",
                "QDB_LINE_UDP_ENABLED", "false",
                "QDB_TELEMETRY_ENABLED", "false",
                "QDB_TELEMETRY_DISABLE_COMPLETELY", "true",
                "QDB_PG_ENABLED", Boolean.toString(pg),
                "QDB_PG_NET_BIND_TO", "127.0.0.1:" + Math.max(pgPort, 0)));
        env.putAll(SMALL_BOX_WORKERS);
        return env;
    }

    /**
     * One thread per QuestDB worker pool instead of one per core each (two pools of two on a 2-core box), and idle workers
     * park for 100 ms instead of 10: the collector writes one transaction a second, so more threads and earlier wake-ups
     * only cost the CPU the connectors need (docs/ledger.md, "Store threads").
     */
    private static final Map<String, String> SMALL_BOX_WORKERS = Map.ofEntries(
            Map.entry("QDB_SHARED_NETWORK_WORKER_COUNT", "1"),
            Map.entry("QDB_SHARED_QUERY_WORKER_COUNT", "1"),
            Map.entry("QDB_SHARED_WRITE_WORKER_COUNT", "1"),
            Map.entry("QDB_WAL_APPLY_WORKER_COUNT", "1"),
            Map.entry("QDB_MAT_VIEW_REFRESH_WORKER_COUNT", "1"),
            Map.entry("QDB_VIEW_COMPILER_WORKER_COUNT", "1"),
            Map.entry("QDB_SHARED_WORKER_SLEEP_TIMEOUT", "100"),
            Map.entry("QDB_WAL_APPLY_WORKER_SLEEP_TIMEOUT", "100"),
            Map.entry("QDB_MAT_VIEW_REFRESH_WORKER_SLEEP_TIMEOUT", "100"),
            Map.entry("QDB_VIEW_COMPILER_WORKER_SLEEP_TIMEOUT", "100"),
            Map.entry("QDB_EXPORT_WORKER_SLEEP_TIMEOUT", "100"));

    private static void writeLogConf(Path root) {
        try {
            Path conf = root.resolve("conf");
            Files.createDirectories(conf);
            Files.writeString(conf.resolve("log.conf"), LOG_CONF);
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot prepare QuestDB directory " + root + ": " + DiskErrors.describe(e, root),
                    new UncheckedIOException(e));
        }
    }

    /** The loopback PG wire port actually bound, or {@link #PG_DISABLED}. */
    public int pgPort() {
        return pgPort;
    }

    @Override
    public void write(List<Sample> samples) {
        if (samples.isEmpty()) {
            return;
        }
        ensureOpen();
        refuseUnstorable(samples);
        resumeIfSuspended();
        try (WalWriter writer = engine.getWalWriter(table)) {
            try {
                for (Sample sample : samples) {
                    TableWriter.Row row = writer.newRow(sample.epochMillis() * 1000L);
                    row.putSym(deviceColumn, sample.device());
                    row.putSym(signalColumn, sample.signal());
                    row.putDouble(valueColumn, sample.value());
                    row.putLong(statusColumn, sample.status());
                    row.putSym(provenanceColumn, sample.provenance().name());
                    if (sample.serverTimeKnown()) {
                        row.putTimestamp(serverTsColumn, sample.serverMillis() * 1000L);
                    }
                    row.append();
                }
                writer.commit();
            } catch (RuntimeException e) {
                // A pooled writer must not carry half a batch into the next write.
                writer.rollback();
                throw e;
            }
        } catch (CairoException e) {
            if (refusesData(e)) {
                throw new StoreRejectedException("QuestDB refused a batch of " + samples.size() + " samples: " + e.getFlyweightMessage(), e);
            }
            throw unavailable("QuestDB could not write a batch of " + samples.size() + " samples", e);
        } catch (RuntimeException e) {
            throw unavailable("QuestDB could not write a batch of " + samples.size() + " samples", e);
        }
    }

    /** Refuses, by index and reason, the samples QuestDB could never store, before anything is written. */
    private static void refuseUnstorable(List<Sample> samples) {
        SortedMap<Integer, String> refused = new TreeMap<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            if (s.epochMillis() < 0) {
                refused.put(i, "timestamp " + s.epochMillis() + " ms is before 1970-01-01, which QuestDB cannot store");
            } else if (s.epochMillis() > MAX_MICROS / 1000L) {
                refused.put(i, "timestamp " + s.epochMillis() + " ms is after 9999-12-31, which QuestDB cannot store");
            } else if (s.serverTimeKnown() && (s.serverMillis() > Long.MAX_VALUE / 1000L || s.serverMillis() <= Long.MIN_VALUE / 1000L)) {
                refused.put(i, "server time " + s.serverMillis() + " ms does not fit QuestDB's microsecond timestamps");
            }
        }
        if (!refused.isEmpty()) {
            throw new StoreRejectedException(refused);
        }
    }

    /** A complaint about the data itself (QuestDB's non-critical errors), as opposed to the disk or the engine. */
    private static boolean refusesData(CairoException e) {
        return e.getErrno() == CairoException.NON_CRITICAL && !e.isCritical() && !e.isInterruption() && !e.isCancellation()
                && !e.isOutOfMemory() && !DiskErrors.isDiskFull(e);
    }

    private StoreUnavailableException unavailable(String what, Throwable e) {
        return new StoreUnavailableException(what + ": " + (DiskErrors.isDiskFull(e) ? DiskErrors.diskFull(root) : e.getMessage()), e);
    }

    /**
     * QuestDB suspends a WAL table when applying it fails (a full disk); nothing written becomes visible until it is
     * resumed, which is tried before each write once the cause may be gone.
     */
    private void resumeIfSuspended() {
        SeqTxnTracker tracker = engine.getTableSequencerAPI().getTxnTracker(table);
        if (!tracker.isSuspended()) {
            return;
        }
        String error = tracker.getErrorMessage();
        try (SqlExecutionContextImpl context = newContext(new BindVariableServiceImpl(engine.getConfiguration()))) {
            engine.execute(RESUME_WAL, context);
            LOG.warn("QuestDB table {} was suspended ({}); resumed", TABLE, error);
        } catch (SqlException | CairoException e) {
            throw unavailable("QuestDB suspended table " + TABLE + " (" + error + ") and cannot resume it yet", e);
        }
    }

    @Override
    public void scan(String device, String signal, long fromMillis, long toMillis, Consumer<Sample> consumer) {
        ensureOpen();
        try (SqlExecutionContextImpl context = rangeContext(device, signal, fromMillis, toMillis);
             RecordCursorFactory factory = engine.select(SCAN, context);
             RecordCursor cursor = factory.getCursor(context)) {
            // Fully qualified: an import would clash with java.lang.Record.
            io.questdb.cairo.sql.Record record = cursor.getRecord();
            while (cursor.hasNext()) {
                consumer.accept(new Sample(
                        device,
                        signal,
                        record.getTimestamp(0) / 1000L,
                        record.getDouble(1),
                        record.getLong(2),
                        provenance(record.getSymA(3)),
                        serverMillis(record.getTimestamp(4))));
            }
        } catch (SqlException | CairoException e) {
            throw new StoreUnavailableException("cannot scan " + device + "/" + signal, e);
        }
    }

    @Override
    public long count(String device, String signal, long fromMillis, long toMillis) {
        ensureOpen();
        try (SqlExecutionContextImpl context = rangeContext(device, signal, fromMillis, toMillis);
             RecordCursorFactory factory = engine.select(COUNT, context);
             RecordCursor cursor = factory.getCursor(context)) {
            return cursor.hasNext() ? cursor.getRecord().getLong(0) : 0L;
        } catch (SqlException | CairoException e) {
            throw new StoreUnavailableException("cannot count " + device + "/" + signal, e);
        }
    }

    @Override
    public void awaitVisible() {
        awaitVisible(DEFAULT_VISIBILITY_TIMEOUT);
    }

    /** Blocks until every WAL transaction committed before this call is applied, or throws after {@code timeout}. */
    public void awaitVisible(Duration timeout) {
        ensureOpen();
        TableSequencerAPI sequencer = engine.getTableSequencerAPI();
        long target = sequencer.lastTxn(table);
        long deadline = System.nanoTime() + timeout.toNanos();
        SeqTxnTracker tracker = sequencer.getTxnTracker(table);
        while (tracker.getWriterTxn() < target) {
            if (tracker.isSuspended()) {
                String error = String.valueOf(tracker.getErrorMessage());
                throw new StoreUnavailableException("QuestDB suspended table " + TABLE + ": "
                        + (error.contains("[28]") ? DiskErrors.diskFull(root) + " (" + error + ")" : error), null);
            }
            if (System.nanoTime() > deadline) {
                throw new StoreUnavailableException("WAL of " + TABLE + " not applied within " + timeout
                        + " (applied " + tracker.getWriterTxn() + " of " + target + ")", null);
            }
            sleepBriefly();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            server.close();
        }
    }

    private SqlExecutionContextImpl rangeContext(String device, String signal, long fromMillis, long toMillis) throws SqlException {
        BindVariableServiceImpl binds = new BindVariableServiceImpl(engine.getConfiguration());
        binds.setStr(0, device);
        binds.setStr(1, signal);
        binds.setTimestamp(2, boundToMicros(fromMillis));
        binds.setTimestamp(3, boundToMicros(toMillis));
        return newContext(binds);
    }

    private SqlExecutionContextImpl newContext(BindVariableServiceImpl binds) {
        return new SqlExecutionContextImpl(engine, 1).with(AllowAllSecurityContext.INSTANCE, binds, new Rnd());
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreUnavailableException("QuestDB store is closed", null);
        }
    }

    /** Saturates instead of overflowing so callers may pass Long.MIN/MAX_VALUE as open bounds; MIN_VALUE is QuestDB's NULL. */
    private static long boundToMicros(long epochMillis) {
        if (epochMillis > Long.MAX_VALUE / 1000L) {
            return Long.MAX_VALUE;
        }
        if (epochMillis <= Long.MIN_VALUE / 1000L) {
            return Long.MIN_VALUE + 1;
        }
        return epochMillis * 1000L;
    }

    private static long serverMillis(long micros) {
        return micros == Numbers.LONG_NULL ? Sample.UNKNOWN_SERVER_TIME : micros / 1000L;
    }

    private static Provenance provenance(CharSequence name) {
        for (Provenance provenance : PROVENANCES) {
            if (Chars.equals(name, provenance.name())) {
                return provenance;
            }
        }
        throw new IllegalStateException("unknown provenance in store: " + name);
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for WAL apply", e);
        }
    }
}
