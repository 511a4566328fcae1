package io.plantproof.cli;

import io.plantproof.plant.EvidenceConfig;
import io.plantproof.sim.tsa.SimTsa;
import io.plantproof.tlog.NoteKey;
import io.plantproof.witness.Witness;
import io.plantproof.witness.WitnessServer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * The reviewer's office as the demo (and tests) run it in-process: a real witness over HTTP on loopback and a
 * simulated time-stamp authority, both on the given clock, and the reviewer's trust policy naming them.
 */
final class DemoOffice implements AutoCloseable {

    static final String WITNESS = "witness.demo.plantproof/w1";
    static final String WITNESS_ID = "office-witness";
    static final String TSA_ID = "simulated-tsa";

    private final Witness witness;
    private final WitnessServer server;
    private final SimTsa tsa;

    /** @param logs the collector keys the office registered (each named by its log's origin) */
    DemoOffice(Path dir, List<NoteKey> logs, SimTsa.Algorithm algorithm, Supplier<Instant> clock) {
        this.witness = new Witness(dir.resolve("witness"), WITNESS, logs, clock::get);
        this.server = WitnessServer.start(witness, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), null);
        this.tsa = SimTsa.start(algorithm, clock);
    }

    Witness witness() {
        return witness;
    }

    WitnessServer server() {
        return server;
    }

    /** The plant file's {@code evidence} section pointing at this witness and TSA. */
    EvidenceConfig evidence(String collectorId) {
        return new EvidenceConfig(collectorId, new EvidenceConfig.Witness(server.url(), witness.cosignerKey().vkey()),
                new EvidenceConfig.Timestamp(tsa.url(), null));
    }

    /** The reviewer's policy: the registered collector key for its origin, this witness as the quorum, this TSA's root. */
    String policy(NoteKey collector) {
        return "# trust policy of the reviewer (c2sp.org/tlog-policy; the tsa line is PlantProof's, docs/trust.md)\n"
                + "log " + collector.vkey() + "\n"
                + "witness " + WITNESS_ID + " " + witness.cosignerKey().vkey() + " " + server.url() + "\n"
                + "quorum " + WITNESS_ID + "\n"
                + "tsa " + TSA_ID + " " + Base64.getEncoder().encodeToString(tsa.rootCertificate()) + "\n";
    }

    @Override
    public void close() {
        server.close();
        tsa.close();
    }
}
