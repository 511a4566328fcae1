package io.plantproof.cli;

import io.plantproof.collector.Connectors;
import io.plantproof.collector.DataDir;
import io.plantproof.metrics.Period;
import io.plantproof.web.WebApp;
import io.plantproof.web.WebContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code plantproof serve}: the collector and the REST API in one process, for small plants.
 * Periods default to the last 30 days against the same days a year earlier.
 */
final class Serve {

    private final PrintStream out;
    private final PrintStream err;

    Serve(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> argv) {
        Args args = new Args(argv, Set.of("config", "port", "baseline", "current"), Set.of());
        Commands.Config config = Commands.Config.load(args.required("config"));
        LocalDate today = LocalDate.now(config.plant().zone());
        Period current = args.get("current") != null ? Period.parse(args.get("current")) : new Period(today.minusDays(29), today);
        Period baseline = args.get("baseline") != null ? Period.parse(args.get("baseline"))
                : new Period(current.from().minusYears(1), current.to().minusYears(1));
        int port;
        try {
            port = Integer.parseInt(args.get("port") == null ? "8787" : args.get("port"));
        } catch (NumberFormatException e) {
            throw new UsageException("--port must be a number");
        }
        try (DataDir data = DataDir.open(config.dataDir(), config.plant());
             Connectors connectors = data.connectors(config.plant()).start();
             ConfigurableApplicationContext web = WebApp.start(new WebContext(config.plant(), data, connectors, baseline, current), port)) {
            String url = WebApp.url(web);
            out.println("REST API at " + url + "/api/indicators, health at " + url + "/actuator/health, metrics at "
                    + url + "/actuator/metrics; collector key "
                    + data.key().fingerprint() + "; Ctrl-C stops");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
