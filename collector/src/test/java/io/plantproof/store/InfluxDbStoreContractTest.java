package io.plantproof.store;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.domain.Bucket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.InfluxDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store contract against a real InfluxDB 2.7 in a container, one fresh bucket per test.
 * Skipped (not failed) where no Docker engine is reachable, as on the build machine. The tests and their
 * assertions are inherited from {@link SampleStoreContract}, which QuestDbStoreTest runs here too.
 */
@Testcontainers(disabledWithoutDocker = true)
class InfluxDbStoreContractTest extends SampleStoreContract {

    private static final String TOKEN = "plantproof-test-token";
    private static final String ORG = "plant";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @Container
    static final InfluxDBContainer<?> INFLUX = new InfluxDBContainer<>(DockerImageName.parse("influxdb:2.7"))
            .withAdminToken(TOKEN).withOrganization(ORG).withBucket("setup");

    private static InfluxDBClient admin;

    @BeforeAll
    static void connectAdmin() {
        admin = InfluxDBClientFactory.create(INFLUX.getUrl(), TOKEN.toCharArray(), ORG);
    }

    @AfterAll
    static void closeAdmin() {
        admin.close();
    }

    @Override
    SampleStore openEmptyStore() {
        String orgId = admin.getOrganizationsApi().findOrganizations().stream()
                .filter(o -> o.getName().equals(ORG)).findFirst().orElseThrow().getId();
        Bucket bucket = admin.getBucketsApi().createBucket("contract-" + BUCKETS.incrementAndGet(), orgId);
        return InfluxDbStore.connect(InfluxDbStore.Settings.of(INFLUX.getUrl(), TOKEN, ORG, bucket.getName()));
    }
}
