package io.plantproof.store;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import com.influxdb.exceptions.InfluxException;
import com.influxdb.query.FluxRecord;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A {@link SampleStore} on InfluxDB 2.x: measurement {@code samples}, tags {@code device} and {@code signal},
 * fields {@code value}, {@code status}, {@code provenance} and {@code server_ms}. Provenance is a field, not a tag, because
 * InfluxDB identifies a point by its tags and time: as a tag, rewriting a key with another provenance would
 * add a second point instead of replacing it, breaking idempotency per (device, signal, timestamp).
 */
public final class InfluxDbStore implements SampleStore {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxDbStore.class);
    private static final String MEASUREMENT = "samples";
    // InfluxDB timestamps are int64 nanoseconds; open bounds are clamped to that range.
    private static final long MIN_MILLIS = Long.MIN_VALUE / 1_000_000L + 1;
    private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000L;
    private static final Provenance[] PROVENANCES = Provenance.values();

    private final Settings settings;
    private final InfluxDBClient client;
    private final WriteApiBlocking writer;
    private volatile boolean closed;

    /**
     * Where and how to write: server URL, API token, organisation and bucket; points per HTTP request;
     * retries of a failed request (429, 5xx, network) with doubling delay before the store counts as down.
     */
    public record Settings(String url, String token, String org, String bucket, int batchSize, int retries,
                           Duration retryDelay, Duration queryTimeout) {

        /** 5,000 points per request, 3 retries from 1 s, queries time out after 60 s. */
        public static Settings of(String url, String token, String org, String bucket) {
            return new Settings(url, token, org, bucket, 5_000, 3, Duration.ofSeconds(1), Duration.ofSeconds(60));
        }

        public Settings withRetries(int count, Duration firstDelay) {
            return new Settings(url, token, org, bucket, batchSize, count, firstDelay, queryTimeout);
        }
    }

    private InfluxDbStore(Settings settings) {
        this.settings = settings;
        this.client = InfluxDBClientFactory.create(InfluxDBClientOptions.builder()
                .url(settings.url())
                .authenticateToken(settings.token().toCharArray())
                .org(settings.org())
                .bucket(settings.bucket())
                .precision(WritePrecision.MS)
                .build());
        // Line protocol compresses about tenfold; the CPU is cheaper than the plant's uplink.
        client.enableGzip();
        // Blocking writes: the store writer advances its ledger offset only after InfluxDB has the data.
        // The batching WriteApi acknowledges before sending and reports failures out of band.
        this.writer = client.getWriteApiBlocking();
    }

    /** Connects (lazily: the first write or scan reaches the server) to the bucket in {@code settings}. */
    public static InfluxDbStore connect(Settings settings) {
        return new InfluxDbStore(settings);
    }

    @Override
    public void write(List<Sample> samples) {
        ensureOpen();
        for (int from = 0; from < samples.size(); from += settings.batchSize()) {
            List<Sample> part = samples.subList(from, Math.min(samples.size(), from + settings.batchSize()));
            List<Point> points = new ArrayList<>(part.size());
            for (Sample s : part) {
                points.add(point(s));
            }
            writeWithRetries(points);
        }
    }

    private static Point point(Sample s) {
        // A NaN value is left out (line protocol has no NaN); status and provenance keep the point, and scan reads NaN back.
        // server_ms is written even when unknown (0): a rewrite keeps the fields it omits, so leaving it out would keep a stale one.
        return Point.measurement(MEASUREMENT)
                .addTag("device", s.device())
                .addTag("signal", s.signal())
                .addField("value", s.value())
                .addField("status", s.status())
                .addField("provenance", s.provenance().name())
                .addField("server_ms", s.serverMillis())
                .time(s.epochMillis(), WritePrecision.MS);
    }

    private void writeWithRetries(List<Point> points) {
        long delay = settings.retryDelay().toMillis();
        for (int attempt = 0; ; attempt++) {
            try {
                writer.writePoints(points);
                return;
            } catch (InfluxException e) {
                if (e.status() == 400 || e.status() == 422) {
                    // a point InfluxDB cannot take (time out of its range, a field of another type): the same again would fail too
                    throw new StoreRejectedException("InfluxDB refused the points (HTTP " + e.status() + "): " + e.getMessage(), e);
                }
                if (!retryable(e) || attempt >= settings.retries()) {
                    throw new StoreUnavailableException("InfluxDB " + settings.url() + " bucket " + settings.bucket()
                            + " refused " + points.size() + " points (HTTP " + e.status() + "): " + e.getMessage()
                            + (e.status() == 401 || e.status() == 403 ? "; check the API token and its write permission" : ""), e);
                }
                LOG.warn("InfluxDB write failed (HTTP {}: {}); retry {} of {} in {} ms", e.status(), e.getMessage(),
                        attempt + 1, settings.retries(), delay);
            } catch (RuntimeException e) {
                if (attempt >= settings.retries()) {
                    throw new StoreUnavailableException("InfluxDB " + settings.url() + " unreachable: " + e, e);
                }
                LOG.warn("InfluxDB write failed ({}); retry {} of {} in {} ms", e.toString(), attempt + 1, settings.retries(), delay);
            }
            sleep(delay);
            delay *= 2;
        }
    }

    /** Overload, server errors and network failures (status 0) pass; a bad request or bad token does not. */
    private static boolean retryable(InfluxException e) {
        return e.status() == 0 || e.status() == 429 || e.status() >= 500;
    }

    @Override
    public void scan(String device, String signal, long fromMillis, long toMillis, Consumer<Sample> consumer) {
        if (fromMillis >= toMillis) {
            return;
        }
        String flux = range(device, signal, fromMillis, toMillis)
                + " |> pivot(rowKey: [\"_time\"], columnKey: [\"_field\"], valueColumn: \"_value\")"
                + " |> group() |> sort(columns: [\"_time\"])";
        query(flux, r -> consumer.accept(new Sample(device, signal, r.getTime().toEpochMilli(),
                r.getValueByKey("value") instanceof Number v ? v.doubleValue() : Double.NaN,
                ((Number) r.getValueByKey("status")).longValue(),
                provenance((String) r.getValueByKey("provenance")),
                r.getValueByKey("server_ms") instanceof Number ms ? ms.longValue() : Sample.UNKNOWN_SERVER_TIME)),
                "scan " + device + "/" + signal);
    }

    @Override
    public long count(String device, String signal, long fromMillis, long toMillis) {
        if (fromMillis >= toMillis) {
            return 0;
        }
        // status is present on every point (value is not when it was NaN)
        String flux = range(device, signal, fromMillis, toMillis) + " |> filter(fn: (r) => r._field == \"status\") |> count()";
        long[] total = {0};
        query(flux, r -> total[0] += ((Number) r.getValue()).longValue(), "count " + device + "/" + signal);
        return total[0];
    }

    /** A blocking write returns once InfluxDB has accepted the points, and 2.x serves them to queries from then on. */
    @Override
    public void awaitVisible() {
        ensureOpen();
    }

    private String range(String device, String signal, long fromMillis, long toMillis) {
        return "from(bucket: " + flux(settings.bucket()) + ")"
                + " |> range(start: " + time(fromMillis) + ", stop: " + time(toMillis) + ")"
                + " |> filter(fn: (r) => r._measurement == " + flux(MEASUREMENT) + " and r.device == " + flux(device)
                + " and r.signal == " + flux(signal) + ")";
    }

    private static String time(long millis) {
        return Instant.ofEpochMilli(Math.max(MIN_MILLIS, Math.min(MAX_MILLIS, millis))).toString();
    }

    /** A Flux string literal; OSS 2.x has no query parameters, so names are escaped instead. */
    private static String flux(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("${", "\\${") + '"';
    }

    /** Streams a query's records and waits for the end, whether the client delivers them on this thread or another. */
    private void query(String flux, Consumer<FluxRecord> onRecord, String what) {
        ensureOpen();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<RuntimeException> consumerFailure = new AtomicReference<>();
        try {
            client.getQueryApi().query(flux, settings.org(), (cancellable, record) -> {
                try {
                    onRecord.accept(record);
                } catch (RuntimeException e) {
                    consumerFailure.set(e);
                    cancellable.cancel();
                    done.countDown();
                }
            }, e -> {
                failure.set(e);
                done.countDown();
            }, done::countDown);
            if (!done.await(settings.queryTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StoreUnavailableException("InfluxDB " + what + " did not finish within " + settings.queryTimeout(), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted during InfluxDB " + what, e);
        } catch (InfluxException e) {
            throw new StoreUnavailableException("InfluxDB " + what + " failed (HTTP " + e.status() + "): " + e.getMessage(), e);
        }
        if (consumerFailure.get() != null) {
            throw consumerFailure.get();
        }
        if (failure.get() != null) {
            throw new StoreUnavailableException("InfluxDB " + what + " failed: " + failure.get().getMessage(), failure.get());
        }
    }

    private static Provenance provenance(String name) {
        for (Provenance p : PROVENANCES) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalStateException("unknown provenance in InfluxDB: " + name);
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreUnavailableException("InfluxDB store is closed", null);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while retrying an InfluxDB write", e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            client.close();
        }
    }
}
