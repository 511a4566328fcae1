package io.plantproof.cli;

import io.plantproof.anchoring.Anchoring;
import io.plantproof.collector.DataDir;
import io.plantproof.evidence.BundleBuilder;
import io.plantproof.evidence.LogOrigin;
import io.plantproof.ledger.CollectorKey;
import io.plantproof.metrics.Period;
import io.plantproof.plant.EvidenceConfig;
import io.plantproof.plant.Plant;
import io.plantproof.sample.Provenance;
import io.plantproof.sim.tsa.SimTsa;
import io.plantproof.tlog.TreeHead;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static io.plantproof.cli.SmallBundle.DEVICES;
import static io.plantproof.cli.SmallBundle.PLANT;
import static io.plantproof.cli.SmallBundle.fill;
import static io.plantproof.cli.SmallBundle.justAfter;
import static io.plantproof.cli.SmallBundle.plantproof;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dishonest applicant's attacks on time, with the collector's own key: last year's telemetry recorded today and
 * presented as the baseline (forgery d of issue #13), evidence newer than every anchor, and a forked log. A real witness
 * and TSA anchor an honest current period as it closes; the plant files the first checkpoint with the office.
 */
class TrustModelTest {

    @TempDir
    static Path dir;
    static ZoneId zone = PLANT.zone();
    static Period current;
    static Path policy;
    static Path filed;
    static Path forgedMeasured;
    static Path newerThanAnchors;
    static Path honestImport;
    static String forkProblem;
    static Path forkBundle;
    static Path forkFiled;

    @BeforeAll
    static void aPlantThatAnchorsItsCurrentPeriodThenRecordsABaselineToday() throws IOException {
        LocalDate yesterday = LocalDate.now(zone).minusDays(1);
        current = new Period(yesterday.minusDays(1), yesterday);
        CollectorKey key = CollectorKey.loadOrCreate(dir.resolve("data/keys"));
        LogOrigin origin = LogOrigin.of(PLANT.enterprise(), SmallBundle.COLLECTOR);
        try (AnchorFixture office = new AnchorFixture(dir.resolve("office"), List.of(AnchorFixture.logKey(origin, key.publicKey())),
                SimTsa.Algorithm.RSA)) {
            Plant anchored = office.plant(PLANT, SmallBundle.COLLECTOR);
            policy = office.policy(AnchorFixture.logKey(origin, key.publicKey()), dir.resolve("policy.txt"));
            try (DataDir data = DataDir.open(dir.resolve("data"), anchored)) {
                fill(data, new Period(current.from(), current.from()), zone, false);
                long size = office.sealAndAnchor(data, justAfter(current.from(), zone));
                filed = AnchorFixture.file(data, size, dir.resolve("filed.note"));
                fill(data, new Period(current.to(), current.to()), zone, false);
                office.sealAndAnchor(data, justAfter(current.to(), zone));
                // today: last year's telemetry appended as if measured then, and anchored now by the builder
                forgedMeasured = build(data, anchored, baseline(1), Provenance.MEASURED, "forged-measured.zip");
                // the same done honestly: the export of last year's telemetry, imported as IMPORTED
                honestImport = build(data, anchored, baseline(2), Provenance.IMPORTED, "honest-import.zip");
            }
            // a build that leaves its own checkpoint unanchored: the newest chunks are in no anchored checkpoint
            try (DataDir data = DataDir.open(dir.resolve("data"), PLANT.withEvidence(new EvidenceConfig(SmallBundle.COLLECTOR, null, null)))) {
                newerThanAnchors = build(data, PLANT, baseline(3), Provenance.MEASURED, "newer-than-anchors.zip");
            }
            fork(office);
        }
    }

    /** A baseline day {@code n} days before the one a year before the current period. */
    private static Period baseline(int n) {
        LocalDate day = current.from().minusYears(1).minusDays(n);
        return new Period(day, day);
    }

    private static Path build(DataDir data, Plant plant, Period baseline, Provenance provenance, String name) {
        fill(data, baseline, zone, false, provenance);
        Path bundle = dir.resolve(name);
        new BundleBuilder(data, plant, s -> { }).build("digital-workshop", baseline, current, PeriodOptions.workshops(PLANT, null), bundle);
        return bundle;
    }

    /**
     * Two histories from one key: the honest log's first day was cosigned by the witness and filed; a second data
     * folder with the same key records that day differently and tries to have it witnessed, then builds a bundle.
     * (The witness's own 409/422 answers to a forked history are WitnessTest's.)
     */
    private static void fork(AnchorFixture office) throws IOException {
        Path forkData = dir.resolve("fork");
        Files.createDirectories(forkData.resolve("keys"));
        try (var keys = Files.list(dir.resolve("data/keys"))) {
            for (Path k : keys.filter(Files::isRegularFile).toList()) {
                Files.copy(k, forkData.resolve("keys").resolve(k.getFileName()));
            }
        }
        Plant anchored = office.plant(PLANT, SmallBundle.COLLECTOR);
        try (DataDir data = DataDir.open(forkData, anchored)) {
            fill(data, new Period(current.from(), current.from()), zone, false, Provenance.IMPORTED);
            office.now.set(justAfter(current.from(), zone));
            data.evidence().seal(justAfter(current.from(), zone));
            long size = TreeHead.parse(data.evidence().checkpoint(justAfter(current.from(), zone)).text()).size();
            Anchoring.Attempt attempt = data.anchoring().anchor(size, false);
            office.now.set(null);
            assertThat(attempt.done()).isFalse();
            forkProblem = attempt.problem();
            forkBundle = dir.resolve("fork.zip");
            new BundleBuilder(data, anchored, s -> { }).build("digital-workshop", baseline(4), new Period(current.from(), current.from()),
                    PeriodOptions.workshops(PLANT, null), forkBundle);
        }
        forkFiled = filed;
    }

    @Test
    void forgeryD_lastYearsTelemetryRecordedTodayAsMeasuredIsCaughtAsRecordedAfterTheFact() {
        SmallBundle.Run run = plantproof("evidence", "verify", forgedMeasured.toString(), "--policy", policy.toString(),
                "--checkpoints", filed.toString());
        assertThat(run.code()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).startsWith("VERIFICATION FAILED").containsPattern("PASS\\s+anchor\\s+--checkpoints " + filed)
                .containsPattern("FAIL\\s+time\\s+baseline " + baseline(1) + ": 2 of \\d+ chunk\\(s\\) claimed as MEASURED were recorded after "
                        + "their days, not collected at the time \\(first: (" + String.join("|", DEVICES) + ") " + baseline(1).from()
                        + ", first anchored by witness office-witness on \\S+ .*, 36\\d day\\(s\\) after that day")
                .containsPattern("PASS\\s+time\\s+current " + current + ": all 4 chunk\\(s\\) anchored within 2 days");
    }

    @Test
    void lastYearsTelemetryImportedTodayAsImportedIsVerifiedAndLabelledWithItsLedgerTime() {
        SmallBundle.Run run = plantproof("evidence", "verify", honestImport.toString(), "--policy", policy.toString(),
                "--checkpoints", filed.toString());
        assertThat(run.code()).as(run.all()).isZero();
        assertThat(run.out()).startsWith("VERIFIED").containsPattern("established:\\s+time, baseline " + baseline(2)
                + ": 2 of \\d+ chunk\\(s\\) hold IMPORTED data only and were first anchored by witness office-witness on \\S+ "
                + ".*after the period they claim: recorded after the fact, labelled IMPORTED \\(ledger time: sealed at");
    }

    @Test
    void baselineChunksNewerThanEveryAnchorAreReportedAsRecordedAfterThePeriod() {
        SmallBundle.Run run = plantproof("evidence", "verify", newerThanAnchors.toString(), "--policy", policy.toString());
        assertThat(run.code()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL\\s+time\\s+baseline " + baseline(3) + ": 2 of \\d+ chunk\\(s\\) claimed as MEASURED "
                + "were recorded after their days, not collected at the time \\(first: \\S+ " + baseline(3).from() + ", recorded after "
                + "\\S+, 36\\d day\\(s\\) after that day: witness office-witness .* does not contain it yet, and no anchor since does");
    }

    @Test
    void aForkedLogIsRefusedByTheWitnessAndByTheFiledCheckpoint() {
        // the witness has cosigned more of this log than the fork holds: refused before any proof is sent
        assertThat(forkProblem).containsPattern("has cosigned \\d+ leaves of " + LogOrigin.of(PLANT.enterprise(), SmallBundle.COLLECTOR)
                + " but this log holds only 2: the log was truncated or replaced");
        SmallBundle.Run run = plantproof("evidence", "verify", forkBundle.toString(), "--policy", policy.toString(),
                "--checkpoints", forkFiled.toString());
        assertThat(run.code()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL\\s+anchor\\s+--checkpoints " + forkFiled + " \\(size 2\\): NOT consistent with the "
                + "bundle's log: .*the log was rewritten or forked after this checkpoint was filed");
    }

    @Test
    void aBundleOlderThanAFiledCheckpointIsRefused() {
        // the fork's bundle has 2 leaves; the honest log's latest checkpoint, filed, has more: a log cut back and rewritten
        SmallBundle.Run run = plantproof("evidence", "verify", forkBundle.toString(), "--policy", policy.toString(),
                "--checkpoints", latestHonestCheckpoint().toString());
        assertThat(run.code()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL\\s+anchor\\s+--checkpoints .* \\(size \\d+\\): the bundle's log has only \\d+ leaves, "
                + "fewer than this filed checkpoint");
    }

    private static Path latestHonestCheckpoint() {
        try (var files = Files.list(dir.resolve("data/evidence/checkpoints"))) {
            return files.filter(p -> p.toString().endsWith(".note")).max(Path::compareTo).orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
