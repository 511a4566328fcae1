package io.plantproof.opcua;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.plantproof.sample.Provenance;
import io.plantproof.sample.Sample;
import io.plantproof.sample.SampleBatch;
import io.plantproof.sample.SampleSink;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches a sink refuses: held and handed over in order once it accepts again, newer batches queued behind held ones
 * even when the sink would take them, and past the bound the oldest dropped, counted and reported with their time range.
 */
class RetryQueueTest {

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(RetryQueue.class);

    @BeforeEach
    void captureLog() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(logged);
    }

    @Test
    void refusedBatchesArriveInOrderOnceTheSinkAcceptsAgain() {
        RefusingSink sink = new RefusingSink();
        List<SampleBatch> sent = IntStream.range(0, 50).mapToObj(i -> batch(i, 3)).toList();
        try (RetryQueue queue = new RetryQueue(sink, 1_000, "line1")) {
            sink.refusing.set(true);
            sent.forEach(queue::offer);
            assertThat(queue.heldSamples()).isEqualTo(150);
            assertThat(queue.heldBatches()).isEqualTo(50);
            assertThat(sink.accepted).isEmpty();

            sink.refusing.set(false);

            await(() -> queue.heldBatches() == 0, "the held batches to be handed over");
            assertThat(sink.accepted).containsExactlyElementsOf(sent);
            assertThat(queue.refusals()).as("the first batch and the retries; the others were never offered to the sink")
                    .isPositive().isLessThan(50);
            assertThat(queue.lostSamples()).isZero();
        }
    }

    @Test
    void newerBatchesQueueBehindHeldOnesEvenWhenTheSinkWouldTakeThem() {
        RefusingSink sink = new RefusingSink();
        sink.refuseOnce.set(true);
        try (RetryQueue queue = new RetryQueue(sink, 1_000, "line1")) {
            SampleBatch older = batch(0, 2);
            SampleBatch newer = batch(1, 2);
            queue.offer(older);
            queue.offer(newer);

            await(() -> sink.accepted.size() == 2, "both batches");
            assertThat(sink.accepted).containsExactly(older, newer);
            assertThat(queue.refusals()).isEqualTo(1);
        }
    }

    @Test
    void overTheBoundTheOldestAreDroppedCountedAndReportedWithTheirTimeRange() {
        RefusingSink sink = new RefusingSink();
        sink.refusing.set(true);
        List<SampleBatch> sent = IntStream.range(0, 5).mapToObj(i -> batch(i, 4)).toList();
        RetryQueue queue = new RetryQueue(sink, 10, "line1");
        sent.forEach(queue::offer);

        // 20 samples offered, 10 may be held: three 4-sample batches go, two stay.
        assertThat(queue.lostSamples()).isEqualTo(12);
        assertThat(queue.heldSamples()).isEqualTo(8);
        assertThat(errors()).first().asString()
                .contains("OPC UA line1: LOST 4 samples stamped 1970-01-01T00:00:00Z .. 1970-01-01T00:00:00.003Z")
                .contains("over its bound of 10 samples (retryQueueSamples)");

        sink.refusing.set(false);
        await(() -> queue.heldBatches() == 0, "the two held batches");
        queue.close();

        assertThat(sink.accepted).containsExactlyElementsOf(sent.subList(3, 5));
        assertThat(errors()).hasSize(2).last().asString().contains("LOST 8 samples stamped 1970-01-01T00:00:01Z .. 1970-01-01T00:00:02.003Z")
                .contains("12 samples lost since start");
    }

    @Test
    void whatTheSinkStillRefusesAtCloseIsReportedLost() {
        RefusingSink sink = new RefusingSink();
        sink.refusing.set(true);
        RetryQueue queue = new RetryQueue(sink, 1_000, "line1");
        queue.offer(batch(0, 5));

        queue.close();

        assertThat(queue.lostSamples()).isEqualTo(5);
        assertThat(errors()).singleElement().asString().contains("LOST 5 samples").contains("the connection closed");
    }

    private List<String> errors() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.ERROR).map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Batch {@code n}: {@code size} samples stamped n seconds after the epoch plus 0, 1, 2 … ms. */
    private static SampleBatch batch(int n, int size) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            samples.add(new Sample("L0000", "v" + i, n * 1_000L + i, n, 0, Provenance.MEASURED));
        }
        return new SampleBatch("opcua:line1", samples);
    }

    private static void await(BooleanSupplier condition, String what) {
        Awaitility.await(what).atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .until(condition::getAsBoolean);
    }

    /** A sink refusing as a full ledger does (a runtime exception, nothing kept) while told to. */
    private static final class RefusingSink implements SampleSink {

        final AtomicBoolean refusing = new AtomicBoolean();
        final AtomicBoolean refuseOnce = new AtomicBoolean();
        final List<SampleBatch> accepted = new CopyOnWriteArrayList<>();

        @Override
        public void accept(SampleBatch batch) {
            if (refusing.get() || refuseOnce.getAndSet(false)) {
                throw new IllegalStateException("ledger backlog reached its bound; batch refused");
            }
            accepted.add(batch);
        }
    }
}
