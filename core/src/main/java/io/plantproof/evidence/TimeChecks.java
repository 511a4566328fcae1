package io.plantproof.evidence;

import io.plantproof.evidence.VerificationReport.Check;
import io.plantproof.evidence.VerificationReport.Result;
import io.plantproof.metrics.Period;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * When the evidence of each period was recorded, as far as anchors outside the applicant show: for every chunk in
 * scope, the earliest anchor whose checkpoint already contains its leaf. A chunk anchored within {@link #GRACE} of
 * the end of its day was recorded at the time. Later, it was recorded after the fact: IMPORTED data is labelled so
 * with its ledger time (an honest baseline imported from exports), while data claimed as MEASURED FAILs, because the
 * statement presents it as collected at the time. A chunk no anchor covers leaves the time not established.
 */
final class TimeChecks {

    /** The daily seal runs after midnight and anchors follow it; two days leave room for a witness or TSA outage. */
    static final Duration GRACE = Duration.ofDays(2);

    private final ZoneId zone;
    /** Anchors by tree size, ascending, with the earliest from each position on and the latest up to each position. */
    private final List<Anchor> bySize;
    private final Anchor[] earliestFrom;
    private final Anchor[] latestUpTo;
    private final Function<Leaf, byte[]> chunk;

    /** @param chunk the bytes of a leaf's chunk, already verified, read only for chunks anchored late */
    TimeChecks(ZoneId zone, List<Anchor> anchors, Function<Leaf, byte[]> chunk) {
        this.zone = zone;
        this.bySize = anchors.stream().sorted(Comparator.comparingLong(Anchor::treeSize)).toList();
        this.earliestFrom = new Anchor[bySize.size() + 1];
        this.latestUpTo = new Anchor[bySize.size() + 1];
        // on equal times the anchor found first (a checkpoint's witness before its time-stamp) is named, so reports are stable
        for (int i = bySize.size() - 1; i >= 0; i--) {
            Anchor a = bySize.get(i);
            earliestFrom[i] = earliestFrom[i + 1] == null || !a.time().isAfter(earliestFrom[i + 1].time()) ? a : earliestFrom[i + 1];
        }
        for (int i = 0; i < bySize.size(); i++) {
            Anchor a = bySize.get(i);
            latestUpTo[i + 1] = latestUpTo[i] == null || a.time().isAfter(latestUpTo[i].time()) ? a : latestUpTo[i];
        }
        this.chunk = chunk;
    }

    /** How many anchors have a checkpoint too small to contain leaf {@code index} (they are first in {@link #bySize}). */
    private int notContaining(long index) {
        int lo = 0;
        int hi = bySize.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (bySize.get(mid).treeSize() <= index) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** A check per named period over the chunks whose days it reads (the day before it too: states hold across midnight). */
    List<Check> check(Map<String, Period> periods, List<Leaf> withChunk, Period current) {
        List<Check> out = new ArrayList<>();
        for (var p : periods.entrySet()) {
            Period period = p.getValue();
            List<Leaf> leaves = withChunk.stream()
                    .filter(l -> !l.day().isBefore(period.from().minusDays(1)) && !l.day().isAfter(period.to())).toList();
            out.add(check(p.getKey() + " " + period, leaves, p.getKey().equals("baseline") ? current : null));
        }
        return out;
    }

    /** The earliest anchor containing leaf {@code index}, or {@code null}. */
    Anchor firstAnchor(long index) {
        return earliestFrom[notContaining(index)];
    }

    /**
     * The latest anchor whose checkpoint does not contain leaf {@code index} yet, or {@code null}: the log is append-only
     * and the anchor's checkpoint is a prefix of the bundle's, so the leaf was recorded after that anchor's time.
     */
    Anchor lastAnchorWithout(long index) {
        return latestUpTo[notContaining(index)];
    }

    private Check check(String subject, List<Leaf> leaves, Period after) {
        if (leaves.isEmpty()) {
            return new Check(CheckKind.TIME, subject, Result.PASS, "no evidence chunks in this period");
        }
        List<Leaf> unanchored = new ArrayList<>();
        List<Leaf> measuredLate = new ArrayList<>();
        List<Leaf> importedLate = new ArrayList<>();
        Anchor last = null;
        Anchor lastLate = null;
        for (Leaf leaf : leaves) {
            Anchor first = firstAnchor(leaf.index());
            Anchor without = first == null ? lastAnchorWithout(leaf.index()) : null;
            boolean late = first != null ? first.time().isAfter(deadline(leaf.day()))
                    : without != null && without.time().isAfter(deadline(leaf.day()));
            if (late && claimsMeasured(leaf)) {
                measuredLate.add(leaf);
            } else if (first == null) {
                unanchored.add(leaf);
            } else if (late) {
                importedLate.add(leaf);
                lastLate = lastLate == null || first.time().isAfter(lastLate.time()) ? first : lastLate;
            }
            if (first != null && (last == null || first.time().isAfter(last.time()))) {
                last = first;
            }
        }
        String sealed = sealedRange(leaves);
        if (!measuredLate.isEmpty()) {
            Leaf l = measuredLate.get(0);
            return new Check(CheckKind.TIME, subject, Result.FAIL, measuredLate.size() + " of " + leaves.size()
                    + " chunk(s) claimed as MEASURED were recorded after their days, not collected at the time (first: "
                    + l.device() + " " + l.day() + ", " + whenRecorded(l) + "); " + sealed);
        }
        if (!unanchored.isEmpty()) {
            Leaf l = unanchored.get(0);
            Anchor without = lastAnchorWithout(l.index());
            return new Check(CheckKind.TIME, subject, Result.UNVERIFIABLE, unanchored.size() + " of " + leaves.size()
                    + " chunk(s) are in no checkpoint a trusted anchor covers: when they were recorded is not established"
                    + (without == null ? "" : " (first: " + l.device() + " " + l.day() + ", " + whenRecorded(l) + ")")
                    + "; " + sealed + " by the collector's own clock");
        }
        if (!importedLate.isEmpty()) {
            return new Check(CheckKind.TIME, subject, Result.PASS, importedLate.size() + " of " + leaves.size()
                    + " chunk(s) hold IMPORTED data only and were first anchored by " + lastLate.describe()
                    + ", after the period they claim: recorded after the fact, labelled IMPORTED (ledger time: " + sealed + ")"
                    + (importedLate.size() < leaves.size() ? "; the other chunks were anchored at the time" : ""));
        }
        return new Check(CheckKind.TIME, subject, Result.PASS, "all " + leaves.size() + " chunk(s) anchored within "
                + GRACE.toDays() + " days of their days, the last by " + last.describe() + beforeCurrent(last, after)
                + ": recorded at the time");
    }

    /** What the anchors say about when a leaf was recorded, relative to its day. */
    private String whenRecorded(Leaf leaf) {
        Anchor first = firstAnchor(leaf.index());
        if (first != null) {
            return "first anchored by " + first.describe() + ", " + days(leaf.day(), first.time()) + " day(s) after that day"
                    + backdated(leaf, first);
        }
        Anchor without = lastAnchorWithout(leaf.index());
        return "recorded after " + without.time() + ", " + days(leaf.day(), without.time()) + " day(s) after that day: "
                + without.describe() + " does not contain it yet, and no anchor since does";
    }

    /** The latest time a chunk of this day may be first anchored and still count as recorded at the time. */
    private Instant deadline(LocalDate day) {
        return day.plusDays(1).atStartOfDay(zone).toInstant().plus(GRACE);
    }

    private boolean claimsMeasured(Leaf leaf) {
        return Chunk.decode(chunk.apply(leaf), leaf.chunkPath()).samples().stream()
                .map(Sample::provenance).anyMatch(p -> p == Provenance.MEASURED);
    }

    private long days(LocalDate day, Instant anchored) {
        return Duration.between(day.plusDays(1).atStartOfDay(zone).toInstant(), anchored).toDays();
    }

    /** A seal time the anchors contradict: sealed, says the collector, long before any anchor saw the leaf. */
    private static String backdated(Leaf leaf, Anchor first) {
        return leaf.sealedAt().plus(GRACE).isBefore(first.time())
                ? "; its seal time " + leaf.sealedAt() + " is not supported by any anchor" : "";
    }

    private static String sealedRange(List<Leaf> leaves) {
        Instant from = leaves.stream().map(Leaf::sealedAt).min(Comparator.naturalOrder()).orElseThrow();
        Instant to = leaves.stream().map(Leaf::sealedAt).max(Comparator.naturalOrder()).orElseThrow();
        return "sealed " + (from.equals(to) ? "at " + from : "from " + from + " to " + to);
    }

    private String beforeCurrent(Anchor last, Period current) {
        return current != null && last.time().isBefore(current.from().atStartOfDay(zone).toInstant())
                ? ", before the current period began" : "";
    }
}
