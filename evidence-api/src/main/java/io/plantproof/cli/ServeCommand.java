package io.plantproof.cli;

import io.plantproof.collector.Connectors;
import io.plantproof.collector.DataDir;
import io.plantproof.metrics.Period;
import io.plantproof.web.WebApp;
import io.plantproof.web.WebContext;

import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.LocalDate;
import java.util.concurrent.CountDownLatch;

/**
 * {@code plantproof serve}: the collector and the REST API in one process, for small plants.
 * Periods default to the last 30 days against the same days a year earlier.
 */
@Command(name = "serve", description = "collect and serve the REST API (/api/indicators) and Actuator (/actuator/health, /actuator/metrics)")
final class ServeCommand extends PlantCommand {

    @Mixin
    PlantFileOption config;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8787", description = "HTTP port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--baseline", paramLabel = "A..B", description = "baseline period of the indicators (default: the current period a year earlier)")
    Period baseline;

    @Option(names = "--current", paramLabel = "C..D", description = "current period of the indicators (default: the last 30 days)")
    Period current;

    @Override
    public Integer call() throws InterruptedException {
        PlantConfig config = this.config.load();
        LocalDate today = LocalDate.now(config.plant().zone());
        Period current = this.current != null ? this.current : new Period(today.minusDays(29), today);
        Period baseline = this.baseline != null ? this.baseline
                : new Period(current.from().minusYears(1), current.to().minusYears(1));
        try (DataDir data = DataDir.open(config.dataDir(), config.plant());
             Connectors connectors = data.connectors(config.plant()).start();
             ConfigurableApplicationContext web = WebApp.start(new WebContext(config.plant(), data, connectors, baseline, current), port)) {
            String url = WebApp.url(web);
            out().println("REST API at " + url + "/api/indicators, health at " + url + "/actuator/health, metrics at "
                    + url + "/actuator/metrics; collector key " + data.key().fingerprint() + "; Ctrl-C stops");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }
}
