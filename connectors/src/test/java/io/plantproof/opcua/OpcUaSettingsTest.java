package io.plantproof.opcua;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plantproof.plant.SignalKind;
import io.plantproof.plant.OpcUaConnection;
import io.plantproof.plant.OpcUaConnection.DataChangeTrigger;
import io.plantproof.plant.OpcUaConnection.DeadbandType;
import io.plantproof.plant.OpcUaConnection.KeyStoreEntry;
import io.plantproof.plant.OpcUaConnection.Monitoring;
import io.plantproof.plant.OpcUaConnection.SecurityMode;
import io.plantproof.plant.OpcUaConnection.SecurityPolicy;
import io.plantproof.plant.Plant;
import io.plantproof.plant.PlantFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * OPC UA settings as plant IT writes them: the sample config in deploy/opcua loads with every typed field, per-signal
 * monitoring overrides the connection field by field, passwords stay out of bundles, and settings that cannot work
 * stop the connector before it starts, naming the field.
 */
class OpcUaSettingsTest {

    private static final Path SAMPLE = Path.of("../deploy/opcua/plant-opcua.example.yml");

    @Test
    void sampleConfigLoadsWithEverySecurityModeAndMonitoringField() {
        Plant plant = PlantFile.load(SAMPLE);

        OpcUaConnection none = plant.opcua().get(0);
        assertThat(none.securityPolicy()).isEqualTo(SecurityPolicy.NONE);
        assertThat(none.maxItemsPerSubscription()).isEqualTo(1000);
        assertThat(none.nodeRetrySeconds()).isEqualTo(60);
        assertThat(none.retryQueueSamples()).isEqualTo(OpcUaConnection.DEFAULT_RETRY_QUEUE_SAMPLES);
        assertThat(none.monitoring()).isEqualTo(new Monitoring(500, 10, true, DataChangeTrigger.STATUS_VALUE_TIMESTAMP, DeadbandType.NONE, 0.0));
        OpcUaConnection user = plant.opcua().get(1);
        assertThat(user.securityMode()).isEqualTo(SecurityMode.SIGN_AND_ENCRYPT);
        assertThat(user.username()).isEqualTo("plantproof");
        assertThat(user.maxItemsPerSubscription()).isEqualTo(500);
        assertThat(user.retryQueueSamples()).isEqualTo(2_000_000);
        OpcUaConnection x509 = plant.opcua().get(2);
        assertThat(x509.userCertificate()).isEqualTo(new KeyStoreEntry("certs/plantproof-user.p12", "change-me", "plantproof-user"));
        assertThat(x509.applicationCertificate().alias()).isNull();
        assertThat(x509.pkiDir()).isEqualTo("/etc/plantproof/opcua-pki");
        assertThat(x509.monitoring()).isEqualTo(new Monitoring(1000, 10, true, DataChangeTrigger.STATUS_VALUE, DeadbandType.ABSOLUTE, 0.5));
        assertThat(plant.opcua()).allSatisfy(c -> assertThat(c.problems()).isEmpty());

        Monitoring power = plant.equipment("CNC-01").orElseThrow().signal(SignalKind.POWER).opcua().monitoring();
        assertThat(power.over(user.monitoring())).isEqualTo(new Monitoring(200, 50, true, DataChangeTrigger.STATUS_VALUE, DeadbandType.ABSOLUTE, 0.1));
        assertThat(plant.equipment("CNC-01").orElseThrow().signal(SignalKind.STATE).opcua().monitoring()).isNull();
    }

    @Test
    void bundleSnapshotCarriesNoPasswords() {
        Plant plant = PlantFile.load(SAMPLE).withoutSecrets();

        assertThat(plant.opcua().get(1).password()).isNull();
        assertThat(plant.opcua().get(2).userCertificate()).isEqualTo(new KeyStoreEntry("certs/plantproof-user.p12", null, "plantproof-user"));
        assertThat(plant.opcua().get(2).applicationCertificate().password()).isNull();
        assertThat(new String(PlantFile.toJson(plant))).doesNotContain("change-me");
    }

    @Test
    void unusableSettingsStopTheConnectorNamingTheField() {
        Plant plant = PlantFile.load(SAMPLE);
        OpcUaConnection base = plant.opcua().get(1);
        OpcUaConnection noneWithSign = new OpcUaConnection("mixed", base.endpoint(), SecurityPolicy.NONE, SecurityMode.SIGN,
                null, null, null, null, null);
        OpcUaConnection hugeQueue = new OpcUaConnection("queue", base.endpoint(), null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, 50_000_000);
        OpcUaConnection badPercent = new OpcUaConnection("pct", base.endpoint(), null, null, null, null, null, null, 0,
                null, null, DeadbandType.PERCENT, 120.0, null, null, null, null, null, null);

        assertThatThrownBy(() -> connector(plant, noneWithSign)).hasMessageContaining("opcua connection 'mixed'.securityMode "
                + "is Sign with securityPolicy None: policy None goes with mode None only");
        assertThatThrownBy(() -> connector(plant, hugeQueue)).hasMessageContaining("opcua connection 'queue'.retryQueueSamples "
                + "is 50000000; it must be between 1 and 20000000");
        assertThatThrownBy(() -> connector(plant, badPercent)).hasMessageContaining("'pct'.queueSize is 0; it must be between 1 and 10000")
                .hasMessageContaining("'pct'.deadbandValue is 120.0; it must be between 0 and 100");
    }

    private static OpcUaConnector connector(Plant plant, OpcUaConnection connection) {
        return new OpcUaConnector(plant, connection, batch -> {
        }, Path.of("data"), new SimpleMeterRegistry());
    }
}
