package io.plantproof.anchoring;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plantproof.evidence.LogOrigin;
import io.plantproof.ledger.CollectorKey;
import io.plantproof.ledger.EvidenceLog;
import io.plantproof.ledger.Ledger;
import io.plantproof.plant.EvidenceConfig;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.tlog.Cosignature;
import io.plantproof.tlog.Note;
import io.plantproof.tlog.NoteKey;
import io.plantproof.tlog.TreeHead;
import io.plantproof.witness.Witness;
import io.plantproof.witness.WitnessServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collector keeps submitting a checkpoint while the witness is down, backing off, and gets it cosigned once
 * the witness is up; nothing is lost in between because the checkpoint waits in the evidence log folder.
 */
class AnchorQueueTest {

    @TempDir
    Path dir;

    @Test
    void aCheckpointSignedWhileTheWitnessIsDownIsCosignedOnceItIsUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        LogOrigin origin = new LogOrigin("91330602MA2D000001", "line-1");
        CollectorKey key = CollectorKey.loadOrCreate(dir.resolve("keys"));
        Witness witness = new Witness(dir.resolve("witness"), "witness.test/w1",
                List.of(NoteKey.ed25519(origin.text(), key.publicKey())), java.time.InstantSource.system());
        Instant day = Instant.parse("2025-03-01T00:00:00Z");
        try (Ledger ledger = Ledger.open(dir.resolve("ledger"))) {
            ledger.append(new SampleBatch("test", List.of(new Sample("press-1", "power", day.toEpochMilli(), 1.5, 0, Provenance.MEASURED))));
            EvidenceLog log = new EvidenceLog(dir.resolve("evidence"), ZoneId.of("Asia/Shanghai"), ledger, key, origin);
            log.seal(day.plusSeconds(86_400));
            long size = TreeHead.parse(log.checkpoint(day.plusSeconds(86_400)).text()).size();
            Anchoring anchoring = new Anchoring(log, new EvidenceConfig("line-1",
                    new EvidenceConfig.Witness("http://127.0.0.1:" + port, witness.cosignerKey().vkey()), null));
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (AnchorQueue queue = new AnchorQueue(anchoring, meters)) {
                queue.signed(size, true);
                assertThat(queue.pending()).as("the witness is down: the checkpoint waits").isEqualTo(1);
                assertThat(meters.get("plantproof.evidence.anchoring.pending").gauge().value()).isEqualTo(1.0);
                try (WitnessServer server = WitnessServer.start(witness, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), null)) {
                    long deadline = System.nanoTime() + 60_000_000_000L;
                    while (queue.pending() > 0 && System.nanoTime() < deadline) {
                        Thread.sleep(200);
                    }
                    assertThat(queue.pending()).as("retried until the witness answered").isZero();
                    assertThat(meters.get("plantproof.evidence.anchoring.pending").gauge().value()).isZero();
                    Note note = log.checkpoint(size).orElseThrow();
                    assertThat(Cosignature.verify(note, witness.cosignerKey()).check()).isEqualTo(Note.Check.VALID);
                }
            }
        }
    }

}
