package io.plantproof.cli;

import io.plantproof.tlog.TrustPolicy;
import io.plantproof.witness.Witness;
import io.plantproof.witness.WitnessServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;

/**
 * {@code plantproof witness}: the witness an office runs (c2sp.org/tlog-witness, docs/trust.md). It cosigns the
 * checkpoints of the collectors listed in {@code --logs} as long as each extends the last it cosigned, until stopped.
 */
@Command(name = "witness", description = "run a checkpoint witness for registered collectors (c2sp.org/tlog-witness)")
final class WitnessCommand extends PlantCommand {

    @Option(names = "--state", paramLabel = "DIR", required = true, description = "the witness's key and the latest checkpoint of each log")
    Path state;

    @Option(names = "--name", paramLabel = "NAME", required = true, description = "the witness's key name, e.g. witness.jxj.example/w1")
    String name;

    @Option(names = "--logs", paramLabel = "FILE", required = true,
            description = "tlog-policy file whose log lines are the registered collector keys")
    Path logs;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8788",
            description = "address to listen on (default: ${DEFAULT-VALUE}); other than loopback needs --https-keystore")
    String listen;

    @Option(names = "--https-keystore", paramLabel = "F.p12", description = "PKCS#12 key store with the HTTPS certificate")
    Path keyStore;

    @Option(names = "--https-password-env", paramLabel = "VAR", description = "environment variable holding the key store password")
    String passwordVariable;

    @Override
    public Integer call() throws InterruptedException {
        TrustPolicy policy = EvidenceCommands.policy(logs);
        if (policy.logs().isEmpty()) {
            throw new UsageException("--logs " + logs + " lists no collector ('log <vkey>' lines): the witness would cosign nothing");
        }
        Witness witness = new Witness(state, name, policy.logs().stream().map(TrustPolicy.Log::key).toList(), InstantSource.system());
        try (WitnessServer server = WitnessServer.start(witness, address(listen), tls())) {
            err().println("witness " + name + " at " + server.url() + " for " + policy.logs().size() + " collector log(s); its key "
                    + "for plant files and policies:\n" + witness.cosignerKey().vkey() + "\nCtrl-C stops");
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return 0;
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new UsageException("--listen " + hostPort + " is not HOST:PORT");
        }
    }

    private WitnessServer.Tls tls() {
        if (keyStore == null) {
            return null;
        }
        String password = passwordVariable == null ? null : System.getenv(passwordVariable);
        if (password == null) {
            throw new UsageException("--https-keystore needs --https-password-env naming a set environment variable");
        }
        return new WitnessServer.Tls(keyStore, password.toCharArray());
    }
}
