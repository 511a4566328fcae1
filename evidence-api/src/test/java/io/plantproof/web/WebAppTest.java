package io.plantproof.web;

import io.plantproof.collector.Connectors;
import io.plantproof.collector.DataDir;
import io.plantproof.metrics.Period;
import io.plantproof.plant.Plant;
import io.plantproof.sim.DemoPlant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web app against a real data folder and real connectors whose OPC UA server and MQTT broker
 * are down: Actuator reports the connectors DOWN, ledger and store UP, and shows the connector meters.
 */
class WebAppTest {

    @TempDir
    static Path dir;
    static DataDir data;
    static Connectors connectors;
    static ConfigurableApplicationContext web;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // nothing listens here once the socket is closed
        }
        Plant plant = DemoPlant.plant("opc.tcp://127.0.0.1:" + closed + "/none", "tcp://127.0.0.1:" + closed, dir.toString());
        data = DataDir.open(dir.resolve("data"), plant);
        connectors = data.connectors(plant).start();
        LocalDate today = LocalDate.now(plant.zone());
        web = WebApp.start(new WebContext(plant, data, connectors, new Period(today.minusYears(1), today.minusYears(1)),
                new Period(today, today)), 0);
    }

    @AfterAll
    static void stop() {
        web.close();
        connectors.close();
        data.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(WebApp.url(web) + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthNamesTheDisconnectedConnectorsAndTheHealthyLedgerAndStore() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode body = JsonMapper.builder().build().readTree(health.body());
        assertThat(body.at("/components/connectors/status").asString()).isEqualTo("DOWN");
        assertThat(body.at("/components/connectors/details/status").asString()).contains("opcua 0 samples, DISCONNECTED")
                .contains("mqtt 0 messages, DISCONNECTED");
        assertThat(body.at("/components/ledger/status").asString()).isEqualTo("UP");
        assertThat(body.at("/components/ledger/details/ledger/refusing").asBoolean()).isFalse();
        assertThat(body.at("/components/store/status").asString()).isEqualTo("UP");
        assertThat(body.at("/components/diskSpace/details/path").asString()).isEqualTo(data.root().toAbsolutePath().toString());
        assertThat(body.at("/components/diskSpace/details/threshold").asLong()).isEqualTo(2L << 30);
    }

    @Test
    void actuatorShowsTheLedgerStoreAndEvidenceMeters() throws Exception {
        HttpResponse<String> records = get("/actuator/metrics/plantproof.ledger.records");
        assertThat(records.statusCode()).isEqualTo(200);
        assertThat(records.body()).contains("\"value\":" + (double) data.ledger().nextSeq());
        for (String meter : List.of("plantproof.ledger.backlog.bytes", "plantproof.ledger.refusing", "plantproof.ledger.intact",
                "plantproof.ledger.fsyncs", "plantproof.store.backlog.records", "plantproof.store.up", "plantproof.evidence.leaves",
                "disk.free")) {
            assertThat(get("/actuator/metrics/" + meter).statusCode()).as(meter).isEqualTo(200);
        }
        assertThat(get("/actuator/metrics/plantproof.ledger.intact").body()).contains("\"value\":1.0");
        assertThat(get("/actuator/metrics/plantproof.store.up").body()).contains("\"value\":1.0");
    }

    @Test
    void actuatorShowsTheConnectorMeters() throws Exception {
        HttpResponse<String> opcua = get("/actuator/metrics/plantproof.opcua.connected");
        assertThat(opcua.statusCode()).isEqualTo(200);
        assertThat(opcua.body()).contains("\"value\":0.0").contains("line1");
        HttpResponse<String> mqtt = get("/actuator/metrics/plantproof.mqtt.connected");
        assertThat(mqtt.statusCode()).isEqualTo(200);
        assertThat(mqtt.body()).contains("\"value\":0.0").contains("gateway");
        assertThat(get("/actuator/metrics/plantproof.mqtt.dead.letters").body()).contains("\"value\":0.0");
    }

    @Test
    void indicatorsAnswerInTheMetricsJsonSchemaAndRefuseAnUnknownType() throws Exception {
        HttpResponse<String> ok = get("/api/indicators?type=smart-factory");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"ruleSet\":\"shaoxing-2025/smart-factory\"").contains("\"cnc_rate\"");
        HttpResponse<String> bad = get("/api/indicators?type=nonsense");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("unknown application type 'nonsense' (smart-factory or digital-workshop)");
    }
}
