package io.plantproof.web;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The REST API and Actuator endpoints on loopback: live indicators against the rule thresholds,
 * health of the connectors, the ledger, the store and the data folder's disk, and the collector's Micrometer meters.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan
public class WebApp {

    /** Free space on the data folder's disk below which health is DOWN. */
    static final String MIN_FREE_DISK = "2GB";

    /** Starts the app on 127.0.0.1 ({@code port} 0 picks a free one); close the context to stop it. */
    public static ConfigurableApplicationContext start(WebContext context, int port) {
        // logging stays with the launcher's logback.xml instead of being re-initialised by Spring Boot
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        return new SpringApplicationBuilder(WebApp.class)
                .properties("server.address=127.0.0.1", "server.port=" + port, "spring.main.banner-mode=off",
                        "management.endpoints.web.exposure.include=health,metrics",
                        "management.endpoint.health.show-details=always",
                        // the data folder's disk, DOWN well before ledger appends fail and connectors stop acknowledging
                        "management.health.diskspace.path=" + context.data().root().toAbsolutePath(),
                        "management.health.diskspace.threshold=" + MIN_FREE_DISK)
                .initializers(app -> {
                    GenericApplicationContext ctx = (GenericApplicationContext) app;
                    ctx.registerBean(WebContext.class, () -> context);
                    // the registry the connectors already report to, so Actuator shows their meters
                    ctx.registerBean(MeterRegistry.class, () -> context.data().meters());
                })
                .run();
    }

    /** The URL the app listens on. */
    public static String url(ConfigurableApplicationContext app) {
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    @Bean
    HealthIndicator connectors(WebContext context) {
        return () -> {
            if (context.connectors() == null) {
                return Health.unknown().withDetail("connectors", "not running in this process").build();
            }
            return (context.connectors().allConnected() ? Health.up() : Health.down())
                    .withDetail("status", context.connectors().status()).build();
        };
    }

    @Bean
    HealthIndicator ledger(WebContext context) {
        return () -> {
            var status = context.data().ledger().status();
            Health.Builder health = status.healthy() ? Health.up() : Health.down().withDetail("actions", status.actions());
            if (status.appendFailure() != null) {
                health.withDetail("error", status.appendFailure());
            }
            return health.withDetail("ledger", status).withDetail("collectorKey", context.data().key().fingerprint()).build();
        };
    }

    @Bean
    HealthIndicator store(WebContext context) {
        return () -> {
            var writer = context.data().writer();
            var quarantine = writer.quarantine();
            Health.Builder health = writer.lastError() == null ? Health.up() : Health.down().withDetail("error", writer.lastError());
            if (quarantine.count() > 0) {
                health.withDetail("quarantinedSamples", quarantine.count()).withDetail("lastQuarantined", quarantine.last())
                        .withDetail("quarantine", "samples the store refuses for good; list them with plantproof ledger quarantine");
            }
            return health.withDetail("backlogRecords", writer.backlog()).build();
        };
    }
}
