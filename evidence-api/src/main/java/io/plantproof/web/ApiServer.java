package io.plantproof.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.plantproof.collector.Connectors;
import io.plantproof.collector.DataDir;
import io.plantproof.evidence.BundleJson;
import io.plantproof.metrics.EnergyCoefficients;
import io.plantproof.metrics.MetricEngine;
import io.plantproof.metrics.MetricReport;
import io.plantproof.metrics.Period;
import io.plantproof.plant.Plant;
import io.plantproof.rules.RuleEngine;
import io.plantproof.rules.RuleSet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal read-only REST API on loopback: live indicators against the rule thresholds and the
 * health of the connectors, ledger and store. The full web UI with roles is a later step.
 */
public final class ApiServer implements AutoCloseable {

    private final HttpServer server;

    public ApiServer(Plant plant, DataDir data, Connectors connectors, Period baseline, Period current, int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        server.createContext("/api/health", ex -> {
            Map<String, Object> health = new LinkedHashMap<>();
            health.put("connectors", connectors == null ? "not running in this process" : connectors.status());
            health.put("ledger", data.ledger().status());
            health.put("storeBacklog", data.writer().backlog());
            health.put("storeError", data.writer().lastError());
            health.put("collectorKey", data.key().fingerprint());
            send(ex, 200, health);
        });
        server.createContext("/api/indicators", ex -> {
            String type = query(ex, "type", "digital-workshop");
            try {
                MetricReport report = MetricEngine.forRules(plant, EnergyCoefficients.gbt2589(), RuleSet.forType(type)).compute(data.store(), baseline, current, Instant.now());
                send(ex, 200, Map.of("report", report, "rules", RuleEngine.apply(RuleSet.forType(type), report)));
            } catch (IllegalArgumentException e) {
                send(ex, 400, Map.of("error", e.getMessage()));
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String query(HttpExchange ex, String name, String fallback) {
        String q = ex.getRequestURI().getQuery();
        if (q != null) {
            for (String kv : q.split("&")) {
                if (kv.startsWith(name + "=")) {
                    return kv.substring(name.length() + 1);
                }
            }
        }
        return fallback;
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = BundleJson.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
